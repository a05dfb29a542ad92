package dev.webhooks.signing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * The asymmetric ({@code v1a}) Standard Webhooks signature: ed25519 over {@code {id}.{timestamp}.{body}}, with the
 * JDK's EdDSA. Standard Webhooks keys are raw: the 32-byte seed of the secret key, the 32-byte encoded point of the
 * public key. The JDK reads keys as PKCS#8 and X.509, so the raw bytes are wrapped in the fixed DER prefixes of
 * RFC 8410 for ed25519.
 */
final class Ed25519Signature {

	static final String VERSION = "v1a";

	static final int KEY_LENGTH = 32;

	static final int SIGNATURE_LENGTH = 64;

	private static final String ALGORITHM = "Ed25519";

	// SEQUENCE { INTEGER 0, SEQUENCE { OID 1.3.101.112 }, OCTET STRING { OCTET STRING (32 bytes) } }
	private static final byte[] PKCS8_PREFIX = { 0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65,
			0x70, 0x04, 0x22, 0x04, 0x20 };

	// SEQUENCE { SEQUENCE { OID 1.3.101.112 }, BIT STRING (0 unused bits, 32 bytes) }
	private static final byte[] X509_PREFIX = { 0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21,
			0x00 };

	private static final byte[] DOT = { '.' };

	private Ed25519Signature() {
	}

	static PrivateKey privateKey(byte[] seed) {
		try {
			return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(concat(PKCS8_PREFIX, seed)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalArgumentException("not an ed25519 secret key", ex);
		}
	}

	static PublicKey publicKey(byte[] raw) {
		try {
			return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(concat(X509_PREFIX, raw)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalArgumentException("not an ed25519 public key", ex);
		}
	}

	/** The raw 32 bytes of a JDK public key, its X.509 encoding less the prefix. */
	static byte[] raw(PublicKey key) {
		byte[] encoded = key.getEncoded();
		return Arrays.copyOfRange(encoded, encoded.length - KEY_LENGTH, encoded.length);
	}

	/**
	 * The public key of a seed. The JDK has no call for it, but its key pair generator takes the seed from the
	 * random source it is given, exactly 32 bytes, so a source that hands out the seed yields the seed's pair.
	 */
	static PublicKey publicKeyOf(byte[] seed) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance(ALGORITHM);
			generator.initialize(NamedParameterSpec.ED25519, new SeedSource(seed));
			KeyPair pair = generator.generateKeyPair();
			return pair.getPublic();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Ed25519 is not available in this JVM", ex);
		}
	}

	/** A new random seed, the raw secret key. */
	static byte[] newSeed() {
		byte[] seed = new byte[KEY_LENGTH];
		new SecureRandom().nextBytes(seed);
		return seed;
	}

	static byte[] sign(PrivateKey key, String msgId, String timestamp, byte[] body) {
		try {
			Signature signature = Signature.getInstance(ALGORITHM);
			signature.initSign(key);
			update(signature, msgId, timestamp, body);
			return signature.sign();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot sign with Ed25519", ex);
		}
	}

	static boolean verify(PublicKey key, String msgId, String timestamp, byte[] body, byte[] candidate) {
		if (candidate.length != SIGNATURE_LENGTH) {
			return false;
		}
		try {
			Signature signature = Signature.getInstance(ALGORITHM);
			signature.initVerify(key);
			update(signature, msgId, timestamp, body);
			return signature.verify(candidate);
		}
		catch (SignatureException | InvalidKeyException ex) {
			// a malformed signature does not verify
			return false;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot verify with Ed25519", ex);
		}
	}

	private static void update(Signature signature, String msgId, String timestamp, byte[] body)
			throws SignatureException {
		signature.update(msgId.getBytes(StandardCharsets.UTF_8));
		signature.update(DOT);
		signature.update(timestamp.getBytes(StandardCharsets.US_ASCII));
		signature.update(DOT);
		signature.update(body);
	}

	private static byte[] concat(byte[] prefix, byte[] key) {
		if (key.length != KEY_LENGTH) {
			throw new IllegalArgumentException("an ed25519 key is " + KEY_LENGTH + " bytes, not " + key.length);
		}
		byte[] encoded = Arrays.copyOf(prefix, prefix.length + key.length);
		System.arraycopy(key, 0, encoded, prefix.length, key.length);
		return encoded;
	}

	/** Hands out the given seed as the generator's randomness, once. */
	private static final class SeedSource extends SecureRandom {

		private static final long serialVersionUID = 1L;

		private final byte[] seed;

		SeedSource(byte[] seed) {
			this.seed = seed.clone();
		}

		@Override
		public void nextBytes(byte[] bytes) {
			if (bytes.length != this.seed.length) {
				throw new IllegalStateException("the Ed25519 key pair generator asked for " + bytes.length
						+ " random bytes instead of the " + this.seed.length + "-byte seed");
			}
			System.arraycopy(this.seed, 0, bytes, 0, bytes.length);
		}

	}

}
