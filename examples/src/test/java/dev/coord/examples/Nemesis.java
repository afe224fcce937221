package dev.coord.examples;

import dev.coord.examples.FaultLog.Kind;
import dev.coord.examples.LoopbackFirewall.Link;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongPredicate;

/**
 * Nemesis injects faults into a {@link PeerEnsemble}, one at a time, for a given time: it kills a peer
 * with SIGKILL and restarts it on its data directory, pauses one with SIGSTOP and resumes it, and cuts
 * one off from the others with the {@link LoopbackFirewall}, both ways (with a few others, in a larger
 * ensemble, as long as they stay a minority) or one way, then heals.
 *
 * <p>Each round runs every {@link Kind} once, in a random order. The target is the leader the clients
 * last saw half of the time, else a random peer. A fault lasts a random while, then is repaired; the
 * nemesis then waits until every client has had a write or sync answered by a leader since the repair
 * (the ensemble serves everywhere again; it fails if that takes longer than {@link #RECOVERY_TIMEOUT}),
 * and keeps quiet a random while before the next fault. Every fault and repair goes to the
 * {@link FaultLog}. Faults stay well below the session timeout, so no session should expire.
 *
 * <p>All random choices come from one seeded {@link Random}, so a seed replays the same choices
 * (their effects depend on real timing). {@link #run} always leaves every peer running and the network
 * whole, even when it fails or is interrupted. Runs on its own thread; {@link #stop} from any thread.
 */
final class Nemesis implements Runnable {
    /** How long the ensemble may take to serve every client again after a repair. */
    static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(20);

    private final PeerEnsemble ensemble;
    private final LoopbackFirewall firewall;
    private final Random random;
    private final Duration faultTime;
    private final LongPredicate everyClientServedSince;
    private final AtomicInteger leaderHint;
    private final FaultLog log;
    private volatile boolean stopped;

    /**
     * A nemesis that injects faults for {@code faultTime}; {@code everyClientServedSince} tells whether
     * every client has been served by a leader since a time; {@code leaderHint} is the last leader seen.
     */
    Nemesis(PeerEnsemble ensemble, LoopbackFirewall firewall, long seed, Duration faultTime,
            LongPredicate everyClientServedSince, AtomicInteger leaderHint, FaultLog log) {
        this.ensemble = ensemble;
        this.firewall = firewall;
        this.random = new Random(seed);
        this.faultTime = faultTime;
        this.everyClientServedSince = everyClientServedSince;
        this.leaderHint = leaderHint;
        this.log = log;
    }

    @Override
    public void run() {
        long endNs = System.nanoTime() + faultTime.toNanos();
        List<Kind> round = new ArrayList<>();
        try {
            while (!stopped && System.nanoTime() - endNs < 0) {
                if (round.isEmpty()) {
                    round.addAll(Arrays.asList(Kind.values()));
                    Collections.shuffle(round, random);
                }
                inject(round.remove(0), target());
                awaitEveryClientServed(System.nanoTime());
                hold(1_000, 4_000);
                List<String> exits = ensemble.unexpectedExits();
                if (!exits.isEmpty()) {
                    throw new AssertionError("peers exited although nobody killed them: " + exits);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new IllegalStateException("the nemesis could not inject or repair a fault", e);
        } finally {
            repairAll();
        }
    }

    /** Ends the run after the fault in progress is repaired. */
    void stop() {
        stopped = true;
    }

    private void inject(Kind kind, int target) throws IOException, InterruptedException {
        String who = "peer " + target + (target == leaderHint.get() ? " (leader)" : "");
        switch (kind) {
            case KILL -> {
                ensemble.kill(target);
                log.injected(kind, who);
                hold(500, 3_000);
                ensemble.start(target);
                log.note("restarted peer " + target);
            }
            case PAUSE -> {
                ensemble.pause(target);
                log.injected(kind, who);
                hold(1_000, 6_000);
                ensemble.resume(target);
                log.note("resumed peer " + target);
            }
            case PARTITION -> {
                List<Integer> minority = minorityWith(target);
                List<Link> links = new ArrayList<>();
                for (int inside : minority) {
                    for (int outside : ensemble.ids()) {
                        if (!minority.contains(outside)) {
                            links.add(new Link(ensemble.address(inside), ensemble.address(outside)));
                            links.add(new Link(ensemble.address(outside), ensemble.address(inside)));
                        }
                    }
                }
                firewall.cut(links);
                List<Integer> companions = minority.stream().filter(id -> id != target).toList();
                log.injected(kind, who + (companions.isEmpty() ? "" : " and peers " + companions) + " from the others, both ways");
                hold(2_000, 8_000);
                firewall.heal();
                log.note("healed");
            }
            case ONE_WAY_PARTITION -> {
                boolean outbound = random.nextBoolean();
                firewall.cut(outbound ? linksFrom(target) : linksTo(target));
                log.injected(kind, who + (outbound ? ": its packets to the others dropped" : ": the others' packets to it dropped"));
                hold(2_000, 8_000);
                firewall.heal();
                log.note("healed");
            }
        }
    }

    /** The last leader seen half of the time (if any), else a random peer. */
    private int target() {
        int leader = leaderHint.get();
        List<Integer> ids = ensemble.ids();
        if (ids.contains(leader) && random.nextBoolean()) {
            return leader;
        }
        return ids.get(random.nextInt(ids.size()));
    }

    /** {@code target} and, in a larger ensemble, a random few others: at most a minority. */
    private List<Integer> minorityWith(int target) {
        List<Integer> others = new ArrayList<>(ensemble.ids());
        others.remove(Integer.valueOf(target));
        Collections.shuffle(others, random);
        int size = 1 + random.nextInt((ensemble.ids().size() - 1) / 2);
        List<Integer> minority = new ArrayList<>(List.of(target));
        minority.addAll(others.subList(0, size - 1));
        Collections.sort(minority);
        return minority;
    }

    private List<Link> linksFrom(int target) {
        return ensemble.ids().stream().filter(id -> id != target)
                .map(id -> new Link(ensemble.address(target), ensemble.address(id))).toList();
    }

    private List<Link> linksTo(int target) {
        return ensemble.ids().stream().filter(id -> id != target)
                .map(id -> new Link(ensemble.address(id), ensemble.address(target))).toList();
    }

    private void awaitEveryClientServed(long sinceNs) throws InterruptedException {
        long deadlineNs = sinceNs + RECOVERY_TIMEOUT.toNanos();
        while (!everyClientServedSince.test(sinceNs)) {
            if (stopped) {
                return;
            }
            if (System.nanoTime() - deadlineNs > 0) {
                throw new AssertionError("the ensemble did not serve every client within " + RECOVERY_TIMEOUT.toSeconds()
                        + " s of the last repair");
            }
            Thread.sleep(POLL.toMillis());
        }
        log.note("every client served again");
    }

    /** Waits a random time between the bounds, in milliseconds. */
    private void hold(long minMs, long maxMs) throws InterruptedException {
        Thread.sleep(minMs + random.nextLong(maxMs - minMs + 1));
    }

    /** Heals the network, resumes every peer and restarts any that is down. */
    private void repairAll() {
        try {
            firewall.heal();
            ensemble.resumeAndRestartAll();
            log.note("repaired everything: network healed, every peer running");
        } catch (IOException e) {
            throw new IllegalStateException("the nemesis could not repair the ensemble", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
