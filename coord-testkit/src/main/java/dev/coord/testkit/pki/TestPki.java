package dev.coord.testkit.pki;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * TestPki makes TLS material for tests with the JDK's own {@code keytool} (run as a process) and JDK APIs:
 * a CA and a peer certificate it signed, or a self-signed certificate, each written both as PEM files
 * (certificate chain, PKCS#8 key, trusted certificates) and as PKCS#12 stores. An {@link Authority} issues
 * several certificates (with subject alternative names) from one CA, and certificate revocation lists.
 *
 * <p>Keys are EC P-256; certificates are valid for two days. Every file goes under the directory given.
 *
 * <p>Threading: stateless; any thread.
 */
public final class TestPki {
    /** The password of every store and key made here. */
    public static final String PASSWORD = "changeit";

    private TestPki() {
    }

    /**
     * TLS material of one identity.
     *
     * @param chainPem      the certificate chain, the identity's own first
     * @param keyPem        its unencrypted PKCS#8 private key
     * @param trustPem      the certificates it trusts (its CA, or itself when self-signed)
     * @param keyStoreP12   a PKCS#12 store with the key and chain (password {@link #PASSWORD})
     * @param trustStoreP12 a PKCS#12 store with the trusted certificates (password {@link #PASSWORD})
     */
    public record Material(Path chainPem, Path keyPem, Path trustPem, Path keyStoreP12, Path trustStoreP12) {
        /** The identity's own certificate (the first of its chain). */
        public X509Certificate certificate() {
            return readCertificates(chainPem).get(0);
        }
    }

    /** A new CA named {@code name} and one peer certificate it signed, under {@code dir/name}. */
    public static Material caSigned(Path dir, String name) {
        return authority(dir, name).issue("peer");
    }

    /** A new CA named {@code name} (subject "CN=name test CA"), its files under {@code dir/name}. */
    public static Authority authority(Path dir, String name) {
        try {
            Path home = Files.createDirectories(dir.resolve(name));
            Path ca = home.resolve("ca.p12");
            keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=" + name + " test CA", "-ext", "bc:c", "-validity", "2",
                "-keystore", ca.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
            return new Authority(name, home, ca, (X509Certificate) load(ca).getCertificate("ca"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Authority is a test CA: it issues certificates and revocation lists with keytool.
     *
     * <p>Threading: not thread-safe; use on one thread.
     */
    public static final class Authority {
        private final String name;
        private final Path home;
        private final Path caStore;
        private final X509Certificate certificate;

        private Authority(String name, Path home, Path caStore, X509Certificate certificate) {
            this.name = name;
            this.home = home;
            this.caStore = caStore;
            this.certificate = certificate;
        }

        /** The CA's own certificate. */
        public X509Certificate certificate() {
            return certificate;
        }

        /**
         * A new key and a certificate for it signed by this CA (subject "CN=&lt;CA name&gt; &lt;peer&gt;"), as
         * material that trusts this CA, its files under {@code dir/<CA name>/<peer>}.
         *
         * @param peer              a name for the identity and its directory, unique per authority
         * @param subjectAltNames   keytool SAN entries, e.g. {@code "uri:coord-peer:c/2"}, {@code "dns:a.example"}
         */
        public Material issue(String peer, String... subjectAltNames) {
            try {
                Path dir = Files.createDirectories(home.resolve(peer));
                // keytool -genkeypair -signer (JDK 17+) makes the key and the CA-signed certificate in one run,
                // kept in the CA's store under the alias "peer-<name>".
                String alias = "peer-" + peer;
                List<String> args = new ArrayList<>(List.of("-genkeypair", "-alias", alias, "-keyalg", "EC",
                    "-groupname", "secp256r1", "-dname", "CN=" + name + " " + peer, "-validity", "2",
                    "-signer", "ca", "-keystore", caStore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD));
                if (subjectAltNames.length > 0) {
                    args.add("-ext");
                    args.add("san=" + String.join(",", subjectAltNames));
                }
                keytool(args.toArray(new String[0]));
                KeyStore store = load(caStore);
                PrivateKey key = (PrivateKey) store.getKey(alias, PASSWORD.toCharArray());
                X509Certificate own = (X509Certificate) store.getCertificateChain(alias)[0];
                return write(dir, key, List.of(own, certificate), List.of(certificate));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        /**
         * Writes to {@code file} a CRL of this CA (valid 90 days, keytool's default) that revokes
         * {@code revoked} (none for an empty list), as PEM, or as DER when {@code der}. The file is replaced
         * atomically (written beside it, then renamed), so a reader never sees half of it.
         */
        public Path revocationList(Path file, boolean der, X509Certificate... revoked) {
            Path temporary = file.resolveSibling(file.getFileName() + ".new");
            List<String> args = new ArrayList<>(List.of("-gencrl", "-alias", "ca",
                "-keystore", caStore.toString(), "-storepass", PASSWORD, "-file", temporary.toString()));
            for (X509Certificate certificate : revoked) {
                args.add("-id");
                args.add(certificate.getSerialNumber().toString());
            }
            if (!der) {
                args.add("-rfc");
            }
            try {
                Files.deleteIfExists(temporary);
                keytool(args.toArray(new String[0]));
                return Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A new self-signed certificate named {@code name} that trusts only itself, under {@code dir/name}. */
    public static Material selfSigned(Path dir, String name) {
        try {
            Path home = Files.createDirectories(dir.resolve(name));
            Path store = home.resolve("self.p12");
            keytool("-genkeypair", "-alias", "self", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=" + name, "-validity", "2",
                "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
            KeyStore keys = load(store);
            X509Certificate certificate = (X509Certificate) keys.getCertificate("self");
            PrivateKey key = (PrivateKey) keys.getKey("self", PASSWORD.toCharArray());
            return write(home, key, List.of(certificate), List.of(certificate));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes PEM text of {@code certificates} to {@code file}. */
    public static void writeCertificates(Path file, List<X509Certificate> certificates) {
        StringBuilder pem = new StringBuilder();
        try {
            for (X509Certificate certificate : certificates) {
                pem.append(pem("CERTIFICATE", certificate.getEncoded()));
            }
            Files.writeString(file, pem, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The certificates in a PEM file. */
    public static List<X509Certificate> readCertificates(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> result = new ArrayList<>();
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                result.add((X509Certificate) certificate);
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Material write(Path home, PrivateKey key, List<X509Certificate> chain, List<X509Certificate> trusted)
        throws IOException, GeneralSecurityException {
        Path chainPem = home.resolve("chain.pem");
        Path keyPem = home.resolve("key.pem");
        Path trustPem = home.resolve("trust.pem");
        writeCertificates(chainPem, chain);
        Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
        writeCertificates(trustPem, trusted);
        Path keyStore = home.resolve("keys.p12");
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("peer", key, PASSWORD.toCharArray(), chain.toArray(new Certificate[0]));
        store(keys, keyStore);
        Path trustStore = home.resolve("trust.p12");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (int i = 0; i < trusted.size(); i++) {
            trust.setCertificateEntry("trusted-" + i, trusted.get(i));
        }
        store(trust, trustStore);
        return new Material(chainPem, keyPem, trustPem, keyStore, trustStore);
    }

    private static void store(KeyStore store, Path file) throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, PASSWORD.toCharArray());
        }
    }

    private static KeyStore load(Path file) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
            + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der)
            + "\n-----END " + type + "-----\n";
    }

    /** Runs keytool with {@code args}, failing with its output if it fails or takes over a minute. */
    private static void keytool(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.add("-J-Xshare:auto");
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new IOException("keytool did not finish: " + command);
            }
            if (process.exitValue() != 0) {
                throw new IOException("keytool failed (" + process.exitValue() + "): " + command + "\n"
                    + new String(output, StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for keytool", e);
        } finally {
            process.destroyForcibly();
        }
    }
}
