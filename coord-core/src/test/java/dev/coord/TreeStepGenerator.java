package dev.coord;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Random;

/**
 * TreeStepGenerator draws the next {@link TreeStep} of a random run from a seeded {@link Random} and the
 * model's current state. Paths come from a small name space (names a, b, c; depth up to 4), and half
 * the time from nodes that exist, so that NodeExists, NotEmpty, NoNode, BadVersion, sequential
 * numbering, ephemeral parents and container cascades happen often.
 *
 * <p>Deterministic: the same model state and the same random numbers give the same step.
 */
final class TreeStepGenerator {
    static final String[] NAMES = {"a", "b", "c"};
    static final String[] SEQUENTIAL_PREFIXES = {"", "s", "n-"};
    /** Long enough that no TTL node expires during a run, so TTL nodes behave as persistent ones. */
    static final long TTL_MS = 3_600_000;
    static final int MAX_OPEN_SESSIONS = 4;
    /** No node is created deeper than this (the root's children have depth 1). */
    static final int MAX_DEPTH = 4;
    /** Above this many nodes half the creates become deletes, so the tree stays small and crowded. */
    static final int CROWDED_NODES = 60;
    static final String[] BAD_PATHS = {"", "a", "a/b", "/a/", "/a//b", "//", "/a/.", "/./a", "/a/../b", "/a\u0001",
        "/\u007f", "/b\u0000c", "/c\u009f"};

    private final TreeModelRun run;
    private final ReferenceTree model;
    private Random rnd;

    TreeStepGenerator(TreeModelRun run) {
        this.run = run;
        this.model = run.model();
    }

    /** The next step, drawn with {@code random} (a run may pass one generator, or a new one per step). */
    TreeStep next(Random random) {
        this.rnd = random;
        int roll = rnd.nextInt(100);
        if (roll < 28 && model.nodeCount() > CROWDED_NODES && rnd.nextBoolean()) {
            return delete(anyClient());
        } else if (roll < 28) {
            return create(anyClient());
        } else if (roll < 42) {
            return delete(anyClient());
        } else if (roll < 54) {
            return new TreeStep.SetData(anyClient(), existingOrRandom(true), data(), version(null));
        } else if (roll < 68) {
            return multi(anyClient());
        } else if (roll < 76) {
            return new TreeStep.Exists(anyClient(), existingOrRandom(true), maybeWatcher(TreeModelRun.DATA_WATCHERS));
        } else if (roll < 84) {
            return new TreeStep.GetData(anyClient(), existingOrRandom(true), maybeWatcher(TreeModelRun.DATA_WATCHERS));
        } else if (roll < 92) {
            return new TreeStep.GetChildren(anyClient(), existingOrRandom(true), maybeWatcher(TreeModelRun.CHILD_WATCHERS));
        } else if (roll < 95) {
            return openOrClose(true);
        } else if (roll < 97) {
            return openOrClose(false);
        }
        return badInput(openClient());
    }

    // ---------------------------------------------------------------- steps

    private TreeStep create(int client) {
        CreateMode mode = mode();
        return new TreeStep.Create(client, createPath(mode), data(), mode, mode.isTtl() ? TTL_MS : 0);
    }

    private TreeStep delete(int client) {
        String path = deletePath();
        return new TreeStep.Delete(client, path, version(path));
    }

    private TreeStep openOrClose(boolean open) {
        List<Integer> open1 = openSessions();
        if (open && open1.size() < MAX_OPEN_SESSIONS || open1.isEmpty()) {
            return new TreeStep.OpenSession();
        }
        List<Integer> closed = closedClients();
        if (!closed.isEmpty() && rnd.nextInt(5) == 0) {
            return new TreeStep.CloseSession(pick(closed));
        }
        return new TreeStep.CloseSession(pick(open1));
    }

