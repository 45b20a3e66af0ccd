package io.text2media.shared.http;

import io.text2media.shared.testing.Http;
import io.text2media.shared.testing.ProbeFunction;
import io.text2media.shared.testing.TestApp;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HTTP conventions every function inherits: envelopes, headers, CORS, body rules, limits, no leaks. */
class HttpConventionsTest {
    private static TestApp app;
    private static Http http;

    @BeforeAll
    static void start() {
        app = TestApp.builder().provider(new ProbeFunction()).env("MAX_BODY_BYTES", "2048").start();
        http = app.http();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void everyJsonResponseCarriesTheOriginalsHeadersAndARequestId() {
        Http.Res res = http.post("/probe/echo", "{\"a\":1}");
        assertEquals(200, res.status());
        assertEquals("application/json", res.header("Content-Type").orElseThrow());
        assertEquals("*", res.header("Access-Control-Allow-Origin").orElseThrow());
        assertEquals("GET, POST, DELETE, PATCH, OPTIONS", res.header("Access-Control-Allow-Methods").orElseThrow());
        assertEquals("Content-Type, Authorization, X-Requested-With, X-Admin-Key", res.header("Access-Control-Allow-Headers").orElseThrow());
        assertEquals("Origin", res.header("Vary").orElseThrow());
        assertEquals("nosniff", res.header("X-Content-Type-Options").orElseThrow());
        assertEquals("no-referrer-when-downgrade", res.header("Referrer-Policy").orElseThrow());
        assertEquals("camera=(), microphone=(), geolocation=(), interest-cohort=()", res.header("Permissions-Policy").orElseThrow());
        assertTrue(res.header("X-Request-Id").orElseThrow().matches("[0-9a-f-]{36}"));
        assertTrue(res.header("X-Function-Version").isPresent());
        assertFalse(res.header("Access-Control-Allow-Credentials").isPresent());
        assertEquals(1, res.json().getJsonObject("echo").getInt("a"));
    }

    @Test
    void acceptedConnectionsSendWithoutNaglesDelay() {
        // streamed answers leave in several writes; with Nagle's algorithm each short tail waits for an acknowledgement
        assertTrue(app.application().server().prototype().connectionOptions().tcpNoDelay());
    }

    @Test
    void errorsCarryCodeAndRequestIdAndKeepTheHeaders() {
        Http.Res res = http.get("/probe/conflict");
        assertEquals(409, res.status());
        JsonObject body = res.json();
        assertEquals(false, body.getBoolean("success"));
        assertEquals("冲突", body.getString("error"));
        assertEquals("probe", body.getString("cause"));
        assertEquals("conflict", body.getString("code"));
        assertEquals(res.header("X-Request-Id").orElseThrow(), body.getString("requestId"));
        assertEquals("nosniff", res.header("X-Content-Type-Options").orElseThrow());
        assertEquals("*", res.header("Access-Control-Allow-Origin").orElseThrow());
    }

    @Test
    void unknownPathsAndWrongMethodsAre404WithThePath() {
        for (Http.Res res : new Http.Res[] {http.get("/api/nothing?x=1"), http.get("/probe/echo"), http.get("/probe/echo/")}) {
            assertEquals(404, res.status());
            JsonObject body = res.json();
            assertEquals("Not Found", body.getString("error"));
            assertTrue(body.getString("path").startsWith("/"));
            assertFalse(body.getString("path").contains("?"));
            assertEquals("not_found", body.getString("code"));
            assertEquals("application/json", res.header("Content-Type").orElseThrow());
        }
        assertEquals("/api/nothing", http.get("/api/nothing?x=1").json().getString("path"));
    }

    @Test
    void anOptionsRequestOnAnyPathIs204WithCorsAndAFixedHeaderList() {
        Http.Res res = http.send("OPTIONS", "/anything/at/all", null,
                "Origin", "https://evil.example", "Access-Control-Request-Headers", "X-Evil, Authorization");
        assertEquals(204, res.status());
        assertEquals(0, res.bytes().length);
        assertEquals("86400", res.header("Access-Control-Max-Age").orElseThrow());
        assertEquals("Content-Type, Authorization, X-Requested-With, X-Admin-Key", res.header("Access-Control-Allow-Headers").orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "{\"a\":", "null", "[]", "[1,2]", "42", "\"text\"", "true", "{} trailing", "{}{}"})
    void anythingButOneJsonObjectIsA400WithTheRoutesMessage(String body) {
        Http.Res res = http.post("/probe/echo", body);
        assertEquals(400, res.status(), body);
        assertEquals(ProbeFunction.INVALID_MESSAGE, res.json().getString("error"));
        assertEquals("invalid_json", res.json().getString("code"));
    }

    @Test
    void jsonIsAcceptedWhateverTheContentType() {
        assertEquals(200, http.post("/probe/echo", "{\"a\":1}", "Content-Type", "text/plain").status());
        assertEquals(200, http.post("/probe/echo", "{\"a\":1}", "Content-Type", "application/json").status());
        assertEquals(200, http.post("/probe/echo", "{\"a\":1}", "Content-Type", "application/x-www-form-urlencoded").status());
    }

    @Test
    void aBodyOverMaxBodyBytesIs413Json() {
        String big = "{\"a\":\"" + "x".repeat(5000) + "\"}";
        Http.Res res = http.post("/probe/echo", big);
        assertEquals(413, res.status());
        assertEquals("payload_too_large", res.json().getString("code"));
        assertEquals(JsonBodies.TOO_LARGE_MESSAGE, res.json().getString("error"));
        assertEquals("application/json", res.header("Content-Type").orElseThrow());
    }

    @Test
    void aChunkedBodyOverTheLimitIs413Json() throws Exception {
        String response = raw("POST /probe/echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "1388\r\n{\"a\":\"" + "y".repeat(4994) + "\r\n0\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 413"), response);
        assertTrue(response.contains("\"code\":\"payload_too_large\""), response);
    }

    @Test
    void aGarbageRequestLineIsA400JsonWithoutHelidonsMessage() throws Exception {
        String response = raw("GARBAGE\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 400"), response);
        assertTrue(response.contains("\"code\":\"bad_request\""), response);
        assertTrue(response.contains("application/json"), response);
    }

