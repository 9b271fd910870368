package dev.cozebridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import dev.cozebridge.config.LoggingSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class LoggingTest {
    private final ch.qos.logback.classic.Logger root =
            ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME);
    private final Level before = root.getLevel();

    @TempDir
    Path dir;

    @AfterEach
    void restore() {
        var file = root.getAppender(Logging.FILE_APPENDER);
        if (file != null) {
            root.detachAppender(file);
            file.stop();
        }
        root.setLevel(before);
    }

    @Test
    void eachEventIsOneLineWithDateAndTimeAndItsExceptionOnTheSameLine() throws IOException {
        Path file = dir.resolve("logs/bridge.log");
        Logging.apply(new LoggingSettings("info", file, 10L * 1024 * 1024, 5));
        Logger log = LoggerFactory.getLogger("dev.cozebridge.test");
        log.info("started");
        log.debug("not at info");
        log.warn(
                "Discord said:\nline two",
                new IllegalStateException("outer", new java.net.ConnectException("Connection refused\nretry")));

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2);
        assertThat(lines).allMatch(l -> l.matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3} .*"));
        assertThat(lines.get(0)).endsWith(" - started");
        assertThat(lines.get(1))
                .contains("WARN ")
                .contains("Discord said: | line two")
                .contains("[IllegalStateException: outer; caused by ConnectException: Connection refused | retry")
                .contains(" at dev.cozebridge.app.LoggingTest.");
    }

    @Test
    void theFileRollsOverAtItsSizeAndKeepsOnlyMaxFiles() throws IOException {
        Path file = dir.resolve("bridge.log");
        Logging.apply(new LoggingSettings("info", file, 2_000, 2));
        Logger log = LoggerFactory.getLogger("dev.cozebridge.test");
        for (int i = 0; i < 400; i++) {
            log.info("event {} {}", i, "x".repeat(40));
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("bridge.log", "bridge.log.1", "bridge.log.2");
        }
        // each file stays near the cap (one event may cross it)
        assertThat(Files.size(file)).isLessThan(2_200);
        assertThat(Files.size(dir.resolve("bridge.log.1"))).isLessThan(2_200);
        assertThat(Files.readString(file)).contains("event 399 ");
    }

    @Test
    void theLevelFromTheConfigApplies() {
        Logging.apply(new LoggingSettings("warn", null, 1, 1));
        assertThat(root.getLevel()).isEqualTo(Level.WARN);
        assertThat(root.getAppender(Logging.FILE_APPENDER)).isNull();
    }
}
