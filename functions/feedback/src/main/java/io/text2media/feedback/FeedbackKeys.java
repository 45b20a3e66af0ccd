package io.text2media.feedback;

import java.util.regex.Pattern;

/**
 * The FEEDBACK namespace's keys. Records and per-user lists keep the original's layout (original-contract.md §6), so
 * data imported from the original is served as is. The 10-minute timer lives under a key that does not start with
 * {@code feedback_}: the original's {@code feedback_rate_limit:{userId}} shared the records' prefix, which broke the
 * admin listing for 10 minutes after every submission.
 */
final class FeedbackKeys {
    static final String RECORD_PREFIX = "feedback_";
    /** The original's timer keys; never written here, skipped by the import, ignored when listing. */
    static final String ORIGINAL_TIMER_PREFIX = "feedback_rate_limit:";
    private static final Pattern RECORD = Pattern.compile("feedback_(.+)_(\\d+)");

    private FeedbackKeys() {
    }

    /** {@code feedback_{userId}_{epochMs}}: a record's key, also its id. */
    static String record(String userId, long epochMillis) {
        return RECORD_PREFIX + userId + "_" + epochMillis;
    }

    /** {@code user_feedback:{userId}}: the user's ids, newest first, at most 20. */
    static String userList(String userId) {
        return "user_feedback:" + userId;
    }

    /** The 10-minute submission timer of a user. */
    static String timer(String userId) {
        return "submit_timer:" + userId;
    }

    static boolean isRecord(String key) {
        return key.startsWith(RECORD_PREFIX) && !key.startsWith(ORIGINAL_TIMER_PREFIX) && RECORD.matcher(key).matches();
    }
}
