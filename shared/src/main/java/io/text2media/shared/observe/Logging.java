package io.text2media.shared.observe;

import java.io.PrintStream;
import java.util.Locale;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/** Routes every JUL logger (ours, Helidon's, Hikari's through slf4j-jdk14) to JSON lines on stdout at {@code LOG_LEVEL}. */
public final class Logging {
    private static final Log LOG = Log.of(Logging.class);

    private Logging() {
    }

    public static void configure(String logLevel) {
        configure(logLevel, System.out);
    }

    public static synchronized void configure(String logLevel, PrintStream out) {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        Level level = toJul(logLevel);
        root.setLevel(level);
        Handler handler = new StreamHandler(out, new JsonLogFormatter()) {
            @Override
            public synchronized void publish(java.util.logging.LogRecord record) {
                super.publish(record);
                flush();
            }
        };
        handler.setLevel(Level.ALL);
        root.addHandler(handler);
        // Helidon and Hikari are chatty at INFO about internals; keep them one step quieter than ours.
        Logger.getLogger("com.zaxxer.hikari").setLevel(level.intValue() < Level.INFO.intValue() ? level : Level.WARNING);
    }

    /** Changes the level of a running process (the emergency switch); the change itself is logged. */
    public static synchronized void changeLevel(String logLevel) {
        Level level = toJul(logLevel);
        Logger.getLogger("").setLevel(level);
        LOG.warn("log_level_changed", "level", logLevel);
    }

    public static Level toJul(String logLevel) {
        return switch (logLevel.toLowerCase(Locale.ROOT)) {
            case "error" -> Level.SEVERE;
            case "warn" -> Level.WARNING;
            case "debug" -> Level.FINE;
            default -> Level.INFO;
        };
    }
}
