package io.text2media.auth;

import io.text2media.shared.http.RequestInfo;
import io.text2media.shared.observe.MetricEvents;

import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The original's {@code [METRIC]} events of the auth routes (original-contract.md §16.2): {@code {success, dt_ms}}
 * per call, plus what a handler adds (the code flow's {@code status} and {@code google_error}).
 */
final class RouteMetrics {
    private final MetricEvents events;

    RouteMetrics(MetricEvents events) {
        this.events = events;
    }

    Handler metered(String name, Handler handler) {
        return (request, response) -> {
            boolean success = false;
            try {
                handler.handle(request, response);
                success = response.status().code() < 400;
            } finally {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("success", success);
                fields.put("dt_ms", RequestInfo.of(request).elapsedMillis());
                fields.putAll(extra(request).values);
                events.record(name, fields);
            }
        };
    }

    /** Fields a handler wants in its event, e.g. {@code extra(req).put("status", 400)}. */
    static Extra extra(ServerRequest request) {
        return request.context().get(Extra.class).orElseGet(() -> {
            Extra extra = new Extra();
            request.context().register(extra);
            return extra;
        });
    }

    /** The extra fields of one call's event. */
    static final class Extra {
        private final Map<String, Object> values = new LinkedHashMap<>();

        Extra put(String name, Object value) {
            values.put(name, value);
            return this;
        }
    }
}
