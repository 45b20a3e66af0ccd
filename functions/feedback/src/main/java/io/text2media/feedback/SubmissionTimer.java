package io.text2media.feedback;

import io.text2media.shared.store.KvEntry;
import io.text2media.shared.store.KvStore;
import io.text2media.shared.store.Namespace;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * One submission per user per 10 minutes (original-contract.md §4.12), atomic: the timer is created with put-if-absent
 * and a 600 s TTL, so of N concurrent submissions exactly one gets it (the original read, then wrote).
 */
final class SubmissionTimer {
    static final Duration INTERVAL = Duration.ofMinutes(10);

    private final KvStore store;
    private final Clock clock;

    SubmissionTimer(KvStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Starts the user's timer; when one is running, the whole minutes left (1..10) instead. */
    Optional<Long> start(String userId) {
        String key = FeedbackKeys.timer(userId);
        for (int attempt = 0; attempt < 3; attempt++) {
            if (store.putIfAbsent(Namespace.FEEDBACK, key, String.valueOf(clock.millis()), INTERVAL)) {
                return Optional.empty();
            }
            Optional<KvEntry> running = store.get(Namespace.FEEDBACK, key);
            if (running.isPresent() && running.get().expiresAt() != null) {
                long leftMs = running.get().expiresAt().toEpochMilli() - clock.millis();
                return Optional.of(Math.max(1, Math.min(10, (leftMs + 59_999) / 60_000)));
            }
            // it expired between the two calls: try again
        }
        return Optional.of(1L);
    }

    /** Gives the slot back when the submission could not be saved. */
    void cancel(String userId) {
        store.delete(Namespace.FEEDBACK, FeedbackKeys.timer(userId));
    }
}
