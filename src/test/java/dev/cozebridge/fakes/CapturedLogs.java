package dev.cozebridge.fakes;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Everything logged through the root logger while open (at the levels logback-test.xml lets through), for tests
 * that hold the log to a budget: how many lines, and no stack traces.
 */
public final class CapturedLogs implements AutoCloseable {
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private CapturedLogs() {
        appender.start();
        root.addAppender(appender);
    }

    public static CapturedLogs start() {
        return new CapturedLogs();
    }

    /** The events so far whose logger name starts with one of {@code prefixes}. */
    public List<ILoggingEvent> from(String... prefixes) {
        synchronized (appender) {
            return appender.list.stream()
                    .filter(e -> List.of(prefixes).stream().anyMatch(e.getLoggerName()::startsWith))
                    .toList();
        }
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
    }
}
