package dev.webhooks.signing;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.webhooks.signing.SignatureVerificationException.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

class WebhookSignerTests {

	// the test vector published with the Standard Webhooks reference libraries
	private static final WebhookSecret SPEC_SECRET = WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

	private static final String SPEC_MSG_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";

	private static final long SPEC_TIMESTAMP = 1614265330L;

	private static final byte[] SPEC_BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);

	private static final String SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

	private final WebhookSigner signer = new WebhookSigner();

	private final SignatureVerifier verifier = verifierAt(Instant.ofEpochSecond(SPEC_TIMESTAMP));

	@Test
	void signsTheSpecificationTestVector() {
		assertThat(this.signer.sign(SPEC_MSG_ID, SPEC_TIMESTAMP, SPEC_BODY, List.of(SPEC_SECRET)))
			.isEqualTo(SPEC_SIGNATURE);
	}

	@Test
	void verifiesTheSpecificationTestVector() {
		assertThatNoException().isThrownBy(() -> this.verifier.verify(SPEC_MSG_ID, "1614265330", SPEC_SIGNATURE,
				SPEC_BODY, List.of(SPEC_SECRET)));
	}

	@Test
	void rejectsATamperedBody() {
		byte[] tampered = "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8);
		assertFailure(() -> this.verifier.verify(SPEC_MSG_ID, "1614265330", SPEC_SIGNATURE, tampered,
				List.of(SPEC_SECRET)), Reason.NO_MATCHING_SIGNATURE);
	}

	@Test
	void rejectsATamperedMessageIdOrTimestamp() {
		assertFailure(() -> this.verifier.verify("msg_other", "1614265330", SPEC_SIGNATURE, SPEC_BODY,
				List.of(SPEC_SECRET)), Reason.NO_MATCHING_SIGNATURE);
		assertFailure(() -> this.verifier.verify(SPEC_MSG_ID, "1614265331", SPEC_SIGNATURE, SPEC_BODY,
				List.of(SPEC_SECRET)), Reason.NO_MATCHING_SIGNATURE);
	}

	@Test
	void rejectsASignatureMadeWithAnotherSecret() {
		WebhookSecret other = WebhookSecret.parse(WebhookSecret.generate());
		assertFailure(() -> this.verifier.verify(SPEC_MSG_ID, "1614265330", SPEC_SIGNATURE, SPEC_BODY,
				List.of(other)), Reason.NO_MATCHING_SIGNATURE);
	}

	@Test
	void rejectsATimestampOlderThanTheTolerance() {
		SignatureVerifier later = verifierAt(Instant.ofEpochSecond(SPEC_TIMESTAMP).plusSeconds(301));
		SignatureVerificationException ex = assertFailure(() -> later.verify(SPEC_MSG_ID, "1614265330",
				SPEC_SIGNATURE, SPEC_BODY, List.of(SPEC_SECRET)), Reason.STALE_TIMESTAMP);
		assertThat(ex).hasMessageContaining("301s old");
	}

	@Test
	void rejectsATimestampTooFarInTheFuture() {
		SignatureVerifier earlier = verifierAt(Instant.ofEpochSecond(SPEC_TIMESTAMP).minusSeconds(301));
		SignatureVerificationException ex = assertFailure(() -> earlier.verify(SPEC_MSG_ID, "1614265330",
				SPEC_SIGNATURE, SPEC_BODY, List.of(SPEC_SECRET)), Reason.STALE_TIMESTAMP);
		assertThat(ex).hasMessageContaining("in the future");
	}

	@Test
	void acceptsTimestampsAtTheEdgeOfTheTolerance() {
		Instant signedAt = Instant.ofEpochSecond(SPEC_TIMESTAMP);
		for (Instant now : List.of(signedAt.plusSeconds(300), signedAt.minusSeconds(300))) {
			assertThatNoException().isThrownBy(() -> verifierAt(now).verify(SPEC_MSG_ID, "1614265330",
					SPEC_SIGNATURE, SPEC_BODY, List.of(SPEC_SECRET)));
		}
	}

	@Test
	void rejectsATimestampThatIsNotSeconds() {
		assertFailure(() -> this.verifier.verify(SPEC_MSG_ID, "2021-02-25T15:02:10Z", SPEC_SIGNATURE, SPEC_BODY,
				List.of(SPEC_SECRET)), Reason.INVALID_TIMESTAMP);
	}

	@Test
	void namesEveryMissingHeader() {
		SignatureVerificationException ex = assertFailure(
				() -> this.verifier.verify(null, " ", SPEC_SIGNATURE, SPEC_BODY, List.of(SPEC_SECRET)),
				Reason.MISSING_HEADERS);
		assertThat(ex).hasMessageContaining("webhook-id").hasMessageContaining("webhook-timestamp")
			.hasMessageNotContaining("webhook-signature");
		assertFailure(() -> this.verifier.verify(SPEC_MSG_ID, "1614265330", "", SPEC_BODY, List.of(SPEC_SECRET)),
				Reason.MISSING_HEADERS);
	}

	@Test
	void acceptsAMatchingSignatureAmongSeveralAndIgnoresUnknownVersions() {
		String header = "v1a,c29tZXRoaW5nIGVsc2U= v1,not-base64!! v1,Zm9vYmFy " + SPEC_SIGNATURE + " v2,abc";
		assertThatNoException().isThrownBy(
				() -> this.verifier.verify(SPEC_MSG_ID, "1614265330", header, SPEC_BODY, List.of(SPEC_SECRET)));
	}

	@Test
	void rejectsAHeaderWithOnlyUnknownVersions() {
		String header = SPEC_SIGNATURE.replace("v1,", "v1a,");
		SignatureVerificationException ex = assertFailure(
				() -> this.verifier.verify(SPEC_MSG_ID, "1614265330", header, SPEC_BODY, List.of(SPEC_SECRET)),
				Reason.NO_MATCHING_SIGNATURE);
		assertThat(ex).hasMessageContaining("no v1 signature");
	}

	@Test
	void signsWithEverySecretDuringARotationSoEitherSecretVerifies() {
		WebhookSecret oldSecret = SPEC_SECRET;
		WebhookSecret newSecret = WebhookSecret.parse(WebhookSecret.generate());
		String header = this.signer.sign(SPEC_MSG_ID, SPEC_TIMESTAMP, SPEC_BODY, List.of(oldSecret, newSecret));

		assertThat(header.split(" ")).hasSize(2).startsWith(SPEC_SIGNATURE);
		for (WebhookSecret receiverSecret : List.of(oldSecret, newSecret)) {
			assertThatNoException().isThrownBy(() -> this.verifier.verify(SPEC_MSG_ID, "1614265330", header,
					SPEC_BODY, List.of(receiverSecret)));
		}
	}

	@Test
	void verifiesWithAnyOfTheReceiversSecrets() {
		List<WebhookSecret> receiverSecrets = List.of(WebhookSecret.parse(WebhookSecret.generate()), SPEC_SECRET);
		assertThatNoException().isThrownBy(() -> this.verifier.verify(SPEC_MSG_ID, "1614265330", SPEC_SIGNATURE,
				SPEC_BODY, receiverSecrets));
	}

	@Test
	void refusesToSignWithoutSecrets() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.signer.sign(SPEC_MSG_ID, SPEC_TIMESTAMP, SPEC_BODY, List.of()))
			.withMessageContaining("at least one secret");
	}

	private static SignatureVerifier verifierAt(Instant now) {
		return new SignatureVerifier(Duration.ofMinutes(5), Clock.fixed(now, ZoneOffset.UTC));
	}

	private static SignatureVerificationException assertFailure(Runnable verification, Reason reason) {
		SignatureVerificationException[] caught = new SignatureVerificationException[1];
		assertThatExceptionOfType(SignatureVerificationException.class).isThrownBy(verification::run)
			.satisfies((ex) -> caught[0] = ex)
			.extracting(SignatureVerificationException::reason)
			.isEqualTo(reason);
		return caught[0];
	}

}
