package dev.cozebridge.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.filter.Filter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import org.slf4j.LoggerFactory;

/**
 * Keeps the log's INFO lines (a retry, a minted OAuth token) off the terminal while a command owns it: {@code ask}
 * promises the answer on stdout and, on failure, exactly one line on stderr. Warnings and errors still show; log
 * files get everything as before. An operator who sets {@code COZE_BRIDGE_LOG_LEVEL} asked for the log on the
 * console, and gets it. Closing restores the console.
 */
final class ConsoleLog implements AutoCloseable {
    static final String LEVEL_VARIABLE = "COZE_BRIDGE_LOG_LEVEL";

    private final List<Attached> attached = new ArrayList<>();

    private record Attached(Appender<ILoggingEvent> appender, Filter<ILoggingEvent> filter) {}

    private ConsoleLog() {}

    /** From now until {@link #close()}, console appenders show only WARN and above. */
    static ConsoleLog warningsOnly(Function<String, String> environment) {
        ConsoleLog quiet = new ConsoleLog();
        String level = environment.apply(LEVEL_VARIABLE);
        if ((level == null || level.isBlank()) && LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
                Appender<ILoggingEvent> appender = it.next();
                if (appender instanceof ConsoleAppender<ILoggingEvent>) {
                    ThresholdFilter filter = new ThresholdFilter();
                    filter.setLevel(Level.WARN.levelStr);
                    filter.start();
                    appender.addFilter(filter);
                    quiet.attached.add(new Attached(appender, filter));
                }
            }
        }
        return quiet;
    }

    @Override
    public void close() {
        for (Attached a : attached) {
            List<Filter<ILoggingEvent>> others = new ArrayList<>(a.appender().getCopyOfAttachedFiltersList());
            others.remove(a.filter());
            a.appender().clearAllFilters();
            others.forEach(a.appender()::addFilter);
        }
        attached.clear();
    }
}
