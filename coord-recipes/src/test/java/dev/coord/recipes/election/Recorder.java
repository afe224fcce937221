package dev.coord.recipes.election;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Recorder is a LeadershipListener that keeps what it was told, with the time, for tests to await. */
final class Recorder implements LeadershipListener {
    /** Told is one call: a gain (with its token) or a loss (with its reason). */
    record Told(String who, boolean gained, long token, LossReason reason, long atNs) {
    }

    private final String who;
    private final List<Told> shared;
    private final BlockingQueue<Told> mine = new LinkedBlockingQueue<>();

    Recorder(String who, List<Told> shared) {
        this.who = who;
        this.shared = shared;
    }

    Recorder(String who) {
        this(who, new CopyOnWriteArrayList<>());
    }

    @Override
    public void leadershipGained(long fencingToken) {
        Told t = new Told(who, true, fencingToken, null, System.nanoTime());
        shared.add(t);
        mine.add(t);
    }

    @Override
    public void leadershipLost(LossReason reason) {
        Told t = new Told(who, false, -1, reason, System.nanoTime());
        shared.add(t);
        mine.add(t);
    }

    /** The calls not yet taken by {@link #next()}. */
    List<Told> untold() {
        return List.copyOf(mine);
    }

    /** The next call, waiting up to 30 s; null if none. */
    Told next() throws InterruptedException {
        return mine.poll(30, TimeUnit.SECONDS);
    }
}
