package dev.coord.examples.recipes;

import dev.coord.Coordinator;
import dev.coord.Session;
import dev.coord.recipes.election.LeaderElection;
import dev.coord.recipes.election.LeadershipListener;
import dev.coord.recipes.election.LossReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * ElectionExample: leader election with failover. Three participants (node-a, node-b, node-c, each
 * with a session of its own) join an election; node-a leads. Then node-a stops heart-beating, as if
 * its process were killed: its session expires and node-b takes over with a higher fencing token.
 * Then node-b resigns and node-c leads. Every leader's token is higher than the one before.
 */
public final class ElectionExample {
    private static final Duration CRASHABLE_SESSION_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration WAIT = Duration.ofSeconds(20);

    private ElectionExample() {
    }

    public static void main(String[] args) {
        ExampleRun.main("election", args, ElectionExample::run);
    }

    private static void run(Coordinator coord, String base, ExampleRun out) throws Exception {
        String path = base + "/scheduler";
        List<Long> tokens = new ArrayList<>();
        Heartbeat aLife = Heartbeat.open(coord, CRASHABLE_SESSION_TIMEOUT);
        Session bSession = coord.openSession(Duration.ofSeconds(10));
        Session cSession = coord.openSession(Duration.ofSeconds(10));
        // Declared in reverse so that they close a, b, c: node-c, the leader, leaves last, and nobody
        // takes over while the example ends.
        try (LeaderElection c = participant(cSession, path, "node-c", out, tokens);
             LeaderElection b = participant(bSession, path, "node-b", out, tokens);
             LeaderElection a = participant(aLife.session(), path, "node-a", out, tokens)) {
            a.start();
            b.start();
            c.start();
            ExampleRun.check(a.awaitLeadership(WAIT), "node-a did not lead");
            awaitGains(tokens, 1);
            out.say("participants, leader first: " + b.participants().stream().map(p -> p.id()).toList());
            out.say("node-b sees leader " + b.leader().map(p -> p.id() + " (token " + ExampleRun.hex(p.fencingToken()) + ")").orElse("none"));

            out.say("node-a stops heart-beating, as if its process were killed; its session expires after "
                    + CRASHABLE_SESSION_TIMEOUT.toMillis() + " ms");
            long killedNs = System.nanoTime();
            aLife.stop();
            ExampleRun.check(b.awaitLeadership(WAIT), "node-b did not take over");
            awaitGains(tokens, 2);
            out.say("failover: node-b leads " + (System.nanoTime() - killedNs) / 1_000_000 + " ms after node-a stopped");

            out.say("node-b resigns");
            b.resign();
            ExampleRun.check(c.awaitLeadership(WAIT), "node-c did not take over after node-b resigned");
            awaitGains(tokens, 3);
            out.say("node-c sees leader " + c.leader().map(p -> p.id()).orElse("none") + ", participants now "
                    + c.participants().stream().map(p -> p.id()).toList());
        } finally {
            aLife.close();
            bSession.close();
            cSession.close();
        }
        synchronized (tokens) {
            for (int i = 1; i < tokens.size(); i++) {
                ExampleRun.check(tokens.get(i) > tokens.get(i - 1), "fencing tokens did not increase: " + tokens);
            }
            out.say("fencing tokens of the leaders in order: " + tokens.stream().map(ExampleRun::hex).toList() + " (increasing)");
        }
    }

    /** Waits until the listeners have told of {@code count} gains (they run on the elections' threads). */
    private static void awaitGains(List<Long> tokens, int count) throws InterruptedException {
        ExampleRun.await(count + " leadership gains", WAIT, () -> {
            synchronized (tokens) {
                return tokens.size() >= count;
            }
        });
    }

    private static LeaderElection participant(Session session, String path, String id, ExampleRun out, List<Long> tokens) {
        return new LeaderElection(session, path, id, ExampleRun.utf8("host of " + id), new LeadershipListener() {
            @Override
            public void leadershipGained(long fencingToken) {
                synchronized (tokens) {
                    tokens.add(fencingToken);
                }
                out.say(id + " is the leader, fencing token " + ExampleRun.hex(fencingToken));
            }

            @Override
            public void leadershipLost(LossReason reason) {
                out.say(id + " is no longer the leader: " + reason);
            }
        });
    }
}
