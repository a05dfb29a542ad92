package dev.webhooks.signing;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.junit.jupiter.api.Test;

import dev.webhooks.signing.SignatureVerificationException.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

class Ed25519SignatureTests {

	// the asymmetric test vector of the Standard Webhooks reference libraries (libraries/go/webhook_asymmetric_test.go)
	private static final String SPEC_SECRET_KEY = "whsk_VEVTVFNJR05JTkdLRVlET05PVFVTRVRISVNGT1JBTlk=";

	private static final String SPEC_MSG_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";

	private static final long SPEC_TIMESTAMP = 1614265330L;

	private static final byte[] SPEC_BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);

	private static final String SPEC_SIGNATURE = "v1a,tQ9V2XOqn7jL/DQenEFpqIugdBVtiMmER5mhSkXBNwM0mkATuDe6KYYUuxqtaiHeYGb7KaaBRdM5WqyeFiL8Ag==";

	private final WebhookSigner signer = new WebhookSigner();

	private final SignatureVerifier verifier = new SignatureVerifier(Duration.ofMinutes(5),
			Clock.fixed(Instant.ofEpochSecond(SPEC_TIMESTAMP), ZoneOffset.UTC));

	@Test
	void signsTheSpecificationTestVector() {
		Ed25519SigningKey key = Ed25519SigningKey.parse(SPEC_SECRET_KEY);
		assertThat(this.signer.sign(SPEC_MSG_ID, SPEC_TIMESTAMP, SPEC_BODY, List.of(key))).isEqualTo(SPEC_SIGNATURE);
	}

	@Test
	void verifiesTheSpecificationTestVectorWithThePublicKeyAlone() {
		Ed25519PublicKey publicKey = Ed25519PublicKey.parse(Ed25519SigningKey.parse(SPEC_SECRET_KEY).publicKey().toString());
		assertThatNoException().isThrownBy(() -> this.verifier.verify(SPEC_MSG_ID, "1614265330", SPEC_SIGNATURE,
				SPEC_BODY, List.of(publicKey)));
	}

	@Test
	void derivesThePublicKeyAsAnIndependentImplementationDoes() {
		byte[] seed = Base64.getDecoder().decode(SPEC_SECRET_KEY.substring("whsk_".length()));
		byte[] expected = new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
		assertThat(Ed25519SigningKey.parse(SPEC_SECRET_KEY).publicKey())
			.hasToString("whpk_" + Base64.getEncoder().encodeToString(expected));
	}

	@Test
	void aSignatureWeMakeVerifiesWithAnIndependentImplementation() {
		SigningKeyPair pair = SigningKeyPair.generate();
		String header = this.signer.sign(SPEC_MSG_ID, SPEC_TIMESTAMP, SPEC_BODY,
				List.of(Ed25519SigningKey.parse(pair.secretKey())));
		assertThat(header).startsWith("v1a,");

		Ed25519Signer independent = new Ed25519Signer();
		independent.init(false, new Ed25519PublicKeyParameters(raw(pair.publicKey(), "whpk_"), 0));
		byte[] signed = (SPEC_MSG_ID + "." + SPEC_TIMESTAMP + ".").getBytes(StandardCharsets.UTF_8);
		independent.update(signed, 0, signed.length);
		independent.update(SPEC_BODY, 0, SPEC_BODY.length);
		assertThat(independent.verifySignature(Base64.getDecoder().decode(header.substring("v1a,".length()))))
			.isTrue();
	}

	@Test
	void aSignatureOfAnIndependentImplementationVerifiesHere() {
		SigningKeyPair pair = SigningKeyPair.generate();
		Ed25519Signer independent = new Ed25519Signer();
		independent.init(true, new Ed25519PrivateKeyParameters(raw(pair.secretKey(), "whsk_"), 0));
		byte[] signed = (SPEC_MSG_ID + "." + SPEC_TIMESTAMP + ".").getBytes(StandardCharsets.UTF_8);
		independent.update(signed, 0, signed.length);
		independent.update(SPEC_BODY, 0, SPEC_BODY.length);
		String header = "v1a," + Base64.getEncoder().encodeToString(independent.generateSignature());

		assertThatNoException().isThrownBy(() -> this.verifier.verify(SPEC_MSG_ID, "1614265330", header, SPEC_BODY,
				List.of(Ed25519PublicKey.parse(pair.publicKey()))));
	}

	@Test
	void rejectsATamperedBodyOrASignatureOfAnotherKey() {
		Ed25519PublicKey publicKey = Ed25519SigningKey.parse(SPEC_SECRET_KEY).publicKey();
		byte[] tampered = "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8);
		assertFailure(() -> this.verifier.verify(SPEC_MSG_ID, "1614265330", SPEC_SIGNATURE, tampered,
				List.of(publicKey)), "no v1a signature in webhook-signature matches the configured public keys");
		Ed25519PublicKey other = Ed25519PublicKey.parse(SigningKeyPair.generate().publicKey());
		assertFailure(() -> this.verifier.verify(SPEC_MSG_ID, "1614265330", SPEC_SIGNATURE, SPEC_BODY,
				List.of(other)), "no v1a signature");
	}

	@Test
	void rejectsTheSpecificationsInvalidAndPartialSignatures() {
		Ed25519PublicKey publicKey = Ed25519SigningKey.parse(SPEC_SECRET_KEY).publicKey();
		for (String header : List.of("v1a,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=", "v1a,", "v1a,!!")) {
			assertFailure(() -> this.verifier.verify(SPEC_MSG_ID, "1614265330", header, SPEC_BODY,
					List.of(publicKey)), "signature");
		}
	}

	@Test
	void findsTheValidSignatureAmongSeveralVersions() {
		Ed25519PublicKey publicKey = Ed25519SigningKey.parse(SPEC_SECRET_KEY).publicKey();
		String header = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= "
				+ SPEC_SIGNATURE + " v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";
		assertThatNoException().isThrownBy(
				() -> this.verifier.verify(SPEC_MSG_ID, "1614265330", header, SPEC_BODY, List.of(publicKey)));
	}

	@Test
	void signsBesideASecretSoAReceiverWithEitherKeyAccepts() {
		WebhookSecret secret = WebhookSecret.parse(WebhookSecret.generate());
		Ed25519SigningKey key = Ed25519SigningKey.parse(SPEC_SECRET_KEY);
		String header = this.signer.sign(SPEC_MSG_ID, SPEC_TIMESTAMP, SPEC_BODY, List.of(secret, key));

		assertThat(header.split(" ")).hasSize(2).endsWith(SPEC_SIGNATURE);
		assertThat(header.split(" ")[0]).startsWith("v1,");
		for (VerificationKey receiverKey : List.<VerificationKey>of(secret, key.publicKey())) {
			assertThatNoException().isThrownBy(() -> this.verifier.verify(SPEC_MSG_ID, "1614265330", header,
					SPEC_BODY, List.of(receiverKey)));
		}
	}

	@Test
	void tellsAReceiverWithOnlyASecretThatTheHeaderHasOnlyV1a() {
		WebhookSecret secret = WebhookSecret.parse(WebhookSecret.generate());
		assertFailure(() -> this.verifier.verify(SPEC_MSG_ID, "1614265330", SPEC_SIGNATURE, SPEC_BODY,
				List.of(secret)), "webhook-signature has no v1 signature");
	}

	@Test
	void generatesDistinctPairsWhoseKeysParseAndMatch() {
		SigningKeyPair first = SigningKeyPair.generate();
		SigningKeyPair second = SigningKeyPair.generate();
		assertThat(first.secretKey()).startsWith("whsk_").isNotEqualTo(second.secretKey());
		assertThat(raw(first.secretKey(), "whsk_")).hasSize(32);
		assertThat(raw(first.publicKey(), "whpk_")).hasSize(32);
		Ed25519SigningKey parsed = Ed25519SigningKey.parse(first.secretKey());
		assertThat(parsed.publicKey()).hasToString(first.publicKey());
		assertThat(parsed.reveal()).isEqualTo(first.secretKey());
	}

	@Test
	void neverPrintsTheSecretKey() {
		SigningKeyPair pair = SigningKeyPair.generate();
		Ed25519SigningKey key = Ed25519SigningKey.parse(pair.secretKey());
		assertThat(key.toString()).startsWith("whsk_").endsWith("…").hasSize("whsk_".length() + 5);
		assertThat(pair.toString()).doesNotContain(pair.secretKey()).contains(pair.publicKey());
	}

	@Test
	void namesWhatIsWrongWithAKeyWithoutEchoingIt() {
		assertThatIllegalArgumentException().isThrownBy(() -> Ed25519SigningKey.parse("whsec_abcd"))
			.withMessage("signing key must start with 'whsk_' followed by base64");
		assertThatIllegalArgumentException().isThrownBy(() -> Ed25519SigningKey.parse("whsk_%%%%"))
			.withMessage("signing key after 'whsk_' is not valid base64");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Ed25519SigningKey.parse("whsk_" + Base64.getEncoder().encodeToString(new byte[64])))
			.withMessage("signing key must decode to 32 bytes (an ed25519 seed), but decodes to 64");
		assertThatIllegalArgumentException().isThrownBy(() -> Ed25519PublicKey.parse("whsk_abcd"))
			.withMessage("public key must start with 'whpk_' followed by base64");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Ed25519PublicKey.parse("whpk_" + Base64.getEncoder().encodeToString(new byte[16])))
			.withMessage("public key must decode to 32 bytes, but decodes to 16");
	}

	private static byte[] raw(String key, String prefix) {
		assertThat(key).startsWith(prefix);
		return Base64.getDecoder().decode(key.substring(prefix.length()));
	}

	private static void assertFailure(Runnable verification, String message) {
		assertThatExceptionOfType(SignatureVerificationException.class).isThrownBy(verification::run)
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.NO_MATCHING_SIGNATURE))
			.withMessageContaining(message);
	}

}
