package dev.cozebridge.config;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/** Reads the {@code logging} section. */
final class LoggingReader {
    private static final Set<String> LEVELS = Set.of("error", "warn", "info", "debug", "trace");

    private LoggingReader() {}

    /** {@code logging}; {@value LoggingSettings#LEVEL_ENV} in the environment overrides the level. */
    static LoggingSettings read(Section l, Function<String, String> environment, ConfigPaths paths) {
        String level = l.string("level").map(v -> v.toLowerCase(Locale.ROOT)).orElse("info");
        if (!LEVELS.contains(level)) {
            l.problem("level", "must be error, warn, info, debug or trace, not '" + level + "'");
        }
        String override = environment.apply(LoggingSettings.LEVEL_ENV);
        if (override != null && !override.isBlank()) {
            String lower = override.strip().toLowerCase(Locale.ROOT);
            if (LEVELS.contains(lower)) {
                level = lower;
            } else {
                l.problem(
                        null,
                        "environment variable " + LoggingSettings.LEVEL_ENV
                                + " must be error, warn, info, debug or trace, not '" + override.strip() + "'");
            }
        }
        Path file = l.string("file").map(paths::data).orElse(null);
        // at least 1 KB: smaller would roll over on every line
        long size = l.bytes("max_file_size", LoggingSettings.DEFAULT_MAX_FILE_SIZE, 1024, 1024L * 1024 * 1024 * 1024);
        int files = l.integer("max_files", LoggingSettings.DEFAULT_MAX_FILES, 1, 20);
        l.rejectUnknown();
        return new LoggingSettings(level, file, size, files);
    }
}
