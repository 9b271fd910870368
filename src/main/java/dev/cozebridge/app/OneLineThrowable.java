package dev.cozebridge.app;

import ch.qos.logback.classic.pattern.ThrowableHandlingConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;

/**
 * {@code %oneLineEx} in the log pattern: an exception as part of its event's line, never a stack trace below it
 * (one line per event, so a log can be read and grepped): the exception and its causes, with the first frame in
 * coze-bridge's own code to say where.
 */
public final class OneLineThrowable extends ThrowableHandlingConverter {
    private static final String OWN_CODE = "dev.cozebridge.";

    @Override
    public String convert(ILoggingEvent event) {
        IThrowableProxy proxy = event.getThrowableProxy();
        if (proxy == null) {
            return "";
        }
        StringBuilder line = new StringBuilder(" [");
        String where = null;
        int depth = 0;
        for (IThrowableProxy t = proxy; t != null && depth < 8; t = t.getCause(), depth++) {
            if (depth > 0) {
                line.append("; caused by ");
            }
            line.append(simpleName(t.getClassName()));
            if (t.getMessage() != null) {
                line.append(": ").append(t.getMessage().strip().replaceAll("\\s*[\\r\\n]+\\s*", " | "));
            }
            if (where == null && t.getStackTraceElementProxyArray() != null) {
                for (StackTraceElementProxy frame : t.getStackTraceElementProxyArray()) {
                    if (frame.getStackTraceElement().getClassName().startsWith(OWN_CODE)) {
                        where = frame.getStackTraceElement().toString();
                        break;
                    }
                }
            }
        }
        if (where != null) {
            line.append(" at ").append(where);
        }
        return line.append(']').toString();
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
