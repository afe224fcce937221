package dev.coord.transport;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * PeerIdBinding is the rule that ties a TLS certificate to the peer ids it may claim: a certificate names
 * peer {@code id} of cluster {@code name} when it carries the subject alternative name (SAN) URI
 *
 * <pre>
 *   coord-peer:&lt;cluster name&gt;/&lt;peer id&gt;        e.g. coord-peer:orders/2
 * </pre>
 *
 * The cluster name is percent-encoded as UTF-8, except the characters {@code A-Z a-z 0-9 - . _ ~}, which
 * stand as they are ({@link #sanUri} writes the canonical form); the peer id is decimal, without sign or
 * leading zeros. The scheme is matched ignoring case, the rest exactly (after decoding). A certificate may
 * name several ids; it is accepted for any of them. The subject's CN is not looked at.
 *
 * <p>Pure: no I/O, no clock. Threading: immutable; any thread.
 */
public final class PeerIdBinding {
    /** The URI scheme of the SAN that names a peer. */
    public static final String SCHEME = "coord-peer";
    /** The GeneralName tag of a URI in {@link X509Certificate#getSubjectAlternativeNames()}. */
    private static final int SAN_URI = 6;
    private static final String PREFIX = SCHEME + ":";

    private final String clusterName;

    /** The binding for peers of {@code clusterName}. */
    public PeerIdBinding(String clusterName) {
        this.clusterName = clusterName;
    }

    /** The SAN URI that names {@code peerId} of {@code clusterName}, to put in that peer's certificate. */
    public static String sanUri(String clusterName, int peerId) {
        if (peerId < 0) {
            throw new IllegalArgumentException("peer ids are >= 0: " + peerId);
        }
        StringBuilder uri = new StringBuilder(PREFIX);
        for (byte b : clusterName.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (unreserved(c)) {
                uri.append(c);
            } else {
                uri.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                    .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
            }
        }
        return uri.append('/').append(peerId).toString();
    }

    /**
     * Returns null if {@code certificate} names {@code claimedId} of this cluster, else the reason it does
     * not, saying what the certificate names instead.
     */
    public String reject(int claimedId, X509Certificate certificate) {
        List<String> peerUris = new ArrayList<>();
        Collection<List<?>> names;
        try {
            names = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return "the certificate presented for peer " + claimedId + " (" + describe(certificate)
                + ") has unreadable subject alternative names: " + e.getMessage();
        }
        if (names != null) {
            for (List<?> name : names) {
                if (name.size() >= 2 && Integer.valueOf(SAN_URI).equals(name.get(0))
                    && name.get(1) instanceof String uri && uri.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
                    if (names(uri, claimedId)) {
                        return null;
                    }
                    peerUris.add(uri);
                }
            }
        }
        String says = peerUris.isEmpty() ? "no " + SCHEME + " URI" : String.join(", ", peerUris);
        return "peer-id mismatch: claims to be peer " + claimedId + " but its certificate (" + describe(certificate)
            + ") names " + says + ", not " + sanUri(clusterName, claimedId);
    }

    /** The subject and serial number of {@code certificate}, for log lines. */
    static String describe(X509Certificate certificate) {
        return "subject " + certificate.getSubjectX500Principal().getName()
            + ", serial " + certificate.getSerialNumber().toString(16).toUpperCase(Locale.ROOT);
    }

    private boolean names(String uri, int claimedId) {
        int slash = uri.lastIndexOf('/');
        if (slash < PREFIX.length()) {
            return false;
        }
        String id = uri.substring(slash + 1);
        if (!id.equals(Integer.toString(claimedId))) {
            return false;
        }
        String cluster = percentDecode(uri.substring(PREFIX.length(), slash));
        return clusterName.equals(cluster);
    }

    /** Decodes %XX escapes as UTF-8; returns null for a malformed escape. */
    private static String percentDecode(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '%') {
                if (c > 0x7F) {
                    return null;
                }
                bytes.write(c);
                continue;
            }
            if (i + 2 >= text.length()) {
                return null;
            }
            int high = Character.digit(text.charAt(i + 1), 16);
            int low = Character.digit(text.charAt(i + 2), 16);
            if (high < 0 || low < 0) {
                return null;
            }
            bytes.write(high << 4 | low);
            i += 2;
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static boolean unreserved(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
            || c == '-' || c == '.' || c == '_' || c == '~';
    }
}
