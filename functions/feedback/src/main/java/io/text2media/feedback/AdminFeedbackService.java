package io.text2media.feedback;

import io.text2media.shared.http.IsoTimes;
import io.text2media.shared.http.ApiException;
import io.text2media.shared.http.JsonBodies;
import io.text2media.shared.http.JsonResponses;
import io.text2media.shared.http.Jsons;
import io.text2media.shared.observe.Log;
import io.text2media.shared.observe.MetricEvents;
import io.text2media.shared.observe.MetricTimer;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Set;

/**
 * The admin routes: {@code GET /api/admin/feedback} (original-contract.md §4.14, working at all times and paging through
 * every entry; a list that cannot be read is the original's 400, {@link FeedbackListFailure}) and the new
 * {@code PATCH /api/admin/feedback/{id}} that sets {@code status} to pending or processed.
 */
final class AdminFeedbackService {
    static final String INVALID_JSON = "反馈更新请求体必须为 JSON";
    static final String BAD_STATUS = "状态无效，只能为 pending 或 processed";
    static final String NOT_FOUND = "反馈不存在";
    private static final Set<String> STATUSES = Set.of("pending", "processed");
    private static final Log LOG = Log.of(AdminFeedbackService.class);

    private final AdminKeyGate gate;
    private final FeedbackRecords records;
    private final JsonBodies bodies;
    private final MetricEvents events;
    private final Clock clock;

    AdminFeedbackService(AdminKeyGate gate, FeedbackRecords records, JsonBodies bodies, MetricEvents events, Clock clock) {
        this.gate = gate;
        this.records = records;
        this.bodies = bodies;
        this.events = events;
        this.clock = clock;
    }

    void list(ServerRequest request, ServerResponse response) {
        JsonResponses.ok(response, MetricTimer.record(events, "feedback_admin_list", () -> {
            gate.require(request);
            AdminListing.Paging paging = AdminListing.Paging.of(request.query().first("limit").asOptional(),
                    request.query().first("cursor").asOptional());
            LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
            AdminListing.Result result = FeedbackListFailure.guard(request,
                    () -> AdminListing.list(records.all(), paging, today));
            JsonArrayBuilder feedbacks = Jsons.array();
            result.page().forEach(feedbacks::add);
            return Jsons.object()
                    .add("success", true)
                    .add("feedbacks", feedbacks)
                    .add("stats", result.stats())
                    .add("count", result.page().size())
                    .add("nextCursor", Jsons.string(result.nextCursor()))
                    .build();
        }));
    }

    void update(ServerRequest request, ServerResponse response) {
        JsonResponses.ok(response, MetricTimer.record(events, "feedback_admin_update", () -> {
            gate.require(request);
            String id = request.path().pathParameters().get("id");
            JsonObject body = bodies.read(request, INVALID_JSON);
            JsonValue status = body.get("status");
            if (!(status instanceof JsonString s) || !STATUSES.contains(s.getString())) {
                throw ApiException.failure(400, "invalid_status", BAD_STATUS);
            }
            JsonObject updated = records.setStatus(id, s.getString(), IsoTimes.format(clock.millis()))
                    .orElseThrow(() -> ApiException.failure(404, "feedback_not_found", NOT_FOUND));
            LOG.info("feedback_status_changed", "id", id, "status", s.getString());
            return Jsons.object().add("success", true).add("feedback", updated).build();
        }));
    }
}
