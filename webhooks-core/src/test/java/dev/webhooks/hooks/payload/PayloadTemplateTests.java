package dev.webhooks.hooks.payload;

import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.MissingNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PayloadTemplateTests {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void aPlaceholderInsideAJsonStringIsEscapedAsStringContent() {
		String rendered = render(ContentSyntax.JSON, "{\"a\": \"<{{x}}>\"}",
				Map.of("x", NODES.stringNode("q\"b\\s/\n\t\u0001\u00e9\ud83d\ude00")));

		assertThat(rendered).isEqualTo("{\"a\": \"<q\\\"b\\\\s/\\n\\t\\u0001\u00e9\ud83d\ude00>\"}");
		assertThat(this.json.readTree(rendered).get("a").asString()).isEqualTo("<q\"b\\s/\n\t\u0001\u00e9\ud83d\ude00>");
	}

	@Test
	void aPlaceholderOutsideAJsonStringIsWrittenAsAJsonValue() {
		String template = "[{{n}}, {{b}}, {{s}}, {{o}}, {{missing}}, {{nul}}]";
		Map<String, JsonNode> values = Map.of("n", NODES.numberNode(new java.math.BigDecimal("12.50")), "b",
				NODES.booleanNode(true), "s", NODES.stringNode("x\"y"), "o", NODES.objectNode().put("k", "v"), "nul",
				NODES.nullNode());

		assertThat(render(ContentSyntax.JSON, template, values))
			.isEqualTo("[12.50, true, \"x\\\"y\", {\"k\":\"v\"}, null, null]");
	}

	@Test
	void escapedQuotesInTheTemplateDoNotEndTheString() {
		String rendered = render(ContentSyntax.JSON, "{\"a\": \"say \\\"{{x}}\\\"\", \"b\": {{x}}}",
				Map.of("x", NODES.stringNode("hi")));

		assertThat(rendered).isEqualTo("{\"a\": \"say \\\"hi\\\"\", \"b\": \"hi\"}");
	}

	@Test
	void xmlValuesAreEscapedAndControlCharactersReplaced() {
		String rendered = render(ContentSyntax.XML, "<a t=\"{{x}}\">{{x}}</a>",
				Map.of("x", NODES.stringNode("<&>\"'\u0001\u00fc")));

		assertThat(rendered).isEqualTo("<a t=\"&lt;&amp;&gt;&quot;&apos;\ufffd\u00fc\">&lt;&amp;&gt;&quot;&apos;\ufffd\u00fc</a>");
		assertThat(PayloadTemplate.checkSyntax(rendered, ContentSyntax.XML)).isNull();
	}

	@Test
	void missingValuesRenderAsEmptyTextInXmlAndPlainText() {
		assertThat(render(ContentSyntax.XML, "<a>{{x}}</a>", Map.of())).isEqualTo("<a></a>");
		assertThat(render(ContentSyntax.TEXT, "id={{x}};", Map.of())).isEqualTo("id=;");
	}

	@Test
	void placeholdersMayHaveSpacesAndAreListedInOrder() {
		PayloadTemplate template = PayloadTemplate.parse("{{ instance.a.b }}-{{event_type}}", ContentSyntax.TEXT);

		assertThat(template.placeholders()).containsExactly("instance.a.b", "event_type");
	}

	@Test
	void anUnclosedOrMalformedPlaceholderIsRefusedWithItsPosition() {
		assertThatIllegalArgumentException().isThrownBy(() -> PayloadTemplate.parse("ab{{x", ContentSyntax.TEXT))
			.withMessage("'{{' at position 2 is not closed with '}}'");
		assertThatIllegalArgumentException().isThrownBy(() -> PayloadTemplate.parse("{{a b}}", ContentSyntax.TEXT))
			.withMessageContaining("placeholder '{{a b}}' at position 0");
	}

	@Test
	void checkingFindsTemplatesThatOnlyBreakWithSomeValues() {
		assertThat(PayloadTemplate.parse("{\"a\": {{x}}}", ContentSyntax.JSON).check()).isNull();
		assertThat(PayloadTemplate.parse("{\"a\": \"{{x}}\"}", ContentSyntax.JSON).check()).isNull();
		// a bare value followed by more text is only valid while the value is a number
		assertThat(PayloadTemplate.parse("{\"a\": {{x}}0}", ContentSyntax.JSON).check())
			.startsWith("renders to invalid JSON");
		assertThat(PayloadTemplate.parse("{\"a\": 1} trailing", ContentSyntax.JSON).check())
			.startsWith("renders to invalid JSON");
		assertThat(PayloadTemplate.parse("<a>{{x}}</a>", ContentSyntax.XML).check()).isNull();
		assertThat(PayloadTemplate.parse("<!DOCTYPE a><a/>", ContentSyntax.XML).check())
			.startsWith("renders to invalid XML");
		assertThat(PayloadTemplate.parse("not json {{x}}", ContentSyntax.TEXT).check()).isNull();
	}

	@Test
	void theSyntaxFollowsTheContentType() {
		assertThat(ContentSyntax.of("application/json; charset=utf-8")).isEqualTo(ContentSyntax.JSON);
		assertThat(ContentSyntax.of("application/cloudevents+json")).isEqualTo(ContentSyntax.JSON);
		assertThat(ContentSyntax.of("TEXT/XML")).isEqualTo(ContentSyntax.XML);
		assertThat(ContentSyntax.of("application/atom+xml")).isEqualTo(ContentSyntax.XML);
		assertThat(ContentSyntax.of("text/plain")).isEqualTo(ContentSyntax.TEXT);
	}

	@Test
	void fieldPathsResolveNestedObjectsAndAreMissingOtherwise() {
		JsonNode root = this.json.readTree("{\"a\": {\"b\": {\"c\": 1}}, \"s\": \"x\"}");

		assertThat(FieldPaths.resolve(root, "a.b.c").asInt()).isEqualTo(1);
		assertThat(FieldPaths.resolve(root, "a.x")).isInstanceOf(MissingNode.class);
		assertThat(FieldPaths.resolve(root, "s.length")).isInstanceOf(MissingNode.class);
		assertThat(FieldPaths.isValid("a.b_2.c")).isTrue();
		assertThat(FieldPaths.isValid("a..b")).isFalse();
	}

	private static String render(ContentSyntax syntax, String template, Map<String, JsonNode> values) {
		return PayloadTemplate.parse(template, syntax)
			.render((expression) -> values.getOrDefault(expression, MissingNode.getInstance()));
	}

}
