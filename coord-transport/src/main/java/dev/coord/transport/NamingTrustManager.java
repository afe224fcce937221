package dev.coord.transport;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * NamingTrustManager is a trust manager that decides as the one it wraps and, when it refuses a peer's
 * chain (untrusted, expired, revoked), says which certificate was refused: the refusal's message starts
 * with the subject, serial number and issuer of the peer's own certificate, so the one log line a refused
 * connection gets names it.
 *
 * <p>Threading: as the wrapped trust manager (the JDK's is thread-safe).
 */
final class NamingTrustManager extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager delegate;

    NamingTrustManager(X509ExtendedTrustManager delegate) {
        this.delegate = delegate;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        checked(chain, () -> delegate.checkClientTrusted(chain, authType));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        checked(chain, () -> delegate.checkServerTrusted(chain, authType));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
        checked(chain, () -> delegate.checkClientTrusted(chain, authType, socket));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
        checked(chain, () -> delegate.checkServerTrusted(chain, authType, socket));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
        checked(chain, () -> delegate.checkClientTrusted(chain, authType, engine));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
        checked(chain, () -> delegate.checkServerTrusted(chain, authType, engine));
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }

    /** A check of the delegate, which may refuse the chain. */
    private interface Check {
        void run() throws CertificateException;
    }

    /** Runs {@code check}; a refusal is rethrown with the refused certificate named in its message. */
    private static void checked(X509Certificate[] chain, Check check) throws CertificateException {
        try {
            check.run();
        } catch (CertificateException e) {
            throw named(chain, e);
        }
    }

    private static CertificateException named(X509Certificate[] chain, CertificateException e) {
        if (chain == null || chain.length == 0) {
            return e;
        }
        X509Certificate own = chain[0];
        return new CertificateException("certificate refused (" + PeerIdBinding.describe(own) + ", issuer "
            + own.getIssuerX500Principal().getName() + "): " + e.getMessage(), e);
    }
}
