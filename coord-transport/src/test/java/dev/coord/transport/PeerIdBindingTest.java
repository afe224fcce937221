package dev.coord.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coord.testkit.pki.TestPki;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeerIdBindingTest {
    @TempDir
    static Path pkiDir;
    /** Names peer 2 of "orders", peer 7 of "my cluster" (scheme in capitals), and carries a DNS name. */
    private static X509Certificate several;
    /** Has no subject alternative name at all. */
    private static X509Certificate unnamed;

    private final PeerIdBinding orders = new PeerIdBinding("orders");

    @BeforeAll
    static void makeCertificates() {
        TestPki.Authority ca = TestPki.authority(pkiDir, "binding-unit-ca");
        several = ca.issue("several", "uri:coord-peer:orders/2", "uri:COORD-PEER:my%20cluster/7",
            "dns:peer2.example").certificate();
        unnamed = ca.issue("unnamed").certificate();
    }

    @Test
    void shouldWriteTheClusterNamePercentEncodedExceptUnreservedCharacters() {
        assertThat(PeerIdBinding.sanUri("orders", 2)).isEqualTo("coord-peer:orders/2");
        assertThat(PeerIdBinding.sanUri("a-b.c_d~e", 0)).isEqualTo("coord-peer:a-b.c_d~e/0");
        assertThat(PeerIdBinding.sanUri("my cluster/x", 12)).isEqualTo("coord-peer:my%20cluster%2Fx/12");
        assertThat(PeerIdBinding.sanUri("zürich", 1)).isEqualTo("coord-peer:z%C3%BCrich/1");
        assertThatThrownBy(() -> PeerIdBinding.sanUri("orders", -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldAcceptACertificateForEachPeerIdItNames() {
        assertThat(orders.reject(2, several)).isNull();
        assertThat(new PeerIdBinding("my cluster").reject(7, several)).as("scheme case-insensitive, name decoded")
            .isNull();
    }

    @Test
    void shouldRejectAnotherPeerIdSayingWhatTheCertificateNames() {
        assertThat(orders.reject(3, several))
            .contains("claims to be peer 3")
            .contains("subject CN=binding-unit-ca several")
            .contains("names coord-peer:orders/2, COORD-PEER:my%20cluster/7,")
            .contains("not coord-peer:orders/3")
            .doesNotContain("peer2.example");
        assertThat(orders.reject(20, several)).as("no prefix match on ids").contains("claims to be peer 20");
    }

    @Test
    void shouldRejectTheSamePeerIdOfAnotherCluster() {
        assertThat(new PeerIdBinding("payments").reject(2, several)).contains("not coord-peer:payments/2");
        assertThat(new PeerIdBinding("my cluster").reject(2, several)).contains("claims to be peer 2");
    }

    @Test
    void shouldRejectACertificateThatNamesNoPeer() {
        assertThat(orders.reject(1, unnamed)).contains("names no coord-peer URI, not coord-peer:orders/1");
    }
}
