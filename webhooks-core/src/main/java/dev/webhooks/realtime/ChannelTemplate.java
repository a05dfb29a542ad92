package dev.webhooks.realtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A channel name with {@code {attribute}} placeholders, filled from an entity's pushed state.
 */
public final class ChannelTemplate {

	private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");

	/** What Pusher Channels accepts in a name; the built-in endpoint follows the same rule. */
	private static final Pattern VALID_NAME = Pattern.compile("[-a-zA-Z0-9_=@,.;]{1,164}");

	private final String template;

	private final List<String> attributes;

	private ChannelTemplate(String template, List<String> attributes) {
		this.template = template;
		this.attributes = attributes;
	}

	/**
	 * @throws IllegalArgumentException when the template is blank or has an empty or unclosed placeholder
	 */
	public static ChannelTemplate parse(String template) {
		if (template.isBlank()) {
			throw new IllegalArgumentException("a channel template is blank");
		}
		List<String> attributes = new ArrayList<>();
		Matcher matcher = PLACEHOLDER.matcher(template);
		while (matcher.find()) {
			String name = matcher.group(1).trim();
			if (name.isEmpty()) {
				throw new IllegalArgumentException("channel template '" + template + "' has an empty placeholder {}");
			}
			attributes.add(name);
		}
		String literal = PLACEHOLDER.matcher(template).replaceAll("x");
		if (literal.indexOf('{') >= 0 || literal.indexOf('}') >= 0) {
			throw new IllegalArgumentException("channel template '" + template + "' has an unclosed placeholder");
		}
		if (!isValidName(literal)) {
			throw new IllegalArgumentException("channel template '" + template + "' has characters a channel name "
					+ "cannot have; use letters, digits and - _ = @ , . ;");
		}
		return new ChannelTemplate(template, List.copyOf(attributes));
	}

	/** Whether a channel name is acceptable: 1 to 164 of letters, digits and {@code - _ = @ , . ;}. */
	public static boolean isValidName(String channel) {
		return VALID_NAME.matcher(channel).matches();
	}

	/** The attributes the placeholders name, in order. */
	public List<String> attributes() {
		return this.attributes;
	}

	/**
	 * Fills the placeholders from {@code state}.
	 * @return the channel name, or {@code null} when an attribute is {@code null} or its value would make an invalid
	 * channel name
	 */
	public @Nullable String resolve(Map<String, ?> state) {
		if (this.attributes.isEmpty()) {
			return this.template;
		}
		Matcher matcher = PLACEHOLDER.matcher(this.template);
		StringBuilder channel = new StringBuilder();
		while (matcher.find()) {
			Object value = state.get(matcher.group(1).trim());
			if (value == null) {
				return null;
			}
			matcher.appendReplacement(channel, Matcher.quoteReplacement(String.valueOf(value)));
		}
		matcher.appendTail(channel);
		String name = channel.toString();
		return isValidName(name) ? name : null;
	}

	@Override
	public String toString() {
		return this.template;
	}

}
