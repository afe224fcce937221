package dev.coord.log.chronicle;

/**
 * ChronicleDefaults are the system properties that keep Chronicle Queue quiet inside an embedding
 * application: no analytics, no banner, no disk-space monitor thread, no start-up performance notes.
 *
 * <p>Each is set only if the application has not set it, and only has effect if applied before
 * Chronicle's classes initialise, so {@link ChronicleTxnLog#open} applies them before touching Chronicle.
 * Chronicle also loads a {@code system.properties} file from the working directory or the class path
 * into system properties; Coord ships no such file and depends on none.
 *
 * <p>Safe on any thread (system properties are synchronised).
 */
final class ChronicleDefaults {
    private static final String[] DISABLED_BY_DEFAULT = {
        "chronicle.analytics.disable",
        "chronicle.announcer.disable",
        "chronicle.disk.monitor.disable",
        "disable.perf.info",
    };

    private ChronicleDefaults() {
    }

    /** Sets each property to {@code true} unless it is already set. */
    static void apply() {
        for (String name : DISABLED_BY_DEFAULT) {
            if (System.getProperty(name) == null) {
                System.setProperty(name, "true");
            }
        }
    }
}
