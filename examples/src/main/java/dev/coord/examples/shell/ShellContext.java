package dev.coord.examples.shell;

import dev.coord.CoordClient;
import dev.coord.Status;
import dev.coord.Watcher;
import java.util.function.Supplier;

/**
 * ShellContext is what a command acts on and writes to: the shell's session, the observer peer's
 * status, the output, and the one watcher that prints every watch event the shell's commands leave.
 *
 * @param client  the shell's session
 * @param status  the observer peer's current status
 * @param out     where answers and events go
 * @param watcher prints each event it receives as a {@code WATCHER::} line
 */
record ShellContext(CoordClient client, Supplier<Status> status, ShellOutput out, Watcher watcher) {

    /** A context whose watcher prints events to {@code out}. */
    static ShellContext printingEvents(CoordClient client, Supplier<Status> status, ShellOutput out) {
        return new ShellContext(client, status, out, event -> out.event(OutputFormat.event(event)));
    }
}
