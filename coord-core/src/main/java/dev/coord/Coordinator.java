package dev.coord;

import dev.coord.metrics.PeerMetrics;
import dev.coord.peer.Clock;
import dev.coord.peer.EnsembleConfig;
import dev.coord.peer.Peer;
import dev.coord.peer.PeerConfig;
import dev.coord.transport.SharedSecretAuthenticator;
import dev.coord.transport.TlsContext;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Coordinator is an embedded Coord peer and its application's default session.
 *
 * <p>{@code Coordinator.builder().start()} needs no configuration: a standalone peer that keeps its
 * tree in memory. Give it a data directory and it is durable: every write is logged (Chronicle Queue)
 * and, with {@link Durability#FSYNC} (the default), forced to disk before it is acknowledged;
 * snapshots are taken and old ones purged automatically; a restart recovers the tree.
 *
 * <pre>{@code
 * try (Coordinator coord = Coordinator.builder().dataDir(Path.of("coord-data")).start()) {
 *     coord.create("/app", "hello".getBytes(UTF_8), CreateMode.PERSISTENT);
 *     NodeData d = coord.getData("/app", event -> System.out.println("changed: " + event));
 * }
 * }</pre>
 *
 * <p>Its {@link CoordClient} methods act for the default session. {@link #openSession} opens more.
 * {@link #close()} closes every session of this peer (their ephemerals are deleted at once) and stops
 * the peer. Thread-safe.
 *
 * <p>Futures returned by the async methods complete on the peer's agent thread: dependent actions added
 * with the non-async {@code CompletableFuture} methods run there and must be quick and never block; use
 * the {@code *Async} variants for anything else. Blocking calls made on the agent thread are refused
 * with {@link IllegalStateException}.
 */
public final class Coordinator implements CoordClient, AutoCloseable {
    private final Peer agent;
    private final Session defaultSession;
    // Set once by the builder before the Coordinator is handed out.
    private ManagementEndpoints endpoints = ManagementEndpoints.NONE;

    private Coordinator(Peer agent, Session defaultSession) {
        this.agent = agent;
        this.defaultSession = defaultSession;
    }

    /** A builder with the defaults: standalone, in memory, FSYNC, 10 s sessions, 100 ms tick. */
    public static Builder builder() {
        return new Builder();
    }

    /** Opens a session kept alive by this peer for as long as it is open. */
    public Session openSession(Duration timeout) {
        return openSession(timeout, Session.KeepAlive.AUTOMATIC);
    }

    /** Opens a session with the given keep-alive mode (see {@link Session.KeepAlive}). */
    public Session openSession(Duration timeout, Session.KeepAlive keepAlive) {
        return Futures.join(openSessionAsync(timeout, keepAlive));
    }

    /** Async {@link #openSession(Duration, Session.KeepAlive)}. */
    public CompletableFuture<Session> openSessionAsync(Duration timeout, Session.KeepAlive keepAlive) {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(keepAlive, "keepAlive");
        return agent.openSession(timeout.toMillis(), keepAlive);
    }

    /** This peer's role, epoch, last zxid, digest and counts. */
    public Status status() {
        return agent.status();
    }

    /**
     * This peer's metrics now (the figures of ZooKeeper's {@code mntr}): an immutable snapshot, read
     * without waiting for the peer's agent thread. The same figures are in JMX as
     * {@code dev.coord:type=Peer,id=N} while the Coordinator runs.
     */
    public PeerMetrics metrics() {
        return agent.metrics();
    }

    /**
     * The address the admin HTTP endpoint is bound to (with the actual port when port 0 was asked for),
     * or empty when the endpoint is off (the default; see {@link Builder#adminPort(int)}).
     */
    public Optional<InetSocketAddress> adminAddress() {
        return endpoints.adminAddress();
    }

    /** The default session, as a {@link Session} (closing it does not stop the peer). */
    public Session defaultSession() {
        return defaultSession;
    }

    /** Closes every session of this peer (deleting their ephemerals) and stops it. Idempotent. */
    @Override
    public void close() {
        endpoints.close(true);
        agent.shutdown();
    }

    /** Cuts this replicated peer off from {@code peers}, silently (tests only); an empty set heals. */
    void partitionFrom(Set<Integer> peers) {
        ((dev.coord.peer.ReplicatedAgent) agent).partitionFrom(peers);
    }

    /** Stops the peer abruptly, as a crash would (tests only): no session is closed first. */
    void halt() {
        endpoints.close(false);
        agent.halt();
    }

    // ---- CoordClient, for the default session ----

    @Override
    public long sessionId() {
        return defaultSession.sessionId();
    }

    @Override
    public SessionState state() {
        return defaultSession.state();
    }

    @Override
    public void addSessionListener(SessionListener listener) {
        defaultSession.addSessionListener(listener);
    }

    @Override
    public void removeSessionListener(SessionListener listener) {
        defaultSession.removeSessionListener(listener);
    }

    @Override
    public CompletableFuture<String> createAsync(String path, byte[] data, List<Acl> acl, CreateMode mode, long ttlMs) {
        return defaultSession.createAsync(path, data, acl, mode, ttlMs);
    }

    @Override
    public CompletableFuture<AclStat> getACLAsync(String path) {
        return defaultSession.getACLAsync(path);
    }

    @Override
    public CompletableFuture<Stat> setACLAsync(String path, List<Acl> acl, int aversion) {
        return defaultSession.setACLAsync(path, acl, aversion);
    }

    @Override
    public void addAuth(String scheme, byte[] credentials) {
        defaultSession.addAuth(scheme, credentials);
    }

    @Override
    public CompletableFuture<Void> deleteAsync(String path, int version) {
        return defaultSession.deleteAsync(path, version);
    }

    @Override
    public CompletableFuture<Stat> setDataAsync(String path, byte[] data, int version) {
        return defaultSession.setDataAsync(path, data, version);
    }

    @Override
    public CompletableFuture<List<OpResult>> multiAsync(List<Op> ops) {
        return defaultSession.multiAsync(ops);
    }

    @Override
    public CompletableFuture<Stat> existsAsync(String path, Watcher watcher) {
        return defaultSession.existsAsync(path, watcher);
    }

    @Override
    public CompletableFuture<NodeData> getDataAsync(String path, Watcher watcher) {
        return defaultSession.getDataAsync(path, watcher);
    }

    @Override
    public CompletableFuture<List<String>> getChildrenAsync(String path, Watcher watcher) {
        return defaultSession.getChildrenAsync(path, watcher);
    }

    @Override
    public CompletableFuture<Void> syncAsync(String path) {
        return defaultSession.syncAsync(path);
    }

    @Override
    public CompletableFuture<Void> addWatchAsync(String path, Watcher watcher, AddWatchMode mode) {
        return defaultSession.addWatchAsync(path, watcher, mode);
    }

    @Override
    public CompletableFuture<Void> removeWatchesAsync(String path, Watcher watcher, WatcherType type) {
        return defaultSession.removeWatchesAsync(path, watcher, type);
    }

    /**
     * Builder configures a {@link Coordinator}. Every setting has a default; {@link #start()} validates
     * them and starts the peer.
     */
    public static final class Builder {
        private int peerId = 1;
        private Path dataDir;
        private Durability durability = Durability.FSYNC;
        private Duration sessionTimeout = Duration.ofSeconds(10);
        private Duration tick = Duration.ofMillis(100);
        private int snapshotEveryTxns = 100_000;
        private int snapshotsRetained = 3;
        private int maxDataBytes = 1 << 20;
        private long logBlockBytes = 64L << 20;
        private Clock clock = Clock.SYSTEM;
        private final EnsembleSettings ensemble = new EnsembleSettings();
        private Duration startTimeout = Duration.ofMinutes(5);
        private InetSocketAddress adminAddress;
        private boolean adminWritable;
        private Duration adminHeartbeat = Duration.ofSeconds(2);
        private String superDigest;
        private int maxChildrenListed = dev.coord.peer.Limits.DEFAULTS.maxChildrenListed();
        private int maxOutstandingPerSession = dev.coord.peer.Limits.DEFAULTS.maxOutstandingPerSession();
        private int maxOutstandingPerPeer = dev.coord.peer.Limits.DEFAULTS.maxOutstandingPerPeer();
        private int maxSessionsPerPeer = dev.coord.peer.Limits.DEFAULTS.maxSessionsPerPeer();
        private int maxSessions = dev.coord.peer.Limits.DEFAULTS.maxSessions();
        private int maxWatchesPerSession = dev.coord.peer.Limits.DEFAULTS.maxWatchesPerSession();

        private Builder() {
        }

        /**
         * Adds a voting member of the ensemble (this peer included). With no members the peer is
         * standalone.
         */
        public Builder member(int id, String host, int port) {
            ensemble.members.put(id, new InetSocketAddress(host, port));
            return this;
        }

        /** Adds an observer: it replicates and serves reads but never votes nor counts for a quorum. */
        public Builder observer(int id, String host, int port) {
            ensemble.members.put(id, new InetSocketAddress(host, port));
            ensemble.observers.add(id);
            return this;
        }

        /** The cluster's name; peers of another cluster are refused (default "coord"). */
        public Builder clusterName(String name) {
            ensemble.clusterName = Objects.requireNonNull(name, "clusterName");
            return this;
        }

        /** Ticks allowed for discovery and sync with a leader (default 50, with the 100 ms tick: 5 s). */
        public Builder initLimitTicks(int ticks) {
            ensemble.initLimitTicks = ticks;
            return this;
        }

        /**
         * Ticks of silence after which a follower leaves its leader and a leader without a quorum steps
         * down (default 20, with the 100 ms tick: 2 s). A crashed peer's connections break at once, so
         * this bounds only silent failures: pauses and partitions.
         */
        public Builder syncLimitTicks(int ticks) {
            ensemble.syncLimitTicks = ticks;
            return this;
        }

        /** How long a request waits for a leader before failing (default 10 s). */
        public Builder requestTimeout(Duration timeout) {
            ensemble.requestTimeout = Objects.requireNonNull(timeout, "requestTimeout");
            return this;
        }

        /**
         * How long {@link #start()} waits for the ensemble to serve before failing (default 5 minutes;
         * members may start one after another).
         */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = Objects.requireNonNull(timeout, "startTimeout");
            return this;
        }

        /** Committed transactions a leader keeps in memory to sync learners by DIFF (default 10,000). */
        public Builder committedLogWindow(int transactions) {
            ensemble.committedLogWindow = transactions;
            return this;
        }

        /**
         * What a replicated peer does when, at start, its log or snapshots are damaged beyond a torn
         * last record (a corrupt record in the middle, a file cut short, no usable snapshot over the
         * purged log). On (the default, voters and observers alike): it moves {@code log/},
         * {@code snapshots/} and the purge mark aside into {@code DATA/damaged-<time>/} for the
         * operator, logs a WARN naming the file, the cause and the kept copy, keeps its epochs, and
         * starts empty, getting the whole tree from the leader. Until it has synced, a voter votes for
         * no one and counts toward no quorum: it may have acked proposals that counted toward one, so
         * only the intact voters decide who leads, and a quorum of them always includes a peer holding
         * every committed write. With too few intact voters, the ensemble waits rather than lose a
         * committed write. A damaged epoch file is handled the same way: the file is moved aside (the
         * log stays), and the peer, knowing no epoch, abstains until it has synced and persisted the
         * leader's epoch. Off: the peer refuses to start, as a standalone peer always does.
         */
        public Builder resyncOnCorruptLog(boolean resync) {
            ensemble.resyncOnCorruptLog = resync;
            return this;
        }

        /**
         * Makes peers prove membership in every connection's handshake with an HMAC over both sides'
         * fresh nonces, keyed by a shared secret (each at least 16 bytes). The first secret proves; a proof
         * made with any of them is accepted, which is how secrets rotate (see docs/SECURITY-transport.md).
         * Default: no authentication.
         */
        public Builder sharedSecret(byte[]... secrets) {
            ensemble.authenticator = new SharedSecretAuthenticator(List.of(secrets));
            return this;
        }

        /**
         * As {@link #sharedSecret(byte[]...)}, with the secrets read from a file: one per line (blank
         * lines and lines starting with '#' skipped), the first proves.
         */
        public Builder sharedSecretFile(Path file) {
            ensemble.authenticator = SharedSecretAuthenticator.fromFile(file);
            return this;
        }

        /**
         * Runs peer connections over TLS 1.3 with mutual authentication: each peer presents its
         * certificate, which must chain to the other's trusted certificates and name the peer's id (see
         * {@link #tlsPeerIdBinding}). Keep the {@link TlsContext} to {@link TlsContext#reload() reload} rotated
         * material, or call {@link TlsContext#watchFiles()}; check revocation with
         * {@link TlsContext#withRevocationList}. Default: plaintext.
         */
        public Builder tls(TlsContext tls) {
            ensemble.tls = Objects.requireNonNull(tls, "tls");
            return this;
        }

        /**
         * Whether a TLS peer's certificate must name the peer id it claims, as the SAN URI
         * {@code coord-peer:<cluster name>/<peer id>} (see {@link dev.coord.transport.PeerIdBinding}). Default:
         * true. Turn it off only for certificates shared by all peers; the peer then logs one WARN line.
         */
        public Builder tlsPeerIdBinding(boolean bind) {
            ensemble.tlsPeerIdBinding = bind;
            return this;
        }

        /** As {@link #tls(TlsContext)} with PEM files: certificate chain, PKCS#8 key, trusted certificates. */
        public Builder tlsPem(Path certificateChain, Path privateKey, Path trustedCertificates) {
            return tls(TlsContext.fromPem(certificateChain, privateKey, trustedCertificates));
        }

        /** As {@link #tls(TlsContext)} with PKCS#12 stores: this peer's key and chain, and the trusted certificates. */
        public Builder tlsPkcs12(Path keyStore, char[] keyPassword, Path trustStore, char[] trustPassword) {
            return tls(TlsContext.fromPkcs12(keyStore, keyPassword, trustStore, trustPassword));
        }

        /** This peer's id (at least 1; default 1). */
        public Builder peerId(int id) {
            this.peerId = id;
            return this;
        }

        /** Keep the tree durably in {@code dir} (created if missing); default: in memory only. */
        public Builder dataDir(Path dir) {
            this.dataDir = Objects.requireNonNull(dir, "dataDir");
            return this;
        }

        /** Keep the tree in memory only (the default). */
        public Builder inMemory() {
            this.dataDir = null;
            return this;
        }

        /** When writes are acknowledged (default FSYNC). */
        public Builder durability(Durability durability) {
            this.durability = Objects.requireNonNull(durability, "durability");
            return this;
        }

        /** The default session's timeout (default 10 s; between 2 and 600 ticks). */
        public Builder sessionTimeout(Duration timeout) {
            this.sessionTimeout = Objects.requireNonNull(timeout, "sessionTimeout");
            return this;
        }

        /** The housekeeping period: session liveness, TTL expiry, snapshots (default 100 ms). */
        public Builder tick(Duration tick) {
            this.tick = Objects.requireNonNull(tick, "tick");
            return this;
        }

        /** Take a snapshot after this many transactions (default 100,000). */
        public Builder snapshotEveryTxns(int txns) {
            this.snapshotEveryTxns = txns;
            return this;
        }

        /** Keep this many snapshots, and the log after the oldest (default 3). */
        public Builder snapshotsRetained(int count) {
            this.snapshotsRetained = count;
            return this;
        }

        /** The largest data a node may hold (default 1 MiB). */
        public Builder maxDataBytes(int bytes) {
            this.maxDataBytes = bytes;
            return this;
        }

        /**
         * The super user, as the digest {@link Acl#digestId(String, String)} returns for its user and
         * password (never the password itself): a session that adds that identity with
         * {@code addAuth("digest", "user:password")} passes every ACL check. Default: none. Give every
         * peer of an ensemble the same value: the leader decides writes, each peer its own reads.
         */
        public Builder superDigest(String digestId) {
            this.superDigest = Objects.requireNonNull(digestId, "superDigest");
            return this;
        }

        /** The most children one getChildren lists; a node with more fails the call (default 100,000). */
        public Builder maxChildrenListed(int children) {
            this.maxChildrenListed = children;
            return this;
        }

        /** Requests one session may have outstanding; more are refused (default 10,000). */
        public Builder maxOutstandingPerSession(int requests) {
            this.maxOutstandingPerSession = requests;
            return this;
        }

        /** Requests this peer's sessions together may have outstanding; more are refused (default 100,000). */
        public Builder maxOutstandingPerPeer(int requests) {
            this.maxOutstandingPerPeer = requests;
            return this;
        }

        /** Sessions open on this peer, the default one included; more are refused (default 10,000). */
        public Builder maxSessionsPerPeer(int sessions) {
            this.maxSessionsPerPeer = sessions;
            return this;
        }

        /** Live sessions in the whole ensemble, as the leader counts them (default 100,000). */
        public Builder maxSessions(int sessions) {
            this.maxSessions = sessions;
            return this;
        }

        /** Watches one session may have registered; more are refused (default 100,000). */
        public Builder maxWatchesPerSession(int watches) {
            this.maxWatchesPerSession = watches;
            return this;
        }

        /** The log's Chronicle Queue block size (default 64 MiB; files are sparse). */
        public Builder logBlockBytes(long bytes) {
            this.logBlockBytes = bytes;
            return this;
        }

        /**
         * Serves the admin HTTP endpoint (JSON status, metrics, members, sessions, watches, tree, live
         * events, and a web page at {@code /}) on {@code port} of the loopback interface; port 0 picks
         * a free one (see {@link Coordinator#adminAddress()}). Off by default. Use
         * {@link #adminAddress(InetSocketAddress)} to serve on another interface.
         */
        public Builder adminPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("adminPort must be between 0 and 65535, not " + port);
            }
            this.adminAddress = new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port);
            return this;
        }

        /** Serves the admin HTTP endpoint on {@code address} (port 0: a free one); null turns it off. */
        public Builder adminAddress(InetSocketAddress address) {
            this.adminAddress = address;
            return this;
        }

        /**
         * Lets the admin endpoint create, set and delete nodes (POST, PUT, DELETE on {@code /tree});
         * default false: read-only, writes answer 403.
         */
        public Builder adminWritable(boolean writable) {
            this.adminWritable = writable;
            return this;
        }

        /** How often an idle admin event stream sends a heartbeat, which finds closed clients (default 2 s). */
        public Builder adminHeartbeat(Duration heartbeat) {
            this.adminHeartbeat = Objects.requireNonNull(heartbeat, "adminHeartbeat");
            return this;
        }

        /** The clock (tests only; default the system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Starts the peer: recovers its tree from the data directory, if any, and opens the default
         * session.
         *
         * @throws IllegalArgumentException if a setting is out of range
         * @throws IllegalStateException    if the data directory is in use by another peer
         * @throws dev.coord.log.LogCorruptedException if the stored state is corrupt beyond recovery
         */
        public Coordinator start() {
            EnsembleConfig ensembleConfig = ensemble.toConfig();
            PeerConfig config = new PeerConfig(peerId, dataDir, durability, sessionTimeout.toMillis(), tick.toMillis(),
                    snapshotEveryTxns, snapshotsRetained, maxDataBytes, logBlockBytes, ensembleConfig,
                    new dev.coord.peer.Limits(maxChildrenListed, maxOutstandingPerSession, maxOutstandingPerPeer,
                            maxSessionsPerPeer, maxSessions, maxWatchesPerSession), superDigest);
            Peer agent = Peer.start(config, clock);
            Coordinator coord;
            try {
                coord = new Coordinator(agent, DefaultSessionOpening.open(agent, config, startTimeout));
            } catch (RuntimeException e) {
                agent.shutdown();
                throw e;
            }
            try {
                coord.endpoints = ManagementEndpoints.open(coord, agent, peerId, adminAddress, adminWritable,
                        sessionTimeout, adminHeartbeat);
            } catch (RuntimeException e) {
                coord.close();
                throw e;
            }
            return coord;
        }
    }
}
