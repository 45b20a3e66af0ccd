package io.text2media.feedback;

import io.text2media.shared.http.IsoTimes;
import io.text2media.shared.auth.Authentication;
import io.text2media.shared.auth.Authenticator;
import io.text2media.shared.http.ApiException;
import io.text2media.shared.http.JsonBodies;
import io.text2media.shared.http.JsonResponses;
import io.text2media.shared.http.Jsons;
import io.text2media.shared.observe.Log;
import io.text2media.shared.observe.MetricEvents;
import io.text2media.shared.observe.MetricTimer;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.JsonObject;

import java.time.Clock;
import java.util.Optional;

/**
 * {@code POST /api/feedback} (original-contract.md §4.12): body first (a bad body is a 400 even without a token), then
 * the login, the validation, the user's 10-minute timer; then the record, and the id at the head of the user's list.
 * If saving fails, the timer is given back so the user can try again.
 */
final class SubmitFeedbackService {
    static final String INVALID_JSON = "反馈请求体必须为 JSON";
    static final String CREATED = "反馈提交成功，感谢您的建议！";
    static final String FAILED = "提交失败，请稍后重试";
    private static final Log LOG = Log.of(SubmitFeedbackService.class);

    private final JsonBodies bodies;
    private final Authenticator authenticator;
    private final SubmissionTimer timer;
    private final FeedbackRecords records;
    private final UserFeedbackList lists;
    private final MetricEvents events;
    private final Clock clock;

    SubmitFeedbackService(JsonBodies bodies, Authenticator authenticator, SubmissionTimer timer, FeedbackRecords records,
                          UserFeedbackList lists, MetricEvents events, Clock clock) {
        this.bodies = bodies;
        this.authenticator = authenticator;
        this.timer = timer;
        this.records = records;
        this.lists = lists;
        this.events = events;
        this.clock = clock;
    }

    void handle(ServerRequest request, ServerResponse response) {
        JsonResponses.created(response, MetricTimer.record(events, "feedback_submit", () -> submit(request)));
    }

    private JsonObject submit(ServerRequest request) {
        JsonObject body = bodies.read(request, INVALID_JSON);
        Authentication user = authenticator.require(request);
        FeedbackInput input = FeedbackInput.from(body);
        String userId = user.userId();
        Optional<Long> wait = timer.start(userId);
        if (wait.isPresent()) {
            throw ApiException.failure(400, "too_soon", "请等待" + wait.get() + "分钟后再提交反馈")
                    .field("retry_after_minutes", wait.get());
        }
        long now = clock.millis();
        String id = FeedbackKeys.record(userId, now);
        JsonObject record = Jsons.object()
                .add("id", id)
                .add("userId", userId)
                .add("email", Jsons.stringOr(user.user(), "email", user.claims().email()))
                .add("category", input.category())
                .add("content", input.content())
                .add("created_at", IsoTimes.format(now))
                .add("status", "pending")
                .build();
        boolean created = false;
        try {
            created = records.create(id, record);
            if (!created) {
                // only possible if two records of one user had the same millisecond, which the timer rules out
                throw ApiException.failure(400, "submit_failed", FAILED);
            }
            lists.prepend(userId, id);
        } catch (RuntimeException e) {
            LOG.warn("feedback_submit_failed", "userId", userId, "error", e.getClass().getSimpleName());
            undo(userId, id, created);
            throw e;
        }
        LOG.info("feedback_submitted", "id", id, "category", input.category());
        return Jsons.object()
                .add("success", true)
                .add("message", CREATED)
                .add("feedbackId", id)
                .build();
    }

    private void undo(String userId, String id, boolean created) {
        try {
            if (created) {
                records.delete(id);
            }
            timer.cancel(userId);
        } catch (RuntimeException ignored) {
            // best effort: the store is failing already; the timer expires by itself
        }
    }
}
