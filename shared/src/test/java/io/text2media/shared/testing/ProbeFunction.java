package io.text2media.shared.testing;

import io.text2media.shared.boot.FunctionContext;
import io.text2media.shared.boot.FunctionProvider;
import io.text2media.shared.boot.FunctionRoutes;
import io.text2media.shared.http.ApiException;
import io.text2media.shared.http.JsonResponses;
import io.text2media.shared.http.Jsons;
import io.text2media.shared.http.RequestInfo;
import io.text2media.shared.http.StreamedResponses;
import io.text2media.shared.store.Namespace;

import io.helidon.http.HeaderNames;

import jakarta.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A test-only function exercising the shared library through real routes: JSON bodies, thrown errors, store reads
 * and writes, slow calls, and a logged-in streamed call that used an upstream. Black-box tests put it on the bundle's class path to have a write route.
 */
public final class ProbeFunction implements FunctionProvider {
    public static final String INVALID_MESSAGE = "探针请求体必须为 JSON";
    public static final String UPSTREAM = "probe-llm";
    public static final String UPSTREAM_MODEL = "probe-model-sent";
    public static final String ASKED_MODEL = "probe-model-asked";
    public static final String KEY_ALIAS = "key-7";
    public static final int PROMPT_TOKENS = 11;
    public static final int COMPLETION_TOKENS = 31;
    public static final int ATTEMPTS = 2;
    public static final int UPSTREAM_MS = 1234;
    private static final byte[] CHUNK = "data: probe\n\n".getBytes(StandardCharsets.UTF_8);
    private static final int STREAM_CHUNKS = 3;
    /** What {@code /probe/upstream} streams, in bytes. */
    public static final int STREAM_BYTES = CHUNK.length * STREAM_CHUNKS;

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
        routes.get("/probe/upstream", (req, res) -> {
            // A logged-in, streamed call that used an upstream: fills every RequestInfo field a function can set.
            context.authenticator().require(req);
            RequestInfo info = RequestInfo.of(req);
            info.upstream(UPSTREAM, UPSTREAM_MODEL, ASKED_MODEL);
            info.keyAlias(KEY_ALIAS);
            info.tokens(PROMPT_TOKENS, COMPLETION_TOKENS, PROMPT_TOKENS + COMPLETION_TOKENS);
            info.cacheHit(false);
            info.addAttempts(ATTEMPTS);
            info.addUpstreamNanos(UPSTREAM_MS * 1_000_000L);
            info.stream(true);
            res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
            try (OutputStream out = res.outputStream()) {
                for (int i = 0; i < STREAM_CHUNKS; i++) {
                    out.write(CHUNK);
                    out.flush();
                    info.addResponseBytes(CHUNK.length);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        routes.get("/probe/broken-stream", (req, res) -> {
            // A stream whose source fails after its first chunk went out (an upstream dropping mid-body).
            RequestInfo.of(req).stream(true);
            res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
            InputStream source = new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(CHUNK), new InputStream() {
                @Override
                public int read() throws IOException {
                    throw new IOException("the source dropped mid-stream");
                }
            });
            StreamedResponses.pipe(source, res, RequestInfo.of(req));
        });
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
