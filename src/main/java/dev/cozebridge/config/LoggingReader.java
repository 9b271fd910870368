package dev.cozebridge.config;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the {@code logging} section. */
final class LoggingReader {
    private static final Pattern SIZE = Pattern.compile("(?i)(\\d{1,9})\\s*(kb|mb|gb)");
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
        long size = l.string("max_file_size")
                .map(text -> {
                    Matcher m = SIZE.matcher(text);
                    if (!m.matches()) {
                        l.problem("max_file_size", "must be a size like 500KB, 10MB or 1GB, not '" + text + "'");
                        return LoggingSettings.DEFAULT_MAX_FILE_SIZE;
                    }
                    long n = Long.parseLong(m.group(1));
                    return n
                            * switch (m.group(2).toLowerCase(Locale.ROOT)) {
                                case "kb" -> 1024L;
                                case "mb" -> 1024L * 1024;
                                default -> 1024L * 1024 * 1024;
                            };
                })
                .orElse(LoggingSettings.DEFAULT_MAX_FILE_SIZE);
        int files = l.integer("max_files", LoggingSettings.DEFAULT_MAX_FILES, 1, 20);
        l.rejectUnknown();
        return new LoggingSettings(level, file, size, files);
    }
}
