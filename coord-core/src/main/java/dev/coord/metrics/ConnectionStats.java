package dev.coord.metrics;

/**
 * ConnectionStats is the traffic between this peer and one other member since this peer started:
 * whole peer messages (ZAB's and the peer's own), counted when handed to or delivered by the
 * transport, and their payload bytes (without the transport's framing).
 *
 * @param peerId the other member
 * @param connected whether the connection is up now
 * @param messagesSent messages queued to it
 * @param bytesSent payload bytes of those messages
 * @param messagesReceived messages delivered from it
 * @param bytesReceived payload bytes of those messages
 */
public record ConnectionStats(int peerId, boolean connected, long messagesSent, long bytesSent,
                              long messagesReceived, long bytesReceived) {
}
