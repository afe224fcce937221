package dev.coord.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

class ProgressTest {
    /** A logger that keeps the formatted INFO lines. */
    static final class Lines extends LegacyAbstractLogger {
        final List<String> info = new ArrayList<>();

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args, Throwable t) {
            if (level == Level.INFO) {
                info.add(MessageFormatter.basicArrayFormat(pattern, args));
            }
        }

        @Override public boolean isTraceEnabled() { return true; }
        @Override public boolean isDebugEnabled() { return true; }
        @Override public boolean isInfoEnabled() { return true; }
        @Override public boolean isWarnEnabled() { return true; }
        @Override public boolean isErrorEnabled() { return true; }
    }

    @Test
    void shouldReportCountRateAndZxidOnceTheIntervalHasPassed() {
        Lines log = new Lines();
        Progress progress = new Progress(log, "Replaying the log", 0);
        progress.step(0x100000005L);
        progress.step(0x100000006L);

        assertThat(progress.count()).isEqualTo(2);
        assertThat(log.info).hasSize(2);
        assertThat(log.info.get(1)).startsWith("Replaying the log: 2 so far at zxid 0x100000006");
    }

    @Test
    void shouldStayQuietForAShortOperation() {
        Lines log = new Lines();
        Progress progress = new Progress(log, "Replaying the log", Progress.DEFAULT_INTERVAL_NS);
        for (int i = 0; i < 10_000; i++) {
            progress.step(i);
        }

        assertThat(progress.count()).isEqualTo(10_000);
        assertThat(log.info).isEmpty();
    }
}
