package io.text2media.feedback;

import io.text2media.shared.auth.Authenticator;
import io.text2media.shared.http.JsonResponses;
import io.text2media.shared.http.Jsons;
import io.text2media.shared.observe.MetricEvents;
import io.text2media.shared.observe.MetricTimer;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.List;
import java.util.Optional;

/**
 * {@code GET /api/feedback/my} (original-contract.md §4.13): the user's feedback in list order (newest first, at most
 * 20), each with {@code id, category, content, created_at, status} ({@code status} defaults to pending); ids whose
 * record is gone are skipped. A list that cannot be read is the original's 400 ({@link FeedbackListFailure}).
 */
final class MyFeedbackService {
    private final Authenticator authenticator;
    private final UserFeedbackList lists;
    private final FeedbackRecords records;
    private final MetricEvents events;

    MyFeedbackService(Authenticator authenticator, UserFeedbackList lists, FeedbackRecords records, MetricEvents events) {
        this.authenticator = authenticator;
        this.lists = lists;
        this.records = records;
        this.events = events;
    }

    void handle(ServerRequest request, ServerResponse response) {
        JsonResponses.ok(response, MetricTimer.record(events, "feedback_list_my", () -> list(request)));
    }

    private JsonObject list(ServerRequest request) {
        String userId = authenticator.require(request).userId();
        return FeedbackListFailure.guard(request, () -> feedbacks(userId));
    }

    private JsonObject feedbacks(String userId) {
        List<String> ids;
        try {
            ids = lists.read(userId);
        } catch (UserFeedbackList.MalformedListException e) {
            throw FeedbackListFailure.answer(); // data, not a bug: the next submission replaces the list
        }
        JsonArrayBuilder feedbacks = Jsons.array();
        int count = 0;
        for (String id : ids) {
            Optional<JsonObject> record = records.get(id)
                    .filter(r -> Jsons.stringOr(r, "userId", userId).equals(userId));
            if (record.isEmpty()) {
                continue;
            }
            JsonObject r = record.get();
            feedbacks.add(Jsons.object()
                    .add("id", Jsons.stringOr(r, "id", id))
                    .add("category", valueOr(r, "category"))
                    .add("content", valueOr(r, "content"))
                    .add("created_at", valueOr(r, "created_at"))
                    .add("status", Jsons.stringOr(r, "status", "pending")));
            count++;
        }
        return Jsons.object()
                .add("success", true)
                .add("feedbacks", feedbacks)
                .add("count", count)
                .build();
    }

    private static JsonValue valueOr(JsonObject record, String field) {
        return record.getOrDefault(field, JsonValue.NULL);
    }
}
