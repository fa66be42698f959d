package io.jumpingvpn.protocol.keys;

import static java.util.Objects.requireNonNull;

import io.jumpingvpn.protocol.internal.Bytes;
import java.security.SecureRandom;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * An Ed25519 identity with its secret half: an agent's key, or the gateway cluster key. The secret is the 32-byte RFC
 * 8032 seed. Thread-safe.
 */
public final class IdentityKeyPair {

    public static final int SEED_LENGTH = 32;
    public static final int SIGNATURE_LENGTH = 64;

    private final Ed25519PrivateKeyParameters secret;
    private final IdentityKey publicKey;

    private IdentityKeyPair(Ed25519PrivateKeyParameters secret) {
        this.secret = secret;
        this.publicKey = IdentityKey.of(secret.generatePublicKey().getEncoded());
    }

    public static IdentityKeyPair generate(SecureRandom random) {
        requireNonNull(random, "random");
        byte[] seed = new byte[SEED_LENGTH];
        random.nextBytes(seed);
        return fromSeed(seed);
    }

    public static IdentityKeyPair fromSeed(byte[] seed) {
        return new IdentityKeyPair(new Ed25519PrivateKeyParameters(Bytes.exact(seed, SEED_LENGTH, "Ed25519 seed"), 0));
    }

    public IdentityKey publicKey() {
        return publicKey;
    }

    /**
     * Signs exactly {@code message} (pure Ed25519, deterministic). Protocol code never signs raw frames through this:
     * {@link io.jumpingvpn.protocol.crypto} prefixes a domain-separation label first.
     */
    public byte[] sign(byte[] message) {
        requireNonNull(message, "message");
        var signer = new Ed25519Signer();
        signer.init(true, secret);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    /** The secret seed, for {@link KeyFiles} only: whoever holds it is this identity. */
    byte[] seed() {
        return secret.getEncoded();
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "IdentityKeyPair[public=" + publicKey + "]";
    }
}
