package io.text2media.shared.observe;

import io.text2media.shared.config.DatabaseSettings;
import io.text2media.shared.http.Jsons;
import io.text2media.shared.store.Namespace;
import io.text2media.shared.testing.Http;
import io.text2media.shared.testing.ProbeFunction;
import io.text2media.shared.testing.TcpProxy;
import io.text2media.shared.testing.TestApp;
import io.text2media.shared.testing.TestDatabases;
import io.text2media.shared.testing.Waits;

import io.helidon.dbclient.DbRow;

import org.h2.tools.Server;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every call of a function route becomes one request_logs row, every 5xx one error_logs row; /observe does not. */
class RequestLoggingTest {

    private static Map<String, Object> row(TestApp app, String id) {
        try (Stream<DbRow> rows = app.context().database().execute().createQuery(
                "SELECT function, route, method, status_code, duration_ms, request_bytes, response_bytes, is_stream, "
                        + "has_error, error_code, user_id, client_ip_prefix, ua_family, ts, function_version "
                        + "FROM request_logs WHERE id = CAST(:id AS UUID)").addParam("id", id).execute()) {
            DbRow r = rows.findFirst().orElseThrow(() -> new AssertionError("no row for " + id));
            java.util.HashMap<String, Object> m = new java.util.HashMap<>();
            String[] names = {"function", "route", "method", "status_code", "duration_ms", "request_bytes", "response_bytes",
                    "is_stream", "has_error", "error_code", "user_id", "client_ip_prefix", "ua_family", "ts", "function_version"};
            for (int i = 0; i < names.length; i++) {
                m.put(names[i], r.column(i + 1).get(Object.class));
            }
            return m;
        }
    }

    /** The row is queued just after the response is sent: wait for the listeners, then for the writer. */
    private static void awaitRows(TestApp app, long rows) {
        app.awaitIdle();
        assertTrue(app.context().opsLogWriter().flush(Duration.ofSeconds(30)), "the log writer caught up");
        assertTrue(count(app, "SELECT COUNT(*) FROM request_logs") >= rows, "at least " + rows + " request_logs rows");
    }

    private static long count(TestApp app, String sql) {
        return app.context().database().execute().get(sql).orElseThrow().column(1).get(Long.class);
    }

    @Test
    void callsAreLoggedWithTheirRouteTemplateAndErrorsGoToErrorLogs() {
        try (TestApp app = TestApp.builder().provider(new ProbeFunction()).start()) {
            Http http = app.http();
            Http.Res created = http.post("/probe/kv/abc", "{\"v\":1}", "User-Agent", "Mozilla/5.0 Firefox/120.0");
            Http.Res invalid = http.post("/probe/echo", "null");
            Http.Res boom = http.get("/probe/boom");
            Http.Res missing = http.get("/nowhere");
            http.get("/observe/health");
            http.get("/observe/metrics");
            awaitRows(app, 4);
            Http.Res last = http.post("/probe/echo", "{}");
            awaitRows(app, 5);

            assertEquals(5, count(app, "SELECT COUNT(*) FROM request_logs"), "observe calls are not logged");
            assertEquals(200, last.status());
            Map<String, Object> ok = row(app, created.header("X-Request-Id").orElseThrow());
            assertEquals("probe", ok.get("function"));
            assertEquals("/probe/kv/{key}", ok.get("route"), "the template, not the raw path");
            assertEquals("POST", ok.get("method"));
            assertEquals(201, ((Number) ok.get("status_code")).intValue());
            assertEquals(7L, ((Number) ok.get("request_bytes")).longValue());
            assertEquals((long) created.bytes().length, ((Number) ok.get("response_bytes")).longValue());
            assertEquals(false, ok.get("has_error"));
            assertEquals("firefox", ok.get("ua_family"));
            assertEquals("127.0.0.0/24", ok.get("client_ip_prefix"));
            assertTrue(ok.get("ts") != null);

            Map<String, Object> bad = row(app, invalid.header("X-Request-Id").orElseThrow());
            assertEquals(400, ((Number) bad.get("status_code")).intValue());
            assertEquals(true, bad.get("has_error"));
            assertEquals("invalid_json", bad.get("error_code"));

            Map<String, Object> notFound = row(app, missing.header("X-Request-Id").orElseThrow());
            assertEquals("none", notFound.get("function"));
            assertNull(notFound.get("route"));

            assertEquals(1, count(app, "SELECT COUNT(*) FROM error_logs"));
            try (Stream<DbRow> rows = app.context().database().execute()
                    .query("SELECT request_id, status_code, error_type, message, stack_hash, route FROM error_logs")) {
                DbRow e = rows.findFirst().orElseThrow();
                assertEquals(boom.header("X-Request-Id").orElseThrow(), e.column(1).get(Object.class).toString());
                assertEquals(500, e.column(2).get(Integer.class));
                assertEquals("java.lang.IllegalStateException", e.column(3).get(String.class));
                String message = e.column(4).get(String.class);
                assertTrue(message.length() <= RequestLogListener.MAX_MESSAGE + 3);
                assertFalse(message.contains("pw@db"), "scrubbed: " + message);
                assertEquals(16, e.column(5).get(String.class).length());
                assertEquals("/probe/boom", e.column(6).get(String.class));
            }
        }
    }

