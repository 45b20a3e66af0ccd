package io.text2media.image;

import io.text2media.shared.config.SettingsException;
import io.text2media.shared.store.Namespace;
import io.text2media.shared.testing.Http;
import io.text2media.shared.testing.TestApp;

import jakarta.json.JsonString;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The original's checks and messages (original-contract.md §4.8, §4.9) and the field rules of design.md §5.10: every
 * bad input is a 400 naming the field, never a 500, never an upstream call, never a quota hit.
 */
class ImageValidationTest {
    private static FakePollinations fake;
    private static TestApp app;

    @BeforeAll
    static void start() {
        fake = new FakePollinations();
        Map<String, String> env = new java.util.HashMap<>(fake.env());
        env.put("IMAGE_MODELS", "flux, zimage,kontext custom-model");
        app = TestApp.builder().provider(new ImageProvider()).env(env).start();
    }

    @AfterAll
    static void stop() {
        app.close();
        fake.close();
    }

    @BeforeEach
    void reset() {
        fake.server.resetAll();
        fake.server.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/jpeg")
                .withBody(new byte[] {1})));
    }

    private Http.Res post(String path, String body) {
        return app.http().post(path, body);
    }

    private void assertError(Http.Res res, String message) {
        assertEquals(400, res.status(), res.toString());
        assertEquals(message, res.json().getString("error"));
        assertEquals("application/json", res.header("Content-Type").orElseThrow());
    }

    private void assertField(Http.Res res, String field) {
        assertEquals(400, res.status(), res.toString());
        assertEquals("invalid_field", res.json().getString("code"));
        assertEquals(field, res.json().getString("field"));
        assertTrue(res.json().getString("error").contains(field), res.body());
    }

    @Test
    void unparseableBodiesGetTheRoutesMessage() {
        for (String body : new String[] {"", "{", "null", "[]", "42", "{} x"}) {
            assertError(post("/api/generate", body), "生成请求体必须为 JSON");
            assertError(post("/api/generate/image", body), "生成请求体必须为 JSON");
            assertError(post("/api/pollinations/image", body), "图片代理请求体必须为 JSON");
        }
    }

    @Test
    void missingTextOrTypeAndUnknownTypesKeepTheOriginalsMessages() {
        for (String body : new String[] {"{}", "{\"text\":\"cat\"}", "{\"type\":\"image\"}", "{\"text\":\"\",\"type\":\"image\"}",
                "{\"text\":\"cat\",\"type\":0}", "{\"text\":null,\"type\":\"image\"}"}) {
            assertError(post("/api/generate", body), "缺少必要的参数: text 和 type");
        }
        for (String body : new String[] {"{\"text\":\"cat\",\"type\":\"video\"}", "{\"text\":\"cat\",\"type\":1}",
                "{\"text\":\"cat\",\"type\":\"Image\"}"}) {
            assertError(post("/api/generate", body), "不支持的生成类型，请使用 image 或 audio");
        }
        assertError(post("/api/generate/image", "{\"type\":\"image\"}"), "缺少必要的参数: text");
        assertError(post("/api/pollinations/image", "{\"text\":\"cat\"}"), "缺少必要的参数: prompt");
        assertError(post("/api/pollinations/image", "{\"prompt\":\"\"}"), "缺少必要的参数: prompt");
    }

    @Test
    void aNonStringTextIsA400NotA500() {
        assertField(post("/api/generate", "{\"text\":123,\"type\":\"image\"}"), "text");
        assertField(post("/api/generate", "{\"text\":{\"a\":1},\"type\":\"image\"}"), "text");
        assertField(post("/api/generate/image", "{\"text\":[\"x\"]}"), "text");
        assertField(post("/api/pollinations/image", "{\"prompt\":true}"), "prompt");
    }

    @Test
    void thePromptIsOneTo2000Characters() {
        assertField(post("/api/generate", "{\"text\":\"" + "a".repeat(2001) + "\",\"type\":\"image\"}"), "text");
        assertField(post("/api/generate", "{\"text\":\"   \",\"type\":\"image\"}"), "text");
        assertField(post("/api/pollinations/image", "{\"prompt\":\"" + "猫".repeat(2001) + "\"}"), "prompt");
        assertEquals(200, post("/api/generate", "{\"text\":\"" + "猫".repeat(2000) + "\",\"type\":\"image\"}").status());
        assertEquals(1, fake.requests());
    }

    @Test
    void widthAndHeightAreIntegersFrom64To2048() {
        for (String bad : new String[] {"63", "2049", "\"abc\"", "512.5", "-64", "true", "{}"}) {
            assertField(post("/api/generate", "{\"text\":\"cat\",\"type\":\"image\",\"width\":" + bad + "}"), "width");
            assertField(post("/api/pollinations/image", "{\"prompt\":\"cat\",\"height\":" + bad + "}"), "height");
        }
        assertEquals(200, post("/api/generate", "{\"text\":\"cat\",\"type\":\"image\",\"width\":64,\"height\":2048}").status());
    }

    @Test
    void theSeedIsAnIntegerOfAtLeastMinusOne() {
        for (String bad : new String[] {"-2", "1.5", "\"x\"", "1e30"}) {
            assertField(post("/api/generate", "{\"text\":\"cat\",\"type\":\"image\",\"seed\":" + bad + "}"), "seed");
        }
        assertEquals(200, post("/api/generate", "{\"text\":\"cat\",\"type\":\"image\",\"seed\":100000000}").status());
    }

    @Test
    void theModelComesFromTheConfiguredAllowList() {
        Http.Res res = post("/api/generate", "{\"text\":\"cat\",\"type\":\"image\",\"model\":\"gptimage\"}");
        assertField(res, "model");
        assertEquals(java.util.List.of("flux", "zimage", "kontext", "custom-model"),
                res.json().getJsonArray("allowed").getValuesAs(JsonString::getString));
        assertField(post("/api/generate", "{\"text\":\"cat\",\"type\":\"image\",\"model\":42}"), "model");
        assertEquals(200, post("/api/generate", "{\"text\":\"cat\",\"type\":\"image\",\"model\":\"custom-model\"}").status());
        assertTrue(fake.urls().getFirst().endsWith("model=custom-model"));
    }

    @Test
    void aTruthyNegativePromptMustBeAString() {
        assertField(post("/api/generate", "{\"text\":\"cat\",\"type\":\"image\",\"negative\":5}"), "negative");
        assertField(post("/api/generate", "{\"text\":\"cat\",\"type\":\"image\",\"negative\":\"" + "n".repeat(2001) + "\"}"), "negative");
    }

    @Test
    void invalidRequestsCallNothingAndUseNoQuota() {
        try (TestApp fresh = TestApp.builder().provider(new ImageProvider()).env(fake.env()).start()) {
            fresh.http().post("/api/generate", "{\"text\":\"cat\",\"type\":\"image\",\"width\":1}");
            fresh.http().post("/api/generate", "{\"text\":\"cat\",\"type\":\"video\"}");
            fresh.http().post("/api/generate", "{\"text\":\"cat\",\"type\":\"image\",\"model\":\"nope\"}");
            fresh.http().post("/api/pollinations/image", "{}");
            assertEquals(0, fake.requests());
            assertEquals(0, fresh.store().count(Namespace.RATE_LIMITS));
            assertEquals(200, fresh.http().post("/api/generate", "{\"text\":\"cat\",\"type\":\"image\"}").status());
            assertEquals(2, fresh.store().count(Namespace.RATE_LIMITS), "a valid request is counted (minute and day)");
        }
    }

    @Test
    void noAnswerLeaksAnExceptionOrStack() {
        Http.Res res = post("/api/generate", "{\"text\":\"cat\",\"type\":\"image\",\"seed\":1e999999}");
        assertField(res, "seed");
        assertFalse(res.body().contains("Exception"));
    }

    @Test
    void badSettingsStopTheStartNamingTheVariable() {
        for (Map.Entry<String, String> bad : Map.of(
                "DEFAULT_IMAGE_MODEL", "not-listed",
                "IMAGE_CACHE_TTL_SECONDS", "soon",
                "AUDIO_FUNCTION_URL", "ftp://audio",
                "GENERATION_PROVIDER", "magic",
                "POLLINATIONS_IMAGE_API_BASE", "not a url",
                "MAX_PROMPT_LENGTH", "0").entrySet()) {
            SettingsException e = assertThrows(SettingsException.class,
                    () -> TestApp.builder().provider(new ImageProvider()).env(bad.getKey(), bad.getValue()).start().close());
            assertEquals(bad.getKey(), e.variable());
        }
    }
}
