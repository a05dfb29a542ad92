package dev.webhooks.hooks.payload;

import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * Dotted paths into captured data, such as {@code address.city}.
 */
public final class FieldPaths {

	private static final Pattern PATH = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z0-9_]+)*");

	private FieldPaths() {
	}

	/** Whether the text is a dotted path of names made of letters, digits and underscores. */
	public static boolean isValid(String path) {
		return PATH.matcher(path).matches();
	}

	/**
	 * The node at the path, or a missing node when any step is absent or not an object (never {@code null}).
	 */
	public static JsonNode resolve(JsonNode root, String path) {
		JsonNode node = root;
		int start = 0;
		while (true) {
			if (!node.isObject()) {
				return MissingNode.getInstance();
			}
			int dot = path.indexOf('.', start);
			String name = (dot < 0) ? path.substring(start) : path.substring(start, dot);
			JsonNode child = node.get(name);
			if (child == null) {
				return MissingNode.getInstance();
			}
			if (dot < 0) {
				return child;
			}
			node = child;
			start = dot + 1;
		}
	}

}