    @Test
    void aStreamThatBreaksMidWayClosesTheConnectionAndIsLoggedAsAborted() throws Exception {
        try (TestApp app = TestApp.builder().provider(new ProbeFunction()).start()) {
            String answer;
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", app.port())) {
                socket.setSoTimeout(5000);
                socket.getOutputStream().write("GET /probe/broken-stream HTTP/1.1\r\nHost: x\r\n\r\n"
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            } catch (java.net.SocketTimeoutException e) {
                throw new AssertionError("the connection was kept open, as after a whole answer", e);
            }
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
            assertTrue(answer.contains("data: probe"), "the chunk sent before the failure: " + answer);
            assertFalse(answer.contains("\r\n0\r\n\r\n"), "no terminating chunk: the client sees it incomplete: " + answer);
            assertFalse(answer.contains("internal_error"), "no error body inside the stream: " + answer);
            Matcher id = Pattern.compile("(?i)x-request-id: ([0-9a-f-]{36})").matcher(answer);
            assertTrue(id.find(), answer);

            awaitRows(app, 1);
            Map<String, Object> row = row(app, id.group(1));
            assertEquals("stream_aborted", row.get("error_code"));
            assertEquals(true, row.get("has_error"));
            assertEquals(true, row.get("is_stream"));
            assertEquals(1, count(app, "SELECT COUNT(*) FROM error_logs WHERE error_type = 'java.io.UncheckedIOException'"));
        }
    }

    @Test
    void everyRequestInfoFieldReachesItsColumnOnH2() {
        everyRequestInfoFieldReachesItsColumn(Map.of());
    }

    @Test
    void everyRequestInfoFieldReachesItsColumnOnPostgres() {
        try (TestDatabases.Schema schema = TestDatabases.postgres()) {
            DatabaseSettings pg = schema.settings();
            everyRequestInfoFieldReachesItsColumn(Map.of("DB_URL", pg.url(), "DB_USER", pg.user(), "DB_PASSWORD", pg.password()));
        }
    }

