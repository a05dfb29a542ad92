package dev.webhooks.hooks.payload;

import java.util.Locale;

/**
 * How a payload of a content type is escaped and checked.
 */
public enum ContentSyntax {

	/** {@code application/json} and {@code +json} types: JSON string escaping, rendered output must parse. */
	JSON,

	/** {@code application/xml}, {@code text/xml} and {@code +xml} types: XML escaping, output must be well-formed. */
	XML,

	/** Any other type: values are inserted as they are and the output is not checked. */
	TEXT;

	/** The syntax of a media type such as {@code application/json; charset=utf-8}. */
	public static ContentSyntax of(String contentType) {
		String type = contentType.toLowerCase(Locale.ROOT);
		int semicolon = type.indexOf(';');
		if (semicolon >= 0) {
			type = type.substring(0, semicolon);
		}
		type = type.strip();
		if (type.equals("application/json") || type.endsWith("+json")) {
			return JSON;
		}
		if (type.equals("application/xml") || type.equals("text/xml") || type.endsWith("+xml")) {
			return XML;
		}
		return TEXT;
	}

}
