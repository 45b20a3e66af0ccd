package io.text2media.shared.store;

import java.net.ConnectException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/** Classifies database failures: "cannot reach it" (answer 503, retry later) versus a duplicate key or a bug. */
public final class DbErrors {
    /** H2: connection broken, database closed, server not reachable. */
    private static final Set<Integer> H2_UNAVAILABLE = Set.of(90067, 90098, 90121, 90020, 90046, 8000);

    private DbErrors() {
    }

    public static boolean isUniqueViolation(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    public static boolean isUnavailable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof StoreUnavailableException
                    || t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException
                    || t instanceof ConnectException
                    || t instanceof SocketException) {
                return true;
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && (state.startsWith("08") || state.startsWith("57") || state.startsWith("53"))) {
                    return true;
                }
                if (H2_UNAVAILABLE.contains(sql.getErrorCode())) {
                    return true;
                }
            }
        }
        return false;
    }
}
