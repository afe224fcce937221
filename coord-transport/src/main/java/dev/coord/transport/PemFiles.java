package dev.coord.transport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * PemFiles reads PEM files with the JDK alone: X.509 certificates ("CERTIFICATE" blocks) and unencrypted
 * PKCS#8 private keys ("PRIVATE KEY" blocks) of RSA, EC or EdDSA keys.
 *
 * <p>Threading: stateless; any thread.
 */
final class PemFiles {
    private static final String[] KEY_ALGORITHMS = {"RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS"};

    private PemFiles() {
    }

    /** Every certificate in {@code file}, in order; at least one. */
    static List<X509Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
        List<byte[]> blocks = blocks(file, "CERTIFICATE");
        if (blocks.isEmpty()) {
            throw new GeneralSecurityException(file + " holds no PEM CERTIFICATE block");
        }
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<X509Certificate> certificates = new ArrayList<>();
        for (byte[] der : blocks) {
            certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
        }
        return certificates;
    }

    /** The one PKCS#8 private key in {@code file}. */
    static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        if (text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
            throw new GeneralSecurityException(file + " holds an encrypted private key; give an unencrypted PKCS#8 "
                + "key (protect the file instead) or use PKCS#12");
        }
        if (text.contains("-----BEGIN RSA PRIVATE KEY-----") || text.contains("-----BEGIN EC PRIVATE KEY-----")) {
            throw new GeneralSecurityException(file + " holds a PKCS#1/SEC1 key; convert it to PKCS#8 "
                + "(openssl pkcs8 -topk8 -nocrypt)");
        }
        List<byte[]> blocks = blocks(file, "PRIVATE KEY");
        if (blocks.size() != 1) {
            throw new GeneralSecurityException(file + " must hold exactly one PEM PRIVATE KEY block, found "
                + blocks.size());
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(blocks.get(0));
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException notThisOne) {
                // Try the next algorithm: PKCS#8 names it inside, but the JDK has no factory that reads it.
            }
        }
        throw new GeneralSecurityException(file + ": the private key is not an RSA, EC or EdDSA PKCS#8 key");
    }

    /** Writes {@code der} as one PEM block of {@code type}. */
    static String encode(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
            + "\n-----END " + type + "-----\n";
    }

    /** The DER bytes of every PEM block of {@code type} in {@code file}, in order. */
    static List<byte[]> blocks(Path file, String type) throws IOException, GeneralSecurityException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        List<byte[]> blocks = new ArrayList<>();
        int at = 0;
        while ((at = text.indexOf(begin, at)) >= 0) {
            int stop = text.indexOf(end, at);
            if (stop < 0) {
                throw new GeneralSecurityException(file + ": a " + type + " block has no END line");
            }
            String body = text.substring(at + begin.length(), stop).replaceAll("\\s", "");
            try {
                blocks.add(Base64.getDecoder().decode(body));
            } catch (IllegalArgumentException e) {
                throw new GeneralSecurityException(file + ": a " + type + " block is not valid base64", e);
            }
            at = stop + end.length();
        }
        return blocks;
    }
}
