package dev.coord.examples;

import dev.coord.CoordException;
import dev.coord.Coordinator;
import dev.coord.CreateMode;
import dev.coord.NodeData;
import dev.coord.Session;
import dev.coord.Stat;
import dev.coord.WatchedEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Demo shows an embedded standalone Coordinator with no configuration: persistent, ephemeral and
 * sequential nodes, a versioned update, and one-shot watches firing.
 */
public final class Demo {
    private Demo() {
    }

    public static void main(String[] args) throws InterruptedException {
        BlockingQueue<WatchedEvent> events = new LinkedBlockingQueue<>();
        try (Coordinator coord = Coordinator.builder().start()) {
            say("started: " + coord.status().role() + ", session 0x" + Long.toHexString(coord.sessionId()));

            coord.create("/app", utf8("v1"), CreateMode.PERSISTENT);
            say("created persistent /app = v1");

            NodeData data = coord.getData("/app", events::add);
            say("read /app = " + text(data.data()) + " (version " + data.stat().version() + "), watching it");
            Stat stat = coord.setData("/app", utf8("v2"), data.stat().version());
            say("set /app = v2 with expected version " + data.stat().version() + " -> version " + stat.version());
            say("watch fired: " + next(events));

            try {
                coord.setData("/app", utf8("stale"), data.stat().version());
            } catch (CoordException.BadVersionException e) {
                say("a second set with the stale version is refused: " + e.getMessage());
            }

            coord.getChildren("/app", events::add);
            for (int i = 0; i < 3; i++) {
                String path = coord.create("/app/job-", utf8("job " + i), CreateMode.PERSISTENT_SEQUENTIAL);
                say("created sequential " + path);
            }
            say("child watch fired: " + next(events));
            say("children of /app: " + coord.getChildren("/app"));

            Session worker = coord.openSession(Duration.ofSeconds(5));
            worker.create("/app/worker", utf8("alive"), CreateMode.EPHEMERAL);
            say("session 0x" + Long.toHexString(worker.sessionId()) + " created ephemeral /app/worker");
            coord.exists("/app/worker", events::add);
            worker.close();
            say("closed that session; watch fired: " + next(events));
            say("/app/worker exists now? " + (coord.exists("/app/worker") != null));

            var status = coord.status();
            say("status: role=" + status.role() + " zxid=0x" + Long.toHexString(status.lastZxid())
                    + " nodes=" + status.nodeCount() + " sessions=" + status.sessionCount());
        }
        say("closed");
    }

    private static WatchedEvent next(BlockingQueue<WatchedEvent> events) throws InterruptedException {
        WatchedEvent event = events.poll(10, TimeUnit.SECONDS);
        if (event == null) {
            throw new IllegalStateException("no watch event within 10 s");
        }
        return event;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void say(String line) {
        System.out.println("[demo] " + line);
    }
}
