package dev.webhooks.hooks.payload;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.jspecify.annotations.Nullable;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A payload template with {@code {{placeholders}}}, parsed once and rendered with the escaping its content type
 * needs.
 * <p>
 * In JSON, a placeholder inside a string literal is written as string content ({@code "name": "{{instance.name}}"});
 * outside a string it is written as a JSON value: number, boolean, {@code null}, quoted string, object or array
 * ({@code "price": {{instance.price}}}). In XML every value is escaped as character data. A missing value renders as
 * {@code null} in a JSON value position and as empty text everywhere else.
 */
public final class PayloadTemplate {

	/** A value that needs every kind of escaping, used to check templates. */
	static final String SAMPLE = "Sample \"quoted\" \\ back/slash <tag> & 'apostrophe' \u00fc\u20ac\u4e2d\n";

	private static final JsonMapper STRICT_JSON = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.build();

	private final ContentSyntax syntax;

	private final List<Part> parts;

	private PayloadTemplate(ContentSyntax syntax, List<Part> parts) {
		this.syntax = syntax;
		this.parts = List.copyOf(parts);
	}

	/**
	 * Parses a template.
	 * @throws IllegalArgumentException naming the position of an unclosed or malformed placeholder
	 */
	public static PayloadTemplate parse(String template, ContentSyntax syntax) {
		List<Part> parts = new ArrayList<>();
		StringBuilder literal = new StringBuilder();
		boolean inString = false;
		boolean escaped = false;
		int i = 0;
		while (i < template.length()) {
			if (template.startsWith("{{", i)) {
				int end = template.indexOf("}}", i + 2);
				if (end < 0) {
					throw new IllegalArgumentException("'{{' at position " + i + " is not closed with '}}'");
				}
				String expression = template.substring(i + 2, end).strip();
				if (!FieldPaths.isValid(expression)) {
					throw new IllegalArgumentException("placeholder '{{" + template.substring(i + 2, end)
							+ "}}' at position " + i + " is not a dotted name such as instance.address.city");
				}
				if (!literal.isEmpty()) {
					parts.add(new Part(literal.toString(), null, false));
					literal.setLength(0);
				}
				parts.add(new Part(null, expression, inString));
				escaped = false;
				i = end + 2;
				continue;
			}
			char c = template.charAt(i);
			if (syntax == ContentSyntax.JSON) {
				if (inString) {
					if (escaped) {
						escaped = false;
					}
					else if (c == '\\') {
						escaped = true;
					}
					else if (c == '"') {
						inString = false;
					}
				}
				else if (c == '"') {
					inString = true;
				}
			}
			literal.append(c);
			i++;
		}
		if (!literal.isEmpty()) {
			parts.add(new Part(literal.toString(), null, false));
		}
		return new PayloadTemplate(syntax, parts);
	}

	/** The placeholder expressions, in order. */
	public List<String> placeholders() {
		return this.parts.stream().map(Part::expression).filter((expression) -> expression != null).toList();
	}

	/**
	 * Renders the template.
	 * @param values resolves a placeholder expression to its value; a missing node when there is none
	 */
	public String render(Function<String, JsonNode> values) {
		StringBuilder out = new StringBuilder();
		for (Part part : this.parts) {
			if (part.literal() != null) {
				out.append(part.literal());
				continue;
			}
			JsonNode value = values.apply(part.expression());
			switch (this.syntax) {
				case JSON -> {
					if (part.inString()) {
						appendJsonStringContent(out, text(value));
					}
					else {
						appendJsonValue(out, value);
					}
				}
				case XML -> appendXmlText(out, text(value));
				case TEXT -> out.append(text(value));
			}
		}
		return out.toString();
	}

	/**
	 * Renders the template once with every value missing and once with every value a string that needs escaping,
	 * and checks that both results are valid for the content type.
	 * @return the problem, or {@code null} when the template is valid
	 */
	public @Nullable String check() {
		JsonNode sample = JsonNodeFactory.instance.stringNode(SAMPLE);
		for (JsonNode value : List.of(sample, JsonNodeFactory.instance.missingNode())) {
			String rendered = render((expression) -> value);
			String problem = checkSyntax(rendered, this.syntax);
			if (problem != null) {
				return "renders to invalid " + this.syntax.name() + " ("
						+ (value.isMissingNode() ? "with missing values" : "with string values") + "): " + problem;
			}
		}
		return null;
	}

	/** Checks that a rendered payload is valid JSON or well-formed XML; any text is valid for other types. */
	public static @Nullable String checkSyntax(String payload, ContentSyntax syntax) {
		return switch (syntax) {
			case JSON -> checkJson(payload);
			case XML -> checkXml(payload);
			case TEXT -> null;
		};
	}

	private static @Nullable String checkJson(String payload) {
		try {
			STRICT_JSON.readTree(payload);
			return null;
		}
		catch (JacksonException ex) {
			return ex.getOriginalMessage();
		}
	}

	private static @Nullable String checkXml(String payload) {
		try {
			DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
			factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
			factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
			factory.setNamespaceAware(true);
			DocumentBuilder builder = factory.newDocumentBuilder();
			builder.setErrorHandler(new ErrorHandler() {

				@Override
				public void warning(SAXParseException exception) {
				}

				@Override
				public void error(SAXParseException exception) throws SAXException {
					throw exception;
				}

				@Override
				public void fatalError(SAXParseException exception) throws SAXException {
					throw exception;
				}

			});
			builder.parse(new InputSource(new StringReader(payload)));
			return null;
		}
		catch (SAXParseException ex) {
			return "line " + ex.getLineNumber() + ", column " + ex.getColumnNumber() + ": " + ex.getMessage();
		}
		catch (SAXException | ParserConfigurationException | java.io.IOException ex) {
			return ex.getMessage();
		}
	}

	/** The value as text: strings as they are, other values as JSON, missing and null as empty text. */
	static String text(JsonNode value) {
		if (value.isMissingNode() || value.isNull()) {
			return "";
		}
		if (value.isString()) {
			return value.asString();
		}
		return value.toString();
	}

	private static void appendJsonValue(StringBuilder out, JsonNode value) {
		if (value.isMissingNode() || value.isNull()) {
			out.append("null");
		}
		else if (value.isString()) {
			out.append('"');
			appendJsonStringContent(out, value.asString());
			out.append('"');
		}
		else {
			// numbers, booleans, objects and arrays: Jackson writes valid JSON for them
			out.append(value.toString());
		}
	}

	static void appendJsonStringContent(StringBuilder out, String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				case '\b' -> out.append("\\b");
				case '\f' -> out.append("\\f");
				default -> {
					if (c < 0x20) {
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
	}

	private static void appendXmlText(StringBuilder out, String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '&' -> out.append("&amp;");
				case '<' -> out.append("&lt;");
				case '>' -> out.append("&gt;");
				case '"' -> out.append("&quot;");
				case '\'' -> out.append("&apos;");
				default -> {
					// XML 1.0 cannot carry other control characters at all, not even escaped
					if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
						out.append('\ufffd');
					}
					else {
						out.append(c);
					}
				}
			}
		}
	}

	private record Part(@Nullable String literal, @Nullable String expression, boolean inString) {

	}

}
