package dev.coord.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * SharedSecretAuthenticator proves membership with an HMAC-SHA256 over the handshake transcript, keyed by
 * a secret every member holds.
 *
 * <p>The MAC covers a domain label, the role (dialer or acceptor, so one side's proof cannot be reflected
 * back as the other's), the cluster name, both peer ids and both fresh nonces. Proofs are compared in
 * constant time ({@link MessageDigest#isEqual}).
 *
 * <p>Rotation: it holds a list of secrets. The first proves; a proof made with any of them is accepted.
 * To rotate without downtime: (1) restart the peers one at a time with {@code [old, new]}, (2) again with
 * {@code [new, old]}, (3) again with {@code [new]}. At every moment any two running peers share a secret
 * that one proves with and the other accepts.
 *
 * <p>Threading: confined to the agent thread of the transport that owns it.
 */
public final class SharedSecretAuthenticator implements PeerAuthenticator {
    /** The shortest secret accepted, in bytes. */
    public static final int MIN_SECRET_BYTES = 16;
    private static final int PROOF_BYTES = 32;
    private static final byte[] LABEL = "coord-peer-auth-v1".getBytes(StandardCharsets.US_ASCII);

    private final Mac[] macs;

    /** Uses {@code secrets}: the first proves, any verifies; each at least {@link #MIN_SECRET_BYTES} bytes. */
    public SharedSecretAuthenticator(List<byte[]> secrets) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("at least one shared secret is needed");
        }
        macs = new Mac[secrets.size()];
        for (int i = 0; i < macs.length; i++) {
            byte[] secret = secrets.get(i);
            if (secret.length < MIN_SECRET_BYTES) {
                throw new IllegalArgumentException("shared secret " + (i + 1) + " has " + secret.length
                    + " bytes, at least " + MIN_SECRET_BYTES + " are needed");
            }
            try {
                macs[i] = Mac.getInstance("HmacSHA256");
                macs[i].init(new SecretKeySpec(secret, "HmacSHA256"));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is not available", e);
            }
        }
    }

    /**
     * Reads secrets from a file: each line that is neither blank nor starts with '#' is one secret (its
     * UTF-8 bytes, surrounding whitespace removed), in order: the first proves.
     */
    public static SharedSecretAuthenticator fromFile(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the shared secret file " + file, e);
        }
        List<byte[]> secrets = new ArrayList<>();
        for (String line : lines) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                secrets.add(trimmed.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("the shared secret file " + file + " holds no secret");
        }
        try {
            return new SharedSecretAuthenticator(secrets);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public int proofBytes() {
        return PROOF_BYTES;
    }

    @Override
    public byte[] prove(HandshakeTranscript transcript, boolean asDialer) {
        return mac(macs[0], transcript, asDialer);
    }

    @Override
    public boolean verify(HandshakeTranscript transcript, boolean fromDialer, byte[] proof) {
        boolean valid = false;
        for (Mac mac : macs) {
            // Every secret is tried, whatever matched, so the time does not tell which one did.
            valid |= MessageDigest.isEqual(mac(mac, transcript, fromDialer), proof);
        }
        return valid;
    }

    private static byte[] mac(Mac mac, HandshakeTranscript t, boolean dialer) {
        byte[] cluster = t.clusterName().getBytes(StandardCharsets.UTF_8);
        ByteBuffer ids = ByteBuffer.allocate(1 + 4 + 4 + 4).order(ByteOrder.LITTLE_ENDIAN);
        ids.put((byte) (dialer ? 'D' : 'A')).putInt(cluster.length).putInt(t.dialerId()).putInt(t.acceptorId());
        mac.reset();
        mac.update(LABEL);
        mac.update(ids.array());
        mac.update(cluster);
        mac.update(t.dialerNonce());
        mac.update(t.acceptorNonce());
        return mac.doFinal();
    }
}
