package dev.webhooks.idempotency;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class IdempotencyKeyParserTests {

	private final IdempotencyKeyParser parser = new IdempotencyKeyParser(10);

	@Test
	void readsABareKey() {
		assertThat(this.parser.parse("abc-123")).isEqualTo("abc-123");
	}

	@Test
	void readsAQuotedKeyAsTheSameKey() {
		assertThat(this.parser.parse("\"abc-123\"")).isEqualTo(this.parser.parse("abc-123"));
	}

	@Test
	void unescapesQuotesAndBackslashesInAQuotedKey() {
		assertThat(this.parser.parse("\"a\\\"b\\\\c\"")).isEqualTo("a\"b\\c");
	}

	@Test
	void ignoresSurroundingWhitespace() {
		assertThat(this.parser.parse("  abc ")).isEqualTo("abc");
	}

	@Test
	void rejectsAnEmptyKey() {
		assertThatExceptionOfType(InvalidIdempotencyKeyException.class).isThrownBy(() -> this.parser.parse(" "))
			.withMessageContaining("empty");
		assertThatExceptionOfType(InvalidIdempotencyKeyException.class).isThrownBy(() -> this.parser.parse("\"\""))
			.withMessageContaining("empty");
	}

	@Test
	void rejectsAKeyLongerThanTheLimit() {
		assertThat(this.parser.parse("0123456789")).hasSize(10);
		assertThatExceptionOfType(InvalidIdempotencyKeyException.class)
			.isThrownBy(() -> this.parser.parse("0123456789a"))
			.withMessageContaining("11 characters")
			.withMessageContaining("at most 10");
	}

	@Test
	void rejectsMalformedQuotedKeys() {
		assertThatExceptionOfType(InvalidIdempotencyKeyException.class).isThrownBy(() -> this.parser.parse("\"abc"))
			.withMessageContaining("no closing quote");
		assertThatExceptionOfType(InvalidIdempotencyKeyException.class)
			.isThrownBy(() -> this.parser.parse("\"abc\";x"))
			.withMessageContaining("after its closing quote");
		assertThatExceptionOfType(InvalidIdempotencyKeyException.class)
			.isThrownBy(() -> this.parser.parse("\"a\\bc\""))
			.withMessageContaining("backslash");
	}

	@Test
	void rejectsNonAsciiKeys() {
		assertThatExceptionOfType(InvalidIdempotencyKeyException.class).isThrownBy(() -> this.parser.parse("clé"))
			.withMessageContaining("printable ASCII");
	}

}