    @Test
    void anUnexpectedExceptionIsA500WithoutItsMessage() {
        Http.Res res = http.get("/probe/boom");
        assertEquals(500, res.status());
        assertEquals("服务器内部错误", res.json().getString("error"));
        assertEquals("internal_error", res.json().getString("code"));
        assertFalse(res.body().contains("secret"), res.body());
        assertFalse(res.body().contains("IllegalState"), res.body());
        assertFalse(res.body().contains("jdbc"), res.body());
        assertFalse(res.json().containsKey("details"));
    }

    @Test
    void observeEndpointsGetTheStandardHeadersToo() {
        Http.Res res = http.get("/observe/health/live");
        assertTrue(res.status() == 200 || res.status() == 204, res.toString());
        assertTrue(res.header("X-Request-Id").isPresent());
        assertEquals("nosniff", res.header("X-Content-Type-Options").orElseThrow());
        Http.Res metrics = http.get("/observe/metrics", "Accept", "text/plain");
        assertEquals(200, metrics.status());
        assertTrue(metrics.body().contains("text2media_requests_total"), "our request counter is exported");
    }

    @Test
    void theRequestCounterCountsEachLabelSetOnItsOwn() {
        double refused = requestCount("/probe/echo", "4xx");
        double answered = requestCount("/probe/echo", "2xx");
        double conflicts = requestCount("/probe/conflict", "4xx");
        for (int i = 0; i < 3; i++) {
            assertEquals(400, http.post("/probe/echo", "not json").status());
        }
        assertEquals(200, http.post("/probe/echo", "{}").status());
        assertEquals(409, http.get("/probe/conflict").status());
        assertEquals(refused + 3, requestCount("/probe/echo", "4xx"), 0.0);
        assertEquals(answered + 1, requestCount("/probe/echo", "2xx"), 0.0);
        assertEquals(conflicts + 1, requestCount("/probe/conflict", "4xx"), 0.0);
    }

    /** The value of {@code text2media_requests_total} for one route template and status class (0 before its first). */
    private static double requestCount(String route, String statusClass) {
        return http.get("/observe/metrics", "Accept", "text/plain").body().lines()
                .filter(l -> l.startsWith("text2media_requests_total{") && l.contains("route=\"" + route + "\"")
                        && l.contains("status=\"" + statusClass + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    private String raw(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", app.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buf = in.readNBytes(4096);
            return new String(buf, StandardCharsets.UTF_8);
        } catch (java.net.SocketTimeoutException e) {
            return "timeout";
        }
    }
}
