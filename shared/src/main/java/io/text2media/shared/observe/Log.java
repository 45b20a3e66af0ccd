package io.text2media.shared.observe;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Structured logging on JUL: an event name plus key/value fields, written as one JSON line by
 * {@link JsonLogFormatter}. Fields are named by the code that logs them; the formatter still redacts any field whose
 * name looks secret and masks emails, so a careless call cannot leak a password or key.
 */
public final class Log {
    private final Logger logger;

    private Log(Logger logger) {
        this.logger = logger;
    }

    public static Log of(Class<?> type) {
        return new Log(Logger.getLogger(type.getName()));
    }

    public boolean isInfo() {
        return logger.isLoggable(Level.INFO);
    }

    public boolean isDebug() {
        return logger.isLoggable(Level.FINE);
    }

    public void debug(String event, Object... keyValues) {
        log(Level.FINE, event, null, keyValues);
    }

    public void info(String event, Object... keyValues) {
        log(Level.INFO, event, null, keyValues);
    }

    public void warn(String event, Object... keyValues) {
        log(Level.WARNING, event, null, keyValues);
    }

    public void warn(String event, Throwable error, Object... keyValues) {
        log(Level.WARNING, event, error, keyValues);
    }

    public void error(String event, Throwable error, Object... keyValues) {
        log(Level.SEVERE, event, error, keyValues);
    }

    private void log(Level level, String event, Throwable error, Object... keyValues) {
        if (!logger.isLoggable(level)) {
            return;
        }
        LogRecord record = new LogRecord(level, event);
        record.setLoggerName(logger.getName());
        record.setParameters(new Object[] {new Fields(pairs(keyValues))});
        record.setThrown(error);
        logger.log(record);
    }

    private static Map<String, Object> pairs(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            map.put(String.valueOf(keyValues[i]), keyValues[i + 1]);
        }
        return map;
    }

    /** The structured part of a record; recognised by the formatter. */
    record Fields(Map<String, Object> values) {
    }
}