    private TreeStep multi(int client) {
        if (rnd.nextInt(40) == 0) {
            return new TreeStep.Multi(client, List.of());
        }
        int size = 2 + rnd.nextInt(4);
        List<Op> ops = new ArrayList<>();
        List<String> mentioned = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            ops.add(multiOp(mentioned));
        }
        if (rnd.nextInt(25) == 0 && !run.clients().get(client).closed) {
            int at = rnd.nextInt(size);
            List<Op> withBad = new ArrayList<>(ops);
            withBad.set(at, new Op.Create(pick(BAD_PATHS), data(), CreateMode.PERSISTENT, 0));
            // Only where every earlier op would succeed: which failure a multi reports when a state
            // failure comes before a bad argument is not part of the contract under test.
            if (model.firstFailingOp(run.clients().get(client).sessionId, withBad) == at) {
                ops = withBad;
            }
        }
        return new TreeStep.Multi(client, ops);
    }

    private Op multiOp(List<String> mentioned) {
        int roll = rnd.nextInt(100);
        boolean reuse = !mentioned.isEmpty() && rnd.nextInt(10) < 3;
        if (roll < 35) {
            CreateMode mode = mode();
            String base = reuse ? pick(mentioned) : null;
            String path = base != null && !mode.isSequential() && depth(base) < MAX_DEPTH ? childOf(base) : createPath(mode);
            if (!mode.isSequential()) {
                mentioned.add(path);
            }
            return new Op.Create(path, data(), mode, mode.isTtl() ? TTL_MS : 0);
        } else if (roll < 60) {
            String path = reuse ? pick(mentioned) : deletePath();
            mentioned.add(path);
            return new Op.Delete(path, version(path));
        } else if (roll < 80) {
            String path = reuse ? pick(mentioned) : existingOrRandom(true);
            return new Op.SetData(path, data(), version(path));
        }
        String path = reuse ? pick(mentioned) : existingOrRandom(true);
        return new Op.Check(path, version(path));
    }

    private TreeStep badInput(int client) {
        switch (rnd.nextInt(8)) {
            case 0:
                return new TreeStep.Create(client, pick(BAD_PATHS), data(), CreateMode.PERSISTENT, 0);
            case 1:
                return new TreeStep.Create(client, "/", data(), rnd.nextBoolean() ? CreateMode.PERSISTENT_SEQUENTIAL
                        : CreateMode.EPHEMERAL_SEQUENTIAL, 0);
            case 2:
                return new TreeStep.Delete(client, rnd.nextBoolean() ? "/" : pick(BAD_PATHS), -1);
            case 3:
                return new TreeStep.Create(client, existingOrRandom(false), data(), CreateMode.PERSISTENT_WITH_TTL,
                        -rnd.nextInt(2));
            case 4:
                return new TreeStep.Create(client, existingOrRandom(false), data(), CreateMode.CONTAINER, 1000);
            case 5:
                return new TreeStep.SetData(client, pick(BAD_PATHS), data(), -1);
            case 6:
                return new TreeStep.Create(client, existingOrRandom(false), data(), null, 0);
            default:
                return new TreeStep.GetChildren(client, pick(BAD_PATHS), maybeWatcher(TreeModelRun.CHILD_WATCHERS));
        }
    }

    // ---------------------------------------------------------------- paths

    private String createPath(CreateMode mode) {
        int roll = rnd.nextInt(100);
        if (mode.isSequential()) {
            List<String> baited = baitedParents();
            if (roll < 20 && !baited.isEmpty()) {
                String parent = pick(baited);
                return parent.equals("/") ? "/s" : parent + "/s";
            }
            String parent = roll < 85 ? existingParent() : randomPath();
            String prefix = pick(SEQUENTIAL_PREFIXES);
            if (parent.equals("/")) {
                return "/" + (prefix.isEmpty() ? "s" : prefix);
            }
            return parent + "/" + prefix;
        }
        if (roll < 45) {
            return childOf(existingParent());
        } else if (roll < 70) {
            return randomPath();
        } else if (roll < 80) {
            return existingOrRandom(false);
        } else if (roll < 90) {
            // A name that a later sequential create under the same parent will want.
            String parent = existingParent();
            ReferenceTree.Node p = model.node(parent);
            String name = "s" + String.format("%010d", p.cversion() + rnd.nextInt(2));
            return parent.equals("/") ? "/" + name : parent + "/" + name;
        }
        List<String> ephemerals = new ArrayList<>();
        for (String path : model.paths()) {
            if (model.node(path).mode().isEphemeral()) {
                ephemerals.add(path);
            }
        }
        return ephemerals.isEmpty() ? randomPath() : childOf(pick(ephemerals));
    }

    /** Parents with a child named "s" + their cversion: a sequential create there with prefix "s" collides. */
    private List<String> baitedParents() {
        List<String> baited = new ArrayList<>();
        for (String path : model.paths()) {
            if (path.equals("/")) {
                continue;
            }
            String parent = ReferenceTree.parentOf(path);
            String bait = "s" + String.format("%010d", model.node(parent).cversion());
            if (path.equals(parent.equals("/") ? "/" + bait : parent + "/" + bait)) {
                baited.add(parent);
            }
        }
        return baited;
    }

    private String deletePath() {
        int roll = rnd.nextInt(100);
        if (roll < 55) {
            List<String> paths = model.paths();
            Set<String> parents = new HashSet<>();
            for (String path : paths) {
                if (!path.equals("/")) {
                    parents.add(ReferenceTree.parentOf(path));
                }
            }
            List<String> leaves = new ArrayList<>();
            for (String path : paths) {
                if (!path.equals("/") && !parents.contains(path)) {
                    leaves.add(path);
                }
            }
            if (!leaves.isEmpty()) {
                return pick(leaves);
            }
        }
        return roll < 80 ? existingOrRandom(false) : randomPath();
    }

    private String childOf(String parent) {
        String name = pick(NAMES);
        return parent.equals("/") ? "/" + name : parent + "/" + name;
    }

    /** An existing node under which a child stays within {@link #MAX_DEPTH}. */
    private String existingParent() {
        List<String> parents = new ArrayList<>();
        for (String path : model.paths()) {
            if (depth(path) < MAX_DEPTH && (!path.equals("/") || rnd.nextInt(4) == 0)) {
                parents.add(path);
            }
        }
        return parents.isEmpty() ? "/" : pick(parents);
    }

    private static int depth(String path) {
        return path.equals("/") ? 0 : path.split("/", -1).length - 1;
    }

    private String existingOrRandom(boolean rootToo) {
        return rnd.nextInt(10) < 7 ? existing(rootToo) : randomPath();
    }

    private String existing(boolean rootToo) {
        List<String> paths = model.paths();
        if (!rootToo || rnd.nextInt(4) != 0) {
            paths.remove("/");
        }
        return paths.isEmpty() ? (rootToo ? "/" : randomPath()) : pick(paths);
    }

    private String randomPath() {
        int roll = rnd.nextInt(100);
        int depth = roll < 35 ? 1 : roll < 70 ? 2 : roll < 90 ? 3 : 4;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            sb.append('/').append(pick(NAMES));
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- values

    private CreateMode mode() {
        int roll = rnd.nextInt(100);
        if (roll < 28) {
            return CreateMode.PERSISTENT;
        } else if (roll < 38) {
            return CreateMode.PERSISTENT_SEQUENTIAL;
        } else if (roll < 52) {
            return CreateMode.EPHEMERAL;
        } else if (roll < 62) {
            return CreateMode.EPHEMERAL_SEQUENTIAL;
        } else if (roll < 84) {
            return CreateMode.CONTAINER;
        } else if (roll < 92) {
            return CreateMode.PERSISTENT_WITH_TTL;
        }
        return CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL;
    }

    private byte[] data() {
        int roll = rnd.nextInt(10);
        if (roll == 0) {
            return null;
        }
        byte[] data = new byte[roll == 1 ? 0 : 1 + rnd.nextInt(8)];
        rnd.nextBytes(data);
        return data;
    }

    /** -1, the node's version, or a wrong one; for a missing node -1 or a small number. */
    private int version(String path) {
        ReferenceTree.Node node = path == null ? null : model.node(path);
        int roll = rnd.nextInt(100);
        if (node == null) {
            return roll < 50 ? -1 : rnd.nextInt(3);
        }
        if (roll < 35) {
            return -1;
        }
        return roll < 80 ? node.version() : node.version() + 1 + rnd.nextInt(2);
    }

    private String maybeWatcher(List<String> names) {
        return rnd.nextInt(10) < 4 ? pick(names) : null;
    }

    // ---------------------------------------------------------------- clients

    private int openClient() {
        List<Integer> open = new ArrayList<>();
        for (TreeModelRun.Client c : run.clients()) {
            if (!c.closed) {
                open.add(c.index);
            }
        }
        return rnd.nextInt(10) < 4 ? 0 : pick(open);
    }

    /** Usually an open client; now and then a closed one, whose every call must throw ClosedException. */
    private int anyClient() {
        List<Integer> closed = closedClients();
        if (!closed.isEmpty() && rnd.nextInt(40) == 0) {
            return pick(closed);
        }
        return openClient();
    }

    private List<Integer> openSessions() {
        List<Integer> open = new ArrayList<>();
        for (TreeModelRun.Client c : run.clients()) {
            if (c.index > 0 && !c.closed) {
                open.add(c.index);
            }
        }
        return open;
    }

    private List<Integer> closedClients() {
        List<Integer> closed = new ArrayList<>();
        for (TreeModelRun.Client c : run.clients()) {
            if (c.closed) {
                closed.add(c.index);
            }
        }
        return closed;
    }

    private <T> T pick(List<T> list) {
        return list.get(rnd.nextInt(list.size()));
    }

    private <T> T pick(T[] array) {
        return array[rnd.nextInt(array.length)];
    }
}
