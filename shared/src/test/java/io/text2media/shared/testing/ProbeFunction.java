package io.text2media.shared.testing;

import io.text2media.shared.boot.FunctionContext;
import io.text2media.shared.boot.FunctionProvider;
import io.text2media.shared.boot.FunctionRoutes;
import io.text2media.shared.http.ApiException;
import io.text2media.shared.http.JsonResponses;
import io.text2media.shared.http.RequestInfo;
import io.text2media.shared.http.Jsons;
import io.text2media.shared.store.Namespace;

import jakarta.json.JsonObject;

/**
 * A test-only function exercising the shared library through real routes: JSON bodies, thrown errors, store reads
 * and writes, slow calls. Black-box tests put it on the bundle's class path to have a write route.
 */
public final class ProbeFunction implements FunctionProvider {
    public static final String INVALID_MESSAGE = "探针请求体必须为 JSON";

    @Override
    public String name() {
        return "probe";
    }

    @Override
    public void routing(FunctionRoutes routes, FunctionContext context) {
        context.database();
        routes.post("/probe/echo", (req, res) -> {
            JsonObject body = context.json().read(req, INVALID_MESSAGE);
            JsonResponses.ok(res, Jsons.object().add("echo", body).build());
        });
        routes.get("/probe/boom", (req, res) -> {
            throw new IllegalStateException("secret internal detail jdbc:postgresql://user:pw@db");
        });
        routes.get("/probe/conflict", (req, res) -> {
            throw ApiException.failure(409, "conflict", "冲突").field("cause", "probe");
        });
        routes.post("/probe/kv/{key}", (req, res) -> {
            JsonObject body = context.json().read(req, INVALID_MESSAGE);
            context.store().put(Namespace.STATE, "probe:" + req.path().pathParameters().get("key"), Jsons.text(body), null);
            JsonResponses.created(res, Jsons.object().add("stored", true).build());
        });
        routes.get("/probe/kv/{key}", (req, res) -> {
            String key = "probe:" + req.path().pathParameters().get("key");
            var entry = context.store().get(Namespace.STATE, key)
                    .orElseThrow(() -> ApiException.error(404, "not_found", "missing"));
            JsonResponses.ok(res, entry.json().orElseThrow());
        });
        routes.get("/probe/whoami", (req, res) ->
                JsonResponses.ok(res, Jsons.object().add("client", RequestInfo.of(req).clientIp()).build()));
        routes.get("/probe/slow", (req, res) -> {
            long ms = Long.parseLong(req.query().first("ms").orElse("500"));
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            JsonResponses.ok(res, Jsons.object().add("slept", ms).build());
        });
    }

    @Override
    public long maxRequestBytes(FunctionContext context) {
        return context.settings().http().maxBodyBytes();
    }
}
