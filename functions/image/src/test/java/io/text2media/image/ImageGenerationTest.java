package io.text2media.image;

import io.text2media.shared.testing.Http;
import io.text2media.shared.testing.TestApp;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Base64;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Image answers (original-contract.md §4.8, §4.9) with design.md §5.9-§5.10: real content type, no upstream body. */
class ImageGenerationTest {
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13};
    private static FakePollinations fake;
    private static TestApp app;

    @BeforeAll
    static void start() {
        fake = new FakePollinations();
        app = TestApp.builder().provider(new ImageProvider()).env(fake.env()).start();
    }

    @AfterAll
    static void stop() {
        app.close();
        fake.close();
    }

    @BeforeEach
    void reset() {
        fake.server.resetAll();
    }

    private void upstreamAnswers(int status, String contentType, byte[] body) {
        fake.server.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(status).withHeader("Content-Type", contentType).withBody(body)));
    }

    @Test
    void anImageIsBase64JsonWithTheUpstreamsRealContentType() {
        upstreamAnswers(200, "image/png; charset=binary", PNG);
        for (String[] call : new String[][] {
                {"/api/generate", "{\"text\":\"cat\",\"type\":\"image\"}"},
                {"/api/generate/image", "{\"text\":\"cat\"}"},
                {"/api/pollinations/image", "{\"prompt\":\"cat\"}"}}) {
            Http.Res res = app.http().post(call[0], call[1]);
            assertEquals(200, res.status(), res.toString());
            assertEquals("application/json", res.header("Content-Type").orElseThrow());
            JsonObject body = res.json();
            assertEquals("image", body.getString("type"));
            assertEquals("base64", body.getString("format"));
            assertEquals("image/png", body.getString("content_type"), "the upstream's type, not a hard-coded image/jpeg");
            assertArrayEquals(PNG, Base64.getDecoder().decode(body.getString("data")));
            assertEquals(4, body.size());
        }
    }

    @Test
    void aStreamedAnswerIsTheExactJsonWithItsContentLengthForEveryPadding() {
        // sizes 3n, 3n+1 and 3n+2 (no padding, "==", "="), one of them larger than the server's write buffers
        for (int size : new int[] {1, 2, 3, 300_001}) {
            byte[] image = new byte[size];
            new java.util.Random(size).nextBytes(image);
            upstreamAnswers(200, "image/jpeg", image);
            Http.Res res = app.http().post("/api/generate/image", "{\"text\":\"cat\"}");
            assertEquals(200, res.status(), res.toString());
            String expected = "{\"type\":\"image\",\"data\":\"" + Base64.getEncoder().encodeToString(image)
                    + "\",\"format\":\"base64\",\"content_type\":\"image/jpeg\"}";
            assertEquals(expected, res.body(), "size " + size);
            assertEquals(String.valueOf(res.bytes().length), res.header("Content-Length").orElseThrow(), "size " + size);
        }
    }

    @Test
    void aNonImageAnswerIsA502WithoutTheUpstreamBody() {
        upstreamAnswers(200, "text/html", "<html>secret upstream page</html>".getBytes());
        Http.Res res = app.http().post("/api/generate", "{\"text\":\"cat\",\"type\":\"image\"}");
        assertEquals(502, res.status(), res.toString());
        assertTrue(res.json().getString("error").startsWith("图片生成失败: "), res.body());
        assertEquals("upstream_bad_answer", res.json().getString("code"));
        assertFalse(res.body().contains("secret"));
    }

    @Test
    void anUpstreamClientErrorIsA502NamingTheStatusButNotTheBody() {
        upstreamAnswers(401, "application/json", "{\"error\":\"secret key sk_live_123 is invalid\"}".getBytes());
        Http.Res res = app.http().post("/api/pollinations/image", "{\"prompt\":\"cat\"}");
        assertEquals(502, res.status());
        assertEquals("Pollinations图像生成失败: Pollinations Image API调用失败 (HTTP 401)", res.json().getString("error"));
        assertFalse(res.body().contains("sk_live"));
        assertEquals(1, fake.requests(), "a 401 is not retried");
    }

    @Test
    void anEmptyImageIsABadAnswer() {
        upstreamAnswers(200, "image/jpeg", new byte[0]);
        assertEquals(502, app.http().post("/api/generate/image", "{\"text\":\"cat\"}").status());
    }

    @Test
    void theRequestIdIsInTheErrorBodyAndHeader() {
        upstreamAnswers(200, "text/plain", "x".getBytes());
        Http.Res res = app.http().post("/api/generate/image", "{\"text\":\"cat\"}");
        assertEquals(res.header("X-Request-Id").orElseThrow(), res.json().getString("requestId"));
    }
}
