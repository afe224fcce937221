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
import java.security.cert.CertPathValidator;
import java.security.cert.CertStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.X509CRL;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.CertPathTrustManagerParameters;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TlsContext is the TLS material of one peer (its certificate chain and private key, and the certificates
 * it trusts) and makes the {@link SSLEngine} of each new connection: TLS 1.3 only, mutual authentication
 * (both sides present a certificate that must chain to the other's trusted certificates).
 *
 * <p>Material comes from PEM files (a certificate chain, an unencrypted PKCS#8 key, trusted certificates)
 * or PKCS#12 stores. Peer certificates are checked against the trust with PKIX; host names are not
 * checked (a peer's identity is the peer id its certificate names, see {@link PeerIdBinding}, checked by
 * the transport after the TLS handshake).
 *
 * <p>Revocation ({@link #withRevocationList}): an optional file of X.509 CRLs, PEM or DER. With one, every
 * certificate of a peer's chain below the trust anchor must be covered by a current CRL in the file from
 * its issuer and not be listed in it; a revoked certificate, or one whose status the file cannot tell
 * (no CRL of its issuer), is refused. Nothing is fetched from the network: no OCSP, and no CRL
 * distribution points (unless the application sets the JDK's {@code com.sun.security.enableCRLDP}).
 *
 * <p>Rotation: {@link #reload()} re-reads the files (the CRL file too); {@link #watchFiles} makes the
 * transport's agent re-read them when one changed (checked at most once a second, see {@link #checkFiles}).
 * New connections use the new material. Each load has a {@link #generation}; the transport re-checks the
 * certificate chain of every established connection against a newer generation with {@link #rejectPeer}
 * (the same trust manager the handshake uses) and closes those it no longer trusts. A reload that fails
 * keeps the old material and says why (the exception from {@code reload}, one WARN line when watching).
 *
 * <p>Threading: {@code reload} from any thread; engines are made, files checked and chains re-checked on
 * the agent threads of the transports using this context.
 */
public final class TlsContext {
    private static final Logger LOG = LoggerFactory.getLogger(TlsContext.class);
    private static final String[] PROTOCOLS = {"TLSv1.3"};
    private static final long DEFAULT_WATCH_INTERVAL_NS = TimeUnit.SECONDS.toNanos(1);

    private final Loader loader;
    private final List<Path> materialFiles;
    /** The CRL file, or null when revocation is not checked. */
    private final Path crlFile;
    private final List<Path> files;
    private volatile Loaded loaded;
    private volatile boolean watch;
    private volatile long watchIntervalNs = DEFAULT_WATCH_INTERVAL_NS;
    private volatile List<FileTime> stamps;
    private volatile long lastCheckNs;
    private volatile boolean checked;

    /** Loads material; throws the reason it is unusable. */
    @FunctionalInterface
    private interface Loader {
        Material load() throws IOException, GeneralSecurityException;
    }

    /**
     * Material read from the files.
     *
     * @param keys     a store holding this peer's key entry and chain
     * @param password the password of that key entry
     * @param trusted  the trusted certificates, at least one
     */
    private record Material(KeyStore keys, char[] password, List<X509Certificate> trusted) {
    }

    /**
     * The material in use.
     *
     * @param context    makes the engines of new connections
     * @param trust      the trust manager inside {@code context} (checks peers' chains)
     * @param generation which load this is: 1 for the first, one more for each successful reload
     */
    private record Loaded(SSLContext context, X509ExtendedTrustManager trust, long generation) {
    }

    private TlsContext(Loader loader, List<Path> materialFiles, Path crlFile) {
        this.loader = loader;
        this.materialFiles = materialFiles;
        this.crlFile = crlFile;
        List<Path> all = new ArrayList<>(materialFiles);
        if (crlFile != null) {
            all.add(crlFile);
        }
        this.files = List.copyOf(all);
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
            return new Material(keys, password, PemFiles.certificates(trustedCertificates));
        }, List.of(certificateChain, privateKey, trustedCertificates), null);
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
            return new Material(keys, keyPass, certificates);
        }, List.of(keyStore, trustStore), null);
    }

    /**
     * A context with the same material that also checks revocation against the CRLs in {@code crlFile}
     * (PEM "X509 CRL" blocks or DER, one or more), re-read with the rest on {@link #reload()} and watched by
     * {@link #watchFiles()} (which carries over). Each CRL must have a nextUpdate, be current, and verify
     * with its issuer's key when that issuer is a trusted certificate or in this peer's chain.
     *
     * @throws IllegalArgumentException naming the file and the reason when the CRLs are unusable
     */
    public TlsContext withRevocationList(Path crlFile) {
        TlsContext context = new TlsContext(loader, materialFiles, Objects.requireNonNull(crlFile, "crlFile"));
        return watch ? context.watchFiles(watchIntervalNs) : context;
    }

    /** The CRL file checked for revocation, or null when revocation is not checked. */
    public Path revocationList() {
        return crlFile;
    }

    /**
     * Re-reads the material; new connections use it from now on.
     *
     * @throws IllegalArgumentException naming the file and the reason when the material is unusable; the
     *                                  material in use is then kept
     */
    public synchronized void reload() {
        List<FileTime> before = stampFiles();
        Loaded previous = loaded;
        try {
            loaded = load(loader.load(), previous == null ? 1 : previous.generation() + 1);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("unusable TLS material (" + files + "): " + e.getMessage(), e);
        }
        stamps = before;
    }

    /**
     * Makes the transport re-read the files when one of them changed (looked at, by modification time, at
     * most once a second from its agent thread, and before each new connection); returns this.
     */
    public TlsContext watchFiles() {
        return watchFiles(DEFAULT_WATCH_INTERVAL_NS);
    }

    /** As {@link #watchFiles()}, checking at most once per {@code intervalNs} (0: at every look). */
    TlsContext watchFiles(long intervalNs) {
        watchIntervalNs = intervalNs;
        watch = true;
        return this;
    }

    /** How many times the material was loaded (1 after construction). */
    public long loadCount() {
        return loaded.generation();
    }

    /** The generation of the material in use: {@link #loadCount()}; a reload makes it larger. */
    long generation() {
        return loaded.generation();
    }

    /**
     * When watching, re-reads the files if one changed since the last load and the last look was at least
     * the watch interval before {@code nowNs}; otherwise does nothing. Called by the transport's agent.
     */
    void checkFiles(long nowNs) {
        if (!watch || (checked && nowNs - lastCheckNs < watchIntervalNs)) {
            return;
        }
        synchronized (this) {
            // Several transports may share this context: one of them looks, the others see it done.
            if (checked && nowNs - lastCheckNs < watchIntervalNs) {
                return;
            }
            checked = true;
            lastCheckNs = nowNs;
            maybeReloadChangedFiles();
        }
    }

    /**
     * When {@link #checkFiles} will next look at the files, for the agent's timer; a day from {@code nowNs}
     * when not watching, or when watching with interval 0 (it then looks at every poll and needs no timer).
     */
    long nextFileCheckNs(long nowNs) {
        if (!watch || watchIntervalNs == 0) {
            return nowNs + TimeUnit.DAYS.toNanos(1);
        }
        return checked ? lastCheckNs + watchIntervalNs : nowNs;
    }

    /**
     * Checks a peer's certificate chain, as presented in an earlier handshake, against the material in use
     * now, with the trust manager the handshake uses: a path to a trusted certificate, validity dates, and,
     * with a CRL file, revocation.
     *
     * @param chain       the peer's chain, its own certificate first ({@code SSLSession.getPeerCertificates()})
     * @param peerIsClient whether the peer was the TLS client (it dialed this side)
     * @return null when the chain is trusted; else the reason, naming the certificate refused and the files
     */
    String rejectPeer(X509Certificate[] chain, boolean peerIsClient) {
        X509ExtendedTrustManager trust = loaded.trust();
        try {
            if (peerIsClient) {
                trust.checkClientTrusted(chain.clone(), chain[0].getPublicKey().getAlgorithm());
            } else {
                // What the JDK's TLS 1.3 client passes: the key exchange does not depend on the certificate.
                trust.checkServerTrusted(chain.clone(), "UNKNOWN");
            }
            return null;
        } catch (CertificateException e) {
            return "no longer trusted by the TLS material reloaded from " + files + ": " + e.getMessage();
        }
    }

    /** A new engine for one connection: the client side when dialing, the server side when accepting. */
    SSLEngine newEngine(boolean client, long nowNs) {
        checkFiles(nowNs);
        SSLEngine engine = loaded.context().createSSLEngine();
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

    private Loaded load(Material material, long generation) throws IOException, GeneralSecurityException {
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(material.keys(), material.password());
        KeyStore trust = trustStore(material.trusted());
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
        if (crlFile == null) {
            trustManagers.init(trust);
        } else {
            List<X509Certificate> knownCas = new ArrayList<>(material.trusted());
            knownCas.addAll(ownChain(material.keys()));
            List<X509CRL> crls = CrlFiles.read(crlFile, knownCas, Instant.now());
            trustManagers.init(new CertPathTrustManagerParameters(revocationParameters(trust, crls)));
        }
        NamingTrustManager checker = named(trustManagers.getTrustManagers());
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(keyManagers.getKeyManagers(), new TrustManager[]{checker}, new SecureRandom());
        return new Loaded(context, checker, generation);
    }

    /** PKIX parameters that check every certificate of a chain against {@code crls} alone (no OCSP, no fetching). */
    private static PKIXBuilderParameters revocationParameters(KeyStore trust, List<X509CRL> crls)
        throws GeneralSecurityException {
        PKIXBuilderParameters parameters = new PKIXBuilderParameters(trust, new X509CertSelector());
        parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(crls)));
        PKIXRevocationChecker checker =
            (PKIXRevocationChecker) CertPathValidator.getInstance("PKIX").getRevocationChecker();
        // CRLs first and nothing else: no OCSP fallback (the CRLs come only from the CertStore above).
        checker.setOptions(EnumSet.of(PKIXRevocationChecker.Option.PREFER_CRLS,
            PKIXRevocationChecker.Option.NO_FALLBACK));
        parameters.addCertPathChecker(checker);
        parameters.setRevocationEnabled(true);
        return parameters;
    }

    /** The certificates of the key entries in {@code keys}. */
    private static List<X509Certificate> ownChain(KeyStore keys) throws GeneralSecurityException {
        List<X509Certificate> chain = new ArrayList<>();
        for (Enumeration<String> aliases = keys.aliases(); aliases.hasMoreElements(); ) {
            Certificate[] certificates = keys.getCertificateChain(aliases.nextElement());
            if (certificates != null) {
                for (Certificate certificate : certificates) {
                    if (certificate instanceof X509Certificate x509) {
                        chain.add(x509);
                    }
                }
            }
        }
        return chain;
    }

    /** The PKIX trust manager among {@code managers}, wrapped so that a refusal names the refused certificate. */
    private static NamingTrustManager named(TrustManager[] managers) throws GeneralSecurityException {
        for (TrustManager manager : managers) {
            if (manager instanceof X509ExtendedTrustManager x509) {
                return new NamingTrustManager(x509);
            }
        }
        throw new GeneralSecurityException("the PKIX trust manager factory made no X.509 trust manager");
    }

    @Override
    public String toString() {
        return "TlsContext" + Objects.toString(files);
    }
}
