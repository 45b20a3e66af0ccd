package io.text2media.shared.observe;

import java.io.PrintStream;
import java.util.Locale;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * Routes every JUL logger (ours, Helidon's, Hikari's through slf4j-jdk14) to JSON lines on stdout at {@code LOG_LEVEL},
 * and lets the few lines that have a fixed format of their own (the original's {@code [METRIC]} lines) go to the same
 * output unwrapped, never in the middle of a JSON line.
 */
public final class Logging {
    private static final Log LOG = Log.of(Logging.class);
    // Held here: JUL keeps loggers only weakly, and a collected logger would forget the level set on it.
    private static final Logger ROOT = Logger.getLogger("");
    private static final Logger HIKARI = Logger.getLogger("com.zaxxer.hikari");
    private static volatile PrintStream output = System.out;
    /** Held while a line is written: the JSON handler's publish and {@link #printLine} exclude each other. */
    private static volatile Object lineLock = new Object();

    private Logging() {
    }

    public static void configure(String logLevel) {
        configure(logLevel, System.out);
    }

    public static synchronized void configure(String logLevel, PrintStream out) {
        LogManager.getLogManager().reset();
        Level level = toJul(logLevel);
        ROOT.setLevel(level);
        Handler handler = new StreamHandler(out, new JsonLogFormatter()) {
            // synchronized on the handler: printLine takes the same monitor
            @Override
            public synchronized void publish(java.util.logging.LogRecord record) {
                super.publish(record);
                flush();
            }
        };
        handler.setLevel(Level.ALL);
        ROOT.addHandler(handler);
        lineLock = handler;
        output = out;
        // Helidon and Hikari are chatty at INFO about internals; keep them one step quieter than ours.
        HIKARI.setLevel(level.intValue() < Level.INFO.intValue() ? level : Level.WARNING);
    }

    /**
     * Writes one line as it is, not as JSON, to the log output (stdout unless configured otherwise), for line
     * formats that log pipelines match by their start, e.g. {@code ^\[METRIC\] }. The caller decides whether the
     * level allows it and that nothing secret is in it.
     */
    public static void printLine(String line) {
        Object lock = lineLock;
        PrintStream out = output;
        synchronized (lock) {
            out.print(line + "\n");
            out.flush();
        }
    }

    /** Changes the level of a running process (the emergency switch); the change itself is logged. */
    public static synchronized void changeLevel(String logLevel) {
        Level level = toJul(logLevel);
        ROOT.setLevel(level);
        HIKARI.setLevel(level.intValue() < Level.INFO.intValue() ? level : Level.WARNING);
        LOG.warn("log_level_changed", "level", logLevel);
    }

    /** The level in force, as LOG_LEVEL spells it. */
    public static String level() {
        Level level = ROOT.getLevel();
        if (level == null || level.intValue() == Level.INFO.intValue()) {
            return "info";
        }
        return level.intValue() >= Level.SEVERE.intValue() ? "error"
                : level.intValue() >= Level.WARNING.intValue() ? "warn" : "debug";
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
