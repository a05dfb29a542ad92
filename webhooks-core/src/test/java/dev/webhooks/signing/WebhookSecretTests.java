package dev.webhooks.signing;

import java.util.Base64;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class WebhookSecretTests {

	@Test
	void parsesAGeneratedSecret() {
		String text = WebhookSecret.generate();
		assertThat(text).startsWith("whsec_");
		assertThat(WebhookSecret.parse(text)).isEqualTo(WebhookSecret.parse(" " + text + "\n"));
	}

	@Test
	void masksTheKeyInToString() {
		String text = WebhookSecret.generate();
		String shown = WebhookSecret.parse(text).toString();
		assertThat(shown).startsWith("whsec_").hasSizeLessThan(text.length() / 2);
		// at most the first four key characters are shown
		assertThat(shown).doesNotContain(text.substring(10, 16));
	}

	@Test
	void rejectsAnEmptySecret() {
		assertThatIllegalArgumentException().isThrownBy(() -> WebhookSecret.parse("  "))
			.withMessage("secret is empty");
	}

	@Test
	void rejectsASecretWithoutPrefixWithoutEchoingIt() {
		String raw = Base64.getEncoder().encodeToString(new byte[32]).replace('A', 'Q');
		assertThatIllegalArgumentException().isThrownBy(() -> WebhookSecret.parse(raw))
			.withMessageContaining("must start with 'whsec_'")
			.withMessageNotContaining(raw);
	}

	@Test
	void rejectsInvalidBase64WithoutEchoingIt() {
		String text = "whsec_not*base64*at*all*secretvalue";
		assertThatIllegalArgumentException().isThrownBy(() -> WebhookSecret.parse(text))
			.withMessageContaining("not valid base64")
			.withMessageNotContaining("secretvalue");
	}

	@Test
	void rejectsKeysThatAreTooShortOrTooLong() {
		String shortKey = "whsec_" + Base64.getEncoder().encodeToString(new byte[16]);
		String longKey = "whsec_" + Base64.getEncoder().encodeToString(new byte[65]);
		assertThatIllegalArgumentException().isThrownBy(() -> WebhookSecret.parse(shortKey))
			.withMessage("secret must decode to 24 to 64 bytes, but decodes to 16");
		assertThatIllegalArgumentException().isThrownBy(() -> WebhookSecret.parse(longKey))
			.withMessage("secret must decode to 24 to 64 bytes, but decodes to 65");
	}

}
