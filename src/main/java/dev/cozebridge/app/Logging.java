package dev.cozebridge.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.Duration;
import ch.qos.logback.core.util.FileSize;
import dev.cozebridge.config.BridgeConfig;
import dev.cozebridge.config.LoggingSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the {@code logging} section to logback, which started from {@code logback.xml} (console on stderr, level
 * from {@code COZE_BRIDGE_LOG_LEVEL}): the level, and a size-capped rolling log file beside the console.
 */
final class Logging {
    /** The same layout as the console in logback.xml: one line per event, with date and time. */
    static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{24} - "
            + "%replace(%msg){'\\s*[\\r\\n]+\\s*', ' | '}%oneLineEx%n";

    static final String FILE_APPENDER = "FILE";

    private Logging() {}

    /** Applies the config's logging; false (after saying why on {@code err}) when the log file is unusable. */
    static boolean applied(BridgeConfig config, PrintStream err) {
        try {
            apply(config.logging());
            return true;
        } catch (UncheckedIOException e) {
            err.println(config.file() + ": " + e.getMessage());
            return false;
        }
    }

    static void apply(LoggingSettings settings) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return; // another SLF4J backend (tests may bind one): nothing of ours to configure
        }
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(settings.level(), Level.INFO));
        if (settings.file() == null || root.getAppender(FILE_APPENDER) != null) {
            return;
        }
        try {
            Files.createDirectories(settings.file().toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot create the folder of logging.file " + settings.file() + ": " + e.getMessage(), e);
        }
        RollingFileAppender<ILoggingEvent> file = new RollingFileAppender<>();
        file.setContext(context);
        file.setName(FILE_APPENDER);
        file.setFile(settings.file().toString());

        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(context);
        rolling.setParent(file);
        rolling.setFileNamePattern(settings.file() + ".%i");
        rolling.setMinIndex(1);
        rolling.setMaxIndex(settings.maxFiles());
        rolling.start();

        SizeBasedTriggeringPolicy<ILoggingEvent> size = new SizeBasedTriggeringPolicy<>();
        size.setContext(context);
        size.setMaxFileSize(new FileSize(settings.maxFileSize()));
        // look at the size on every event: a burst must not run far past the cap
        size.setCheckIncrement(Duration.buildByMilliseconds(0));
        size.start();

        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();

        file.setRollingPolicy(rolling);
        file.setTriggeringPolicy(size);
        file.setEncoder(encoder);
        file.start();
        root.addAppender(file);
    }
}
