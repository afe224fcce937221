package dev.coord.examples.shell;

import dev.coord.CoordException;
import dev.coord.Coordinator;
import dev.coord.examples.OptionValues;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * ObserverJoin starts the shell's observer peer: a Coord peer that takes one of the ensemble's
 * observer slots, replicates the tree from the leader without voting, and opens the shell's session
 * through it.
 *
 * <p>The members must list the same slot among their observers (their {@code --observers}), and the
 * shell must run where that slot's address is local, since the observer listens on it.
 */
final class ObserverJoin {
    private ObserverJoin() {
    }

    /** JoinException is an observer that could not start or join; its message says why, for a person. */
    static final class JoinException extends Exception {
        private static final long serialVersionUID = 1L;

        JoinException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Starts the observer of {@code ensemble} and waits, at most {@code options.timeout()}, until it
     * serves through a leader with the shell's session open.
     *
     * @throws JoinException if no leader answered in time (naming every address tried), or the observer
     *                       could not start (its address in use, its data directory locked, a bad setting)
     */
    static Coordinator join(ShellOptions options, Ensemble ensemble) throws JoinException {
        Coordinator.Builder builder = Coordinator.builder()
                .peerId(ensemble.id())
                .startTimeout(options.timeout())
                .requestTimeout(options.timeout());
        ensemble.clusterName().ifPresent(builder::clusterName);
        ensemble.members().forEach((id, a) -> builder.member(id, a.getHostString(), a.getPort()));
        ensemble.observers().forEach((id, a) -> builder.observer(id, a.getHostString(), a.getPort()));
        options.dataDir().ifPresentOrElse(builder::dataDir, builder::inMemory);
        options.sessionTimeoutMs().ifPresent(ms -> builder.sessionTimeout(Duration.ofMillis(ms)));
        try {
            return builder.start();
        } catch (CoordException e) {
            throw new JoinException(unreachable(options, ensemble, e), e);
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            String hint = !String.valueOf(e.getMessage()).contains("bind") ? ""
                    : options.cluster().isPresent() ? " (a program that does not claim slots in "
                            + options.cluster().get().resolve("slots") + " listens there)"
                    : " (is another shell or peer using observer slot " + ensemble.id() + "? give another --id)";
            throw new JoinException("observer " + ensemble.id() + " could not start on "
                    + OptionValues.format(ensemble.ownAddress()) + ": " + e.getMessage() + hint, e);
        }
    }

    private static String unreachable(ShellOptions options, Ensemble ensemble, CoordException e) {
        String own = ensemble.id() + "=" + OptionValues.format(ensemble.ownAddress());
        String check = options.cluster().isPresent()
                ? "Check that the cluster runs: scripts/cluster.sh status " + options.cluster().get()
                : "Check that a quorum of them runs and that their --observers lists " + own;
        return "could not join the ensemble within " + options.timeout().toMillis() + " ms: no leader served observer "
                + own + "; tried members " + OptionValues.format(ensemble.members()) + ". " + check
                + " (" + e.getMessage() + ")";
    }
}
