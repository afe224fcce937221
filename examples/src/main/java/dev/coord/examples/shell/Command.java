package dev.coord.examples.shell;

/**
 * Command is one shell command: its syntax and what it does.
 *
 * @param spec   the syntax, usage line and help summary
 * @param action what it does with its parsed arguments
 */
record Command(CommandSpec spec, Action action) {

    /**
     * Action runs a command. It writes its answer through the context's output and reports failures by
     * throwing: {@link UsageException} for arguments it cannot use, {@link dev.coord.CoordException}
     * for a refusal from Coord.
     */
    @FunctionalInterface
    interface Action {
        void run(Arguments args, ShellContext context);
    }
}
