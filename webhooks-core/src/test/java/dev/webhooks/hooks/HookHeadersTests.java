package dev.webhooks.hooks;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class HookHeadersTests {

	@Test
	void valuesAreSplitAtTheFirstColonAndTrimmed() {
		assertThat(HookHeaders.parse("Authorization: Bearer a:b:c\r\nX-Time:12:30\n\n   \nX-Url:  http://h:1/p  "))
			.containsExactly(Map.entry("Authorization", "Bearer a:b:c"), Map.entry("X-Time", "12:30"),
					Map.entry("X-Url", "http://h:1/p"));
	}

	@Test
	void emptyTextMeansNoHeaders() {
		assertThat(HookHeaders.parse(null)).isEmpty();
		assertThat(HookHeaders.parse(" \n ")).isEmpty();
	}

	@Test
	void everyBadLineIsReportedWithItsNumber() {
		assertThatExceptionOfType(InvalidHookException.class)
			.isThrownBy(() -> HookHeaders.parse("A: 1\ntoken 1234\n: value\nBad Name: x\nwebhook-signature: v1,x\nHost: h"))
			.satisfies((ex) -> assertThat(ex.errors()).extracting(InvalidHookException.FieldError::toString)
				.containsExactly("headers: line 2 \"token 1234\" has no ':'",
						"headers: line 3 \": value\" has no valid header name before ':'",
						"headers: line 4 \"Bad Name: x\" has no valid header name before ':'",
						"headers: line 5 \"webhook-signature: v1,x\" sets webhook-signature, which the sender sets itself",
						"headers: line 6 \"Host: h\" sets Host, which the sender sets itself"));
	}

	@Test
	void valuesWithControlCharactersLineSeparatorsOrNonAsciiTextAreRefusedNamingTheLine() {
		assertThatExceptionOfType(InvalidHookException.class)
			.isThrownBy(() -> HookHeaders.parse("X-City: caf\u00e9\nX-Bell: a\u0007b\nX-Split: a\u2028Injected: 1\n"
					+ "X-Nul: \u0000\nX-Tab: a\tb"))
			.satisfies((ex) -> assertThat(ex.errors()).extracting(InvalidHookException.FieldError::toString)
				.containsExactly(
						"headers: line 1 \"X-City: caf\u00e9\" has '\u00e9' (U+00E9) in its value; header values may only hold "
								+ "printable ASCII characters, spaces and tabs",
						"headers: line 2 \"X-Bell: aU+0007b\" has U+0007 in its value; header values may only hold "
								+ "printable ASCII characters, spaces and tabs",
						"headers: line 3 \"X-Split: aU+2028Injected: 1\" has U+2028 in its value; header values may only "
								+ "hold printable ASCII characters, spaces and tabs",
						"headers: line 4 \"X-Nul: U+0000\" has U+0000 in its value; header values may only hold "
								+ "printable ASCII characters, spaces and tabs"));
	}

	@Test
	void tabsAndEveryPrintableAsciiCharacterAreAccepted() {
		StringBuilder printable = new StringBuilder();
		for (char c = 0x20; c <= 0x7e; c++) {
			printable.append(c);
		}
		assertThat(HookHeaders.parse("X-All: a\t" + printable)).containsExactly(Map.entry("X-All", "a\t" + printable));
	}

}
