package dev.coord.sim;

/**
 * NetworkFaults are the simulated network's message-level settings.
 *
 * @param minLatencyUs       the least one-way latency of a message
 * @param maxLatencyUs       the most, in the normal case (uniform in between)
 * @param spikeChance        the chance a message is delayed by up to {@code spikeMs} more (FIFO per
 *                           connection still holds: later messages wait behind it)
 * @param spikeMs            the longest extra delay of a spike
 * @param breakChance        the chance a message is lost together with the rest of its connection's
 *                           tail: the connection breaks there, as a TCP connection does when its peer
 *                           stops answering, and both ends are told
 * @param duplicateChance    the chance a message is delivered twice in a row. TCP never does this and
 *                           the {@link dev.coord.transport.Transport} contract rules it out; it is there
 *                           to probe how the protocol reacts, and is 0 in the standard runs
 */
record NetworkFaults(long minLatencyUs, long maxLatencyUs, double spikeChance, long spikeMs, double breakChance,
        double duplicateChance) {

    static NetworkFaults calm() {
        return new NetworkFaults(50, 500, 0, 0, 0, 0);
    }

    static NetworkFaults rough() {
        return new NetworkFaults(50, 2_000, 0.01, 300, 0.002, 0);
    }
}
