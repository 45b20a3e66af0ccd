package io.text2media.health.ops;

/**
 * The exit codes of the ops commands and their scripts, for cron and CI: each cause has its own code, so an alert
 * can say which. {@code scripts/lib/run-tool.sh} adds 5 (no JDK to run the command).
 */
final class ExitCodes {
    /** Done; no threshold crossed. */
    static final int OK = 0;
    /** An alert threshold was crossed (db-monitor's error rate, perf-report's p95). */
    static final int ALERT = 1;
    /** Unknown command or option, a missing or bad value, a restore without confirmation. */
    static final int USAGE = 2;
    /** The database could not be reached. */
    static final int UNREACHABLE = 3;
    /** The command failed: a backup or restore that did not complete, an unexpected SQL or runtime error. */
    static final int FAILURE = 4;

    private ExitCodes() {
    }
}
