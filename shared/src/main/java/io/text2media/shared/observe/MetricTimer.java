package io.text2media.shared.observe;

import io.text2media.shared.http.ApiException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs a route's work and records the original's {@code {success, dt_ms[, error]}} metric event for it
 * (original-contract.md §16.2). The error is the answer's stable {@code code}, never an exception message.
 */
public final class MetricTimer {

    private MetricTimer() {
    }

    public static <T> T record(MetricEvents events, String name, Supplier<T> work) {
        long start = System.nanoTime();
        String error = null;
        try {
            return work.get();
        } catch (ApiException e) {
            error = e.code();
            throw e;
        } catch (RuntimeException | Error e) {
            error = "internal_error";
            throw e;
        } finally {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("success", error == null);
            fields.put("dt_ms", (System.nanoTime() - start) / 1_000_000);
            if (error != null) {
                fields.put("error", error);
            }
            events.record(name, fields);
        }
    }
}
