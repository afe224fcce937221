package dev.coord.transport;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * TcpTransportConfig is the immutable configuration of one peer's {@link TcpTransport}.
 *
 * @param selfId              this peer's id
 * @param clusterName         every peer of one cluster uses the same name; HELLOs with another are refused
 * @param bindAddress         where this peer accepts connections, also the source address of its dials
 *                            (unless it is a wildcard address)
 * @param peers               the other peers' ids and connect addresses, sorted by id (self excluded)
 * @param maxFrameBytes       the largest frame, header included, sent or accepted
 * @param outboundQueueBytes  the bound on bytes queued to one peer and not yet written
 * @param backoffMinNs        the delay before redialing after the first failure
 * @param backoffMaxNs        the cap on the redial delay
 * @param connectTimeoutNs    the time a dial plus handshake, or an accepted connection's HELLO, may take
 * @param heartbeatIntervalNs a connection quiet for this long gets a HEARTBEAT frame
 * @param idleTimeoutNs       a connection that received nothing for this long is closed
 */
public record TcpTransportConfig(
    int selfId,
    String clusterName,
    InetSocketAddress bindAddress,
    SortedMap<Integer, InetSocketAddress> peers,
    int maxFrameBytes,
    int outboundQueueBytes,
    long backoffMinNs,
    long backoffMaxNs,
    long connectTimeoutNs,
    long heartbeatIntervalNs,
    long idleTimeoutNs) {

    /** The smallest maximum frame allowed: a HELLO must fit. */
    public static final int MIN_FRAME_BYTES = FrameDescriptor.HEADER_LENGTH + HelloDescriptor.MAX_LENGTH;

    /** Validates every field and freezes the peers map. */
    public TcpTransportConfig {
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(peers, "peers");
        require(!bindAddress.isUnresolved(), "bindAddress must be resolved: " + bindAddress);
        int nameBytes = clusterName.getBytes(StandardCharsets.UTF_8).length;
        require(nameBytes > 0 && nameBytes <= HelloDescriptor.MAX_CLUSTER_NAME_BYTES,
            "clusterName must be 1.." + HelloDescriptor.MAX_CLUSTER_NAME_BYTES + " UTF-8 bytes");
        require(selfId >= 0, "selfId must be >= 0");
        require(!peers.containsKey(selfId), "peers must not contain selfId");
        peers.forEach((id, address) -> {
            require(id != null && id >= 0, "peer ids must be >= 0");
            Objects.requireNonNull(address, "address of peer " + id);
        });
        require(maxFrameBytes >= MIN_FRAME_BYTES, "maxFrameBytes must be >= " + MIN_FRAME_BYTES);
        require(outboundQueueBytes >= maxFrameBytes, "outboundQueueBytes must be >= maxFrameBytes");
        require(backoffMinNs > 0 && backoffMaxNs >= backoffMinNs, "backoff needs 0 < min <= max");
        require(connectTimeoutNs > 0, "connectTimeout must be > 0");
        require(heartbeatIntervalNs > 0 && idleTimeoutNs > heartbeatIntervalNs,
            "heartbeatInterval must be > 0 and < idleTimeout");
        peers = Collections.unmodifiableSortedMap(new TreeMap<>(peers));
    }

    /** Returns a builder with defaults for everything but self id, cluster name and addresses. */
    public static Builder builder() {
        return new Builder();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * Builder of {@link TcpTransportConfig}. The peers map may include this peer: its entry is dropped and,
     * when no bind address is set, used as the bind address.
     *
     * <p>Threading: not thread-safe; use on one thread.
     */
    public static final class Builder {
        private int selfId = -1;
        private String clusterName;
        private InetSocketAddress bindAddress;
        private final TreeMap<Integer, InetSocketAddress> peers = new TreeMap<>();
        private int maxFrameBytes = 4 * 1024 * 1024;
        private int outboundQueueBytes = 8 * 1024 * 1024;
        private long backoffMinNs = Duration.ofMillis(20).toNanos();
        private long backoffMaxNs = Duration.ofSeconds(1).toNanos();
        private long connectTimeoutNs = Duration.ofSeconds(3).toNanos();
        private long heartbeatIntervalNs = Duration.ofSeconds(1).toNanos();
        private long idleTimeoutNs = Duration.ofSeconds(10).toNanos();

        private Builder() {
        }

        public Builder selfId(int selfId) {
            this.selfId = selfId;
            return this;
        }

        public Builder clusterName(String clusterName) {
            this.clusterName = clusterName;
            return this;
        }

        public Builder bindAddress(InetSocketAddress bindAddress) {
            this.bindAddress = bindAddress;
            return this;
        }

        public Builder peer(int peerId, InetSocketAddress address) {
            peers.put(peerId, address);
            return this;
        }

        public Builder peers(Map<Integer, InetSocketAddress> peers) {
            this.peers.putAll(peers);
            return this;
        }

        public Builder maxFrameBytes(int maxFrameBytes) {
            this.maxFrameBytes = maxFrameBytes;
            return this;
        }

        public Builder outboundQueueBytes(int outboundQueueBytes) {
            this.outboundQueueBytes = outboundQueueBytes;
            return this;
        }

        public Builder backoff(Duration min, Duration max) {
            this.backoffMinNs = min.toNanos();
            this.backoffMaxNs = max.toNanos();
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeoutNs = connectTimeout.toNanos();
            return this;
        }

        public Builder heartbeat(Duration interval, Duration idleTimeout) {
            this.heartbeatIntervalNs = interval.toNanos();
            this.idleTimeoutNs = idleTimeout.toNanos();
            return this;
        }

        /** Builds the configuration; throws IllegalArgumentException naming the first invalid setting. */
        public TcpTransportConfig build() {
            TreeMap<Integer, InetSocketAddress> others = new TreeMap<>(peers);
            InetSocketAddress own = others.remove(selfId);
            InetSocketAddress bind = bindAddress != null ? bindAddress : own;
            if (bind == null) {
                throw new IllegalArgumentException("no bind address and no entry for peer " + selfId);
            }
            return new TcpTransportConfig(selfId, clusterName, bind, others, maxFrameBytes, outboundQueueBytes,
                backoffMinNs, backoffMaxNs, connectTimeoutNs, heartbeatIntervalNs, idleTimeoutNs);
        }
    }
}
