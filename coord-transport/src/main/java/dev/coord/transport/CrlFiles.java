package dev.coord.transport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CRL;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * CrlFiles reads a file of X.509 certificate revocation lists, PEM ("X509 CRL" blocks, one or more) or DER
 * (one or more concatenated), and checks that each can serve the JDK's PKIX revocation checker: it has a
 * nextUpdate, is current at load, and, when its issuer is among the certificates given, verifies with that
 * issuer's key.
 *
 * <p>Threading: stateless; any thread.
 */
final class CrlFiles {
    private static final String PEM_BEGIN = "-----BEGIN X509 CRL-----";

    private CrlFiles() {
    }

    /**
     * The CRLs in {@code file}, at least one.
     *
     * @param knownCas certificates that may have issued them (trusted certificates, this peer's chain)
     * @param now      the time the CRLs must be current at
     * @throws GeneralSecurityException naming the file and the CRL when one is unusable
     */
    static List<X509CRL> read(Path file, Collection<X509Certificate> knownCas, Instant now)
        throws IOException, GeneralSecurityException {
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, StandardCharsets.US_ASCII);
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<X509CRL> crls = new ArrayList<>();
        if (text.contains(PEM_BEGIN)) {
            for (byte[] der : PemFiles.blocks(file, "X509 CRL")) {
                crls.add((X509CRL) factory.generateCRL(new ByteArrayInputStream(der)));
            }
        } else {
            for (CRL crl : factory.generateCRLs(new ByteArrayInputStream(bytes))) {
                crls.add((X509CRL) crl);
            }
        }
        if (crls.isEmpty()) {
            throw new GeneralSecurityException(file + " holds no X.509 CRL (PEM \"X509 CRL\" blocks or DER)");
        }
        for (X509CRL crl : crls) {
            check(file, crl, knownCas, now);
        }
        return crls;
    }

    private static void check(Path file, X509CRL crl, Collection<X509Certificate> knownCas, Instant now)
        throws GeneralSecurityException {
        String which = file + ": the CRL of " + crl.getIssuerX500Principal().getName();
        if (crl.getNextUpdate() == null) {
            throw new GeneralSecurityException(which + " has no nextUpdate; the PKIX revocation checker needs one");
        }
        if (crl.getNextUpdate().toInstant().isBefore(now)) {
            throw new GeneralSecurityException(which + " expired at " + crl.getNextUpdate().toInstant()
                + " (its nextUpdate); issue a fresh one");
        }
        for (X509Certificate ca : knownCas) {
            if (ca.getSubjectX500Principal().equals(crl.getIssuerX500Principal())) {
                try {
                    crl.verify(ca.getPublicKey());
                    return;
                } catch (GeneralSecurityException notThisKey) {
                    // Another certificate of the same name (a CA being renewed) may hold the key.
                }
            }
        }
        for (X509Certificate ca : knownCas) {
            if (ca.getSubjectX500Principal().equals(crl.getIssuerX500Principal())) {
                throw new GeneralSecurityException(which + " is not signed by that CA's key");
            }
        }
    }
}
