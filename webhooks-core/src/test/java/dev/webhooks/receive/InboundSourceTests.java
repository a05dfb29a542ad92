package dev.webhooks.receive;

import java.util.List;

import dev.webhooks.signing.WebhookSecret;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class InboundSourceTests {

	private static final String KEY = "C2FVsBQIhrscChlQIMV+b5sSYspob7oD";

	private static final List<WebhookSecret> SECRETS = List.of(WebhookSecret.parse("whsec_" + KEY));

	@Test
	void aNameMustFitInOnePathSegment() {
		assertThatIllegalArgumentException().isThrownBy(() -> new InboundSource("stripe/like", SECRETS, "type"))
			.withMessage("source name 'stripe/like' must be 1 to 100 letters, digits, '.', '_' or '-', starting with "
					+ "a letter or digit");
		assertThatIllegalArgumentException().isThrownBy(() -> new InboundSource("", SECRETS, "type"));
		assertThat(new InboundSource("stripe-like.v2_eu", SECRETS, "type").name()).isEqualTo("stripe-like.v2_eu");
	}

	@Test
	void needsASecretAndATypeField() {
		assertThatIllegalArgumentException().isThrownBy(() -> new InboundSource("stripe-like", List.of(), "type"))
			.withMessage("source 'stripe-like' needs at least one secret");
		assertThatIllegalArgumentException().isThrownBy(() -> new InboundSource("stripe-like", SECRETS, " "))
			.withMessage("the type field of source 'stripe-like' must not be empty");
	}

	@Test
	void showsNoSecret() {
		assertThat(new InboundSource("stripe-like", SECRETS, "type"))
			.hasToString("InboundSource[name=stripe-like, secrets=1, typeField=type]");
	}

}
