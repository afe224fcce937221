package dev.coord.testkit.history;

import java.util.List;

/**
 * Command is what a client asked of the tree, in the terms the checkers model: paths and data as
 * strings, versions as ZooKeeper's ({@code -1} matches any version).
 */
public sealed interface Command {

    /** True if the command can change the tree (a multi of only checks cannot, but is still a write). */
    boolean isWrite();

    /**
     * Creates {@code path}. For a sequential create {@code path} is the prefix the sequence number is
     * appended to; the result names the node created. An ephemeral node belongs to the entry's session.
     */
    record Create(String path, String data, boolean ephemeral, boolean sequential) implements Command {
        @Override
        public boolean isWrite() {
            return true;
        }
    }

    record Delete(String path, int version) implements Command {
        @Override
        public boolean isWrite() {
            return true;
        }
    }

    record SetData(String path, String data, int version) implements Command {
        @Override
        public boolean isWrite() {
            return true;
        }
    }

    /** Inside a {@link Multi} only: fails the multi unless {@code path} exists at {@code version}. */
    record Check(String path, int version) implements Command {
        @Override
        public boolean isWrite() {
            return false;
        }
    }

    /** All or nothing: Create, Delete, SetData and Check operations. */
    record Multi(List<Command> ops) implements Command {
        public Multi {
            ops = List.copyOf(ops);
        }

        @Override
        public boolean isWrite() {
            return true;
        }
    }

    record GetData(String path) implements Command {
        @Override
        public boolean isWrite() {
            return false;
        }
    }

    record Exists(String path) implements Command {
        @Override
        public boolean isWrite() {
            return false;
        }
    }

    record GetChildren(String path) implements Command {
        @Override
        public boolean isWrite() {
            return false;
        }
    }

    /**
     * The end of the entry's session, by close or by expiry: every ephemeral node it owns is deleted,
     * at one point in time.
     */
    record CloseSession() implements Command {
        @Override
        public boolean isWrite() {
            return true;
        }
    }
}
