package dev.cozebridge.config;

import java.nio.file.Path;

/**
 * {@code logging}: the level and an optional rolling log file. The environment variable
 * {@value #LEVEL_ENV} overrides the level.
 *
 * @param level       {@code error}, {@code warn}, {@code info}, {@code debug} or {@code trace}
 * @param file        the log file (absolute, resolved against the data folder), or null for the console only
 * @param maxFileSize bytes per file before it rolls over
 * @param maxFiles    rolled-over files kept besides the current one
 */
public record LoggingSettings(String level, Path file, long maxFileSize, int maxFiles) {
    public static final String LEVEL_ENV = "COZE_BRIDGE_LOG_LEVEL";
    public static final long DEFAULT_MAX_FILE_SIZE = 10L * 1024 * 1024;
    public static final int DEFAULT_MAX_FILES = 5;
    public static final LoggingSettings DEFAULT =
            new LoggingSettings("info", null, DEFAULT_MAX_FILE_SIZE, DEFAULT_MAX_FILES);
}