    /**
     * A logged-in, streamed call through an upstream (the probe sets every field a handler can), read back column by
     * column from the database; then the same route anonymously, whose row has no user.
     */
    private static void everyRequestInfoFieldReachesItsColumn(Map<String, String> database) {
        try (TestApp app = TestApp.builder().provider(new ProbeFunction()).env(database).start()) {
            app.store().put(Namespace.USERS, "logged-in@example.com", Jsons.text(Jsons.object().add("id", "user-42")
                    .add("email", "logged-in@example.com").add("isActive", true).build()), null);
            String token = app.context().jwt().issue("user-42", "logged-in@example.com", 0);
            Http.Res streamed = app.http().get("/probe/upstream", "Authorization", "Bearer " + token);
            Http.Res anonymous = app.http().get("/probe/upstream");
            assertEquals(200, streamed.status(), streamed.toString());
            assertEquals(ProbeFunction.STREAM_BYTES, streamed.bytes().length);
            assertEquals(401, anonymous.status());
            awaitRows(app, 2);

            Map<String, Object> row = columns(app, streamed.header("X-Request-Id").orElseThrow(), "upstream", "model",
                    "original_model", "key_id", "prompt_tokens", "completion_tokens", "total_tokens", "cache_hit", "attempts",
                    "upstream_ms", "user_id", "is_stream", "response_bytes", "has_error", "route");
            assertEquals(ProbeFunction.UPSTREAM, row.get("upstream"));
            assertEquals(ProbeFunction.UPSTREAM_MODEL, row.get("model"));
            assertEquals(ProbeFunction.ASKED_MODEL, row.get("original_model"));
            assertEquals(ProbeFunction.KEY_ALIAS, row.get("key_id"));
            assertEquals(ProbeFunction.PROMPT_TOKENS, intOf(row, "prompt_tokens"));
            assertEquals(ProbeFunction.COMPLETION_TOKENS, intOf(row, "completion_tokens"));
            assertEquals(ProbeFunction.PROMPT_TOKENS + ProbeFunction.COMPLETION_TOKENS, intOf(row, "total_tokens"));
            assertEquals(Boolean.FALSE, row.get("cache_hit"), "a miss is false, not null");
            assertEquals(ProbeFunction.ATTEMPTS, intOf(row, "attempts"));
            assertEquals(ProbeFunction.UPSTREAM_MS, intOf(row, "upstream_ms"), "the time spent waiting for upstreams");
            assertEquals("user-42", row.get("user_id"), "the logged-in caller");
            assertEquals(Boolean.TRUE, row.get("is_stream"));
            assertEquals(ProbeFunction.STREAM_BYTES, intOf(row, "response_bytes"), "the bytes streamed");
            assertEquals(Boolean.FALSE, row.get("has_error"));
            assertEquals("/probe/upstream", row.get("route"));

            Map<String, Object> anon = columns(app, anonymous.header("X-Request-Id").orElseThrow(), "user_id", "has_error");
            assertNull(anon.get("user_id"), "an anonymous call has no user");
            assertEquals(Boolean.TRUE, anon.get("has_error"));
        }
    }

    private static Map<String, Object> columns(TestApp app, String id, String... names) {
        try (Stream<DbRow> rows = app.context().database().execute().createQuery("SELECT " + String.join(", ", names)
                + " FROM request_logs WHERE id = CAST(:id AS UUID)").addParam("id", id).execute()) {
            DbRow r = rows.findFirst().orElseThrow(() -> new AssertionError("no row for " + id));
            Map<String, Object> m = new java.util.HashMap<>();
            for (int i = 0; i < names.length; i++) {
                m.put(names[i], r.column(i + 1).get(Object.class));
            }
            return m;
        }
    }

    private static int intOf(Map<String, Object> row, String column) {
        Object v = row.get(column);
        assertTrue(v instanceof Number, column + " is a number: " + v);
        return ((Number) v).intValue();
    }

    @Test
    void aFullQueueDropsAndCountsInsteadOfSlowingRequests() {
        try (TestApp app = TestApp.builder().provider(new ProbeFunction())
                .env("REQUEST_LOG_QUEUE_SIZE", "100").env("REQUEST_LOG_FLUSH_MS", "60000").env("REQUEST_LOG_BATCH_SIZE", "10000")
                .start()) {
            OpsLogWriter writer = app.context().opsLogWriter();
            long before = writer.droppedCount();
            int offered = 0;
            int accepted = 0;
            // the writer may drain a full queue in between (it wakes when the queue fills): offer until drops are seen
            while (offered < 200_000 && offered - accepted < 400) {
                offered++;
                if (writer.offer(new RequestLogRow(io.text2media.shared.http.RequestInfo.newId(), java.time.Instant.now(), "probe", null, "/r", "GET", 200, 1, 0, 0,
                        false, false, null, null, null, null, null, null, null, null, null, null, null, null, null, null))) {
                    accepted++;
                }
            }
            assertTrue(accepted >= 100 && offered - accepted >= 400, "some rows fit, the rest were dropped: " + accepted + " of " + offered);
            assertEquals(offered - accepted, writer.droppedCount() - before, "every drop is counted");
        }
    }

