package dev.coord.transport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TlsContext is the TLS material of one peer (its certificate chain and private key, and the certificates
 * it trusts) and makes the {@link SSLEngine} of each new connection: TLS 1.3 only, mutual authentication
 * (both sides present a certificate that must chain to the other's trusted certificates).
 *
 * <p>Material comes from PEM files (a certificate chain, an unencrypted PKCS#8 key, trusted certificates)
 * or PKCS#12 stores. Peer certificates are checked against the trust with PKIX; host names are not
 * checked (a peer's identity is its membership, proven by a trusted certificate).
 *
 * <p>Rotation: {@link #reload()} re-reads the files; {@link #watchFiles} makes the next new connection
 * re-read them when one changed (checked at most once a second). New connections use the new material;
 * established ones keep theirs. A reload that fails keeps the old material and says why (the exception from
 * {@code reload}, one WARN line when watching).
 *
 * <p>Threading: {@code reload} from any thread; engines are made on the transport's agent thread.
 */
public final class TlsContext {
    private static final Logger LOG = LoggerFactory.getLogger(TlsContext.class);
    private static final String[] PROTOCOLS = {"TLSv1.3"};
    private static final long WATCH_INTERVAL_NS = TimeUnit.SECONDS.toNanos(1);

    private final Loader loader;
    private final List<Path> files;
    private volatile SSLContext context;
    private volatile boolean watch;
    private volatile List<FileTime> stamps;
    private final AtomicLong loads = new AtomicLong();
    private long lastCheckNs;
    private boolean checked;

    /** Loads material; throws the reason it is unusable. */
    @FunctionalInterface
    private interface Loader {
        SSLContext load() throws IOException, GeneralSecurityException;
    }

    private TlsContext(Loader loader, List<Path> files) {
        this.loader = loader;
        this.files = files;
        reload();
    }

    /**
     * Material from PEM files.
     *
     * @param certificateChain this peer's certificate first, then any intermediates
     * @param privateKey       the unencrypted PKCS#8 private key of that certificate
     * @param trustedCertificates the certificates (CAs or peers' own) a peer's chain must lead to
     */
    public static TlsContext fromPem(Path certificateChain, Path privateKey, Path trustedCertificates) {
        return new TlsContext(() -> {
            List<X509Certificate> chain = PemFiles.certificates(certificateChain);
            PrivateKey key = PemFiles.privateKey(privateKey);
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            char[] password = new char[0];
            keys.setKeyEntry("peer", key, password, chain.toArray(new Certificate[0]));
            return sslContext(keys, password, trustStore(PemFiles.certificates(trustedCertificates)));
        }, List.of(certificateChain, privateKey, trustedCertificates));
    }

    /**
     * Material from PKCS#12 stores.
     *
     * @param keyStore      a store with one private key entry and its chain
     * @param keyPassword   the password of that store and of its key
     * @param trustStore    a store whose certificate entries (and the certificates of key entries) are trusted
     * @param trustPassword the password of the trust store
     */
    public static TlsContext fromPkcs12(Path keyStore, char[] keyPassword, Path trustStore, char[] trustPassword) {
        char[] keyPass = keyPassword.clone();
        char[] trustPass = trustPassword.clone();
        return new TlsContext(() -> {
            KeyStore keys = loadPkcs12(keyStore, keyPass);
            KeyStore trusted = loadPkcs12(trustStore, trustPass);
            List<X509Certificate> certificates = new ArrayList<>();
            for (Enumeration<String> aliases = trusted.aliases(); aliases.hasMoreElements(); ) {
                Certificate certificate = trusted.getCertificate(aliases.nextElement());
                if (certificate instanceof X509Certificate x509) {
                    certificates.add(x509);
                }
            }
            return sslContext(keys, keyPass, trustStore(certificates));
        }, List.of(keyStore, trustStore));
    }

    /**
     * Re-reads the material; new connections use it from now on.
     *
     * @throws IllegalArgumentException naming the file and the reason when the material is unusable; the
     *                                  material in use is then kept
     */
    public void reload() {
        List<FileTime> before = stampFiles();
        try {
            context = loader.load();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("unusable TLS material (" + files + "): " + e.getMessage(), e);
        }
        stamps = before;
        loads.incrementAndGet();
    }

    /** Makes new connections re-read the files when one of them changed; returns this. */
    public TlsContext watchFiles() {
        watch = true;
        return this;
    }

    /** How many times the material was loaded (1 after construction). */
    public long loadCount() {
        return loads.get();
    }

    /** A new engine for one connection: the client side when dialing, the server side when accepting. */
    SSLEngine newEngine(boolean client, long nowNs) {
        if (watch && (!checked || nowNs - lastCheckNs >= WATCH_INTERVAL_NS)) {
            checked = true;
            lastCheckNs = nowNs;
            maybeReloadChangedFiles();
        }
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(client);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(PROTOCOLS);
        if (!client) {
            parameters.setNeedClientAuth(true);
        }
        engine.setSSLParameters(parameters);
        return engine;
    }

    private void maybeReloadChangedFiles() {
        List<FileTime> now = stampFiles();
        if (now.equals(stamps)) {
            return;
        }
        try {
            reload();
            LOG.info("Reloaded TLS material from {}", files);
        } catch (IllegalArgumentException e) {
            stamps = now;
            LOG.warn("Kept the TLS material in use: {}", e.getMessage());
        }
    }

    private List<FileTime> stampFiles() {
        List<FileTime> result = new ArrayList<>();
        for (Path file : files) {
            try {
                result.add(Files.getLastModifiedTime(file));
            } catch (IOException e) {
                result.add(FileTime.fromMillis(-1));
            }
        }
        return result;
    }

    private static KeyStore loadPkcs12(Path file, char[] password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password);
        }
        return store;
    }

    private static KeyStore trustStore(List<X509Certificate> certificates) throws IOException, GeneralSecurityException {
        if (certificates.isEmpty()) {
            throw new GeneralSecurityException("no trusted certificate");
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (int i = 0; i < certificates.size(); i++) {
            trust.setCertificateEntry("trusted-" + i, certificates.get(i));
        }
        return trust;
    }

    private static SSLContext sslContext(KeyStore keys, char[] password, KeyStore trust) throws GeneralSecurityException {
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, password);
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), new SecureRandom());
        return context;
    }

    @Override
    public String toString() {
        return "TlsContext" + Objects.toString(files);
    }
}
