package dev.coord.examples.cluster;

import java.nio.file.Path;

/**
 * ClusterFiles names the files of a cluster directory:
 *
 * <pre>
 * DIR/cluster.properties     the configuration examples read ({@link ClusterConfig})
 * DIR/peerN.pid              the pid of voter N's JVM, written by the launcher
 * DIR/peerN.log              voter N's stdout and stderr
 * DIR/peerN.state            voter N's latest status line, rewritten by the peer twice a second
 * DIR/data/peerN/            voter N's log and snapshots
 * DIR/slots/N.lock           locked by the program that holds observer slot N
 * </pre>
 */
record ClusterFiles(Path dir) {
    Path config() {
        return dir.resolve(ClusterConfig.FILE_NAME);
    }

    Path pid(int id) {
        return dir.resolve("peer" + id + ".pid");
    }

    Path log(int id) {
        return dir.resolve("peer" + id + ".log");
    }

    Path state(int id) {
        return dir.resolve("peer" + id + ".state");
    }

    Path data(int id) {
        return dir.resolve("data").resolve("peer" + id);
    }

    Path slotLock(int id) {
        return dir.resolve("slots").resolve(id + ".lock");
    }
}
