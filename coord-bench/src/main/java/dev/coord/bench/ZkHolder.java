package dev.coord.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/**
 * ZkHolder is a ZooKeeper application in a JVM of its own that holds one ephemeral node, started by
 * {@link Compare} (through {@link ChildPeer}'s process handling) to be closed or killed.
 *
 * <p>It connects to one server, creates the ephemeral {@code path} with its session, prints
 * {@code ready}, then reads commands: {@code close} closes the session and prints {@code closed}.
 * When stdin ends it closes the session and exits.
 *
 * <p>Usage: {@code ZkHolder HOST:PORT SESSION_TIMEOUT_MS PATH}
 */
public final class ZkHolder {
    private ZkHolder() {
    }

    public static void main(String[] args) throws Exception {
        java.util.concurrent.CountDownLatch connected = new java.util.concurrent.CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(args[0], Integer.parseInt(args[1]), event -> {
            if (event.getState() == org.apache.zookeeper.Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        if (!connected.await(Duration.ofSeconds(30).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("no connection to " + args[0]);
        }
        zk.create(args[2], null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        System.out.println("ready");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.trim().equals("close")) {
                zk.close();
                System.out.println("closed");
            } else {
                System.out.println("unknown command " + line);
            }
            System.out.flush();
        }
        zk.close();
        System.exit(0);
    }
}
