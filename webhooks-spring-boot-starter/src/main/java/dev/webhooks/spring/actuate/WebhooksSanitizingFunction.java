package dev.webhooks.spring.actuate;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Masks the library's secrets in the {@code configprops} and {@code env} endpoints, whatever their
 * {@code show-values} setting: every {@code webhooks.*} property whose name ends in a secret-like word
 * ({@code webhooks.servers.<id>.secret}, {@code previous-secrets}, {@code signing-key}, {@code webhooks.realtime.pusher.secret}, and any
 * {@code password}, {@code token} or {@code credentials}), in every form Spring binds (kebab case, camel case,
 * indexed, environment variables such as {@code WEBHOOKS_SERVERS_BILLING_SECRET}), and the password of a
 * {@code webhooks.*} URL with user info ({@code https://user:******@host/}).
 * <p>
 * The Pusher app key ({@code webhooks.realtime.pusher.key}) is shown: browsers connect with it.
 */
public final class WebhooksSanitizingFunction implements SanitizingFunction {

	private static final Pattern SEPARATORS = Pattern.compile("[._\\-\\[\\]]+");

	private static final Pattern INDEX = Pattern.compile("\\d+");

	private static final List<String> SECRET_WORDS = List.of("secret", "password", "token", "credential");

	private static final Pattern URL_PASSWORD = Pattern.compile("^([a-z][a-z0-9+.\\-]*://[^/?#@:]*:)([^/?#@]+)(@)",
			Pattern.CASE_INSENSITIVE);

	@Override
	public SanitizableData apply(SanitizableData data) {
		String key = data.getLowerCaseKey();
		if (!key.startsWith("webhooks.") && !key.startsWith("webhooks_")) {
			return data;
		}
		if (isSecret(key)) {
			return data.withSanitizedValue();
		}
		if (data.getValue() instanceof CharSequence value) {
			Matcher url = URL_PASSWORD.matcher(value);
			if (url.find()) {
				return data.withValue(url.replaceFirst("$1" + Matcher.quoteReplacement(SanitizableData.SANITIZED_VALUE)
						+ "$3"));
			}
		}
		return data;
	}

	/** Whether the last word of the key, indexes left out, names a secret. */
	private static boolean isSecret(String key) {
		String[] words = SEPARATORS.split(key);
		for (int i = words.length - 1; i > 0; i--) {
			if (!words[i].isEmpty() && !INDEX.matcher(words[i]).matches()) {
				String word = words[i].toLowerCase(Locale.ROOT);
				// an ed25519 signing key (signing-key, signingKey, SIGNINGKEY) is secret; a public key is not
				boolean signingKey = word.contains("signingkey")
						|| (word.equals("key") && words[i - 1].toLowerCase(Locale.ROOT).equals("signing"));
				return signingKey || SECRET_WORDS.stream().anyMatch(word::contains);
			}
		}
		return false;
	}

}