    /**
     * The drop path as production takes it: calls through the real listener, whose {@code hasRoom()} is false once the
     * queue is full, so it counts {@code dropped()} without building the row. The database is away (an H2 server
     * behind a cut proxy), so the writer holds its one-row batch retrying and the 100-row queue fills up; every call
     * after that is dropped, counted in {@code text2media_request_log_dropped_total}, and never slowed down. When the
     * database is back, exactly the rows that were not dropped are written.
     */
    @Test
    void aFullQueueDropsCallsThroughTheListenerAndTheMetricCountsEachOne() throws Exception {
        Server h2 = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
        try (TcpProxy proxy = TcpProxy.startCut("127.0.0.1", h2.getPort());
             TestApp app = TestApp.builder().provider(new ProbeFunction()).noDatabaseWait()
                     .env("DB_URL", "jdbc:h2:tcp://127.0.0.1:" + proxy.port() + "/mem:drops" + System.nanoTime() + ";DB_CLOSE_DELAY=-1")
                     .env("DB_CONNECT_TIMEOUT_MS", "300")
                     .env("REQUEST_LOG_QUEUE_SIZE", "100").env("REQUEST_LOG_BATCH_SIZE", "1").start()) {
            Http http = app.http();
            double before = meter(http, "text2media_request_log_dropped_total");
            int calls = 160;
            int held = 100 + 1; // the queue, and the batch the writer is retrying
            for (int i = 0; i < calls; i++) {
                assertEquals(200, http.post("/probe/echo", "{}").status());
            }
            app.awaitIdle();
            assertEquals(calls - held, meter(http, "text2media_request_log_dropped_total") - before, 0.0,
                    "every call past the full queue is dropped and counted once");

            proxy.restore();
            Waits.until("migrations ran in the background", 15_000, () -> app.context().database().isMigrated());
            assertTrue(app.context().opsLogWriter().flush(Duration.ofSeconds(30)), "the writer caught up");
            assertEquals(held, count(app, "SELECT COUNT(*) FROM request_logs"), "what was not dropped was written");
        } finally {
            h2.stop();
        }
    }

    /** One meter's value as a Prometheus scraper reads it (summed over its labels). */
    private static double meter(Http http, String name) {
        String text = http.get("/observe/metrics", "Accept", "text/plain").body();
        Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*})? ([0-9.eE+-]+)$").matcher(text);
        double sum = 0;
        boolean found = false;
        while (m.find()) {
            sum += Double.parseDouble(m.group(2));
            found = true;
        }
        assertTrue(found, name + " in /observe/metrics");
        return sum;
    }

    @Test
    void closingWritesEverythingStillQueued() {
        TestApp app = TestApp.builder().provider(new ProbeFunction()).env("REQUEST_LOG_FLUSH_MS", "60000")
                .env("DB_URL", "jdbc:h2:mem:closing" + System.nanoTime() + ";DB_CLOSE_DELAY=-1").start();
        String url = app.context().settings().database().url();
        for (int i = 0; i < 30; i++) {
            app.http().post("/probe/echo", "{}");
        }
        app.close();
        try (var database = io.text2media.shared.store.Database.open(
                new io.text2media.shared.config.DatabaseSettings(url, "sa", "", 2, 2000))) {
            assertEquals(30L, database.execute().get("SELECT COUNT(*) FROM request_logs").orElseThrow().column(1).get(Long.class));
            database.execute().dml("SHUTDOWN");
        }
    }

    @Test
    void requestLoggingCanBeSwitchedOffAtStartAndOnWhileRunning() {
        try (TestApp app = TestApp.builder().provider(new ProbeFunction()).env("REQUEST_LOG_ENABLED", "false").start()) {
            app.http().post("/probe/echo", "{}");
            app.awaitIdle(); // the call's listeners ran while logging was off
            app.context().opsLogWriter().flush(Duration.ofSeconds(5));
            assertEquals(0, count(app, "SELECT COUNT(*) FROM request_logs"));
            app.context().service(RequestLogListener.class).orElseThrow().enabled(true);
            app.http().post("/probe/echo", "{}");
            awaitRows(app, 1);
            assertEquals(1, count(app, "SELECT COUNT(*) FROM request_logs"));
        }
    }

    @Test
    void timestampsAreStoredInUtcWithTheirZone() {
        try (TestApp app = TestApp.builder().provider(new ProbeFunction()).start()) {
            Http.Res res = app.http().post("/probe/echo", "{}");
            awaitRows(app, 1);
            Object ts = row(app, res.header("X-Request-Id").orElseThrow()).get("ts");
            OffsetDateTime odt = (OffsetDateTime) ts;
            assertTrue(Math.abs(Duration.between(odt.toInstant(), java.time.Instant.now()).toSeconds()) < 60, odt.toString());
        }
    }
}
