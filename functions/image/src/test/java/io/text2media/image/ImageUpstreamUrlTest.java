package io.text2media.image;

import io.text2media.shared.testing.Http;
import io.text2media.shared.testing.TestApp;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The upstream request exactly as the original built it (original-contract.md §4.8, §4.9), as the fake receives it. */
class ImageUpstreamUrlTest {
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
        fake.server.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/jpeg")
                .withBody(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 1, 2, 3})));
    }

    private String sentFor(String path, String body) {
        Http.Res res = app.http().post(path, body);
        assertEquals(200, res.status(), res.toString());
        List<String> urls = fake.urls();
        assertEquals(1, urls.size());
        assertEquals("Bearer " + FakePollinations.TOKEN,
                fake.server.getAllServeEvents().getFirst().getRequest().getHeader("Authorization"));
        return urls.getFirst();
    }

    @Test
    void theVerifiedExampleProducesTheOriginalsUrlByteForByte() {
        String url = sentFor("/api/generate", "{\"text\":\"a cat 猫 & dog/?\",\"type\":\"image\",\"width\":512,\"height\":768,"
                + "\"seed\":42,\"nologo\":true,\"negative\":\"blurry, ugly\",\"model\":\"zimage\"}");
        assertEquals("/image/a%20cat%20%E7%8C%AB%20%26%20dog%2F%3F?width=512&height=768&seed=42&nologo=true"
                + "&negative_prompt=blurry%2C+ugly&model=zimage", url);
    }

    @Test
    void aMinimalRequestSendsOnlyTheDefaultModel() {
        assertEquals("/image/cat?model=flux", sentFor("/api/generate", "{\"text\":\"cat\",\"type\":\"image\"}"));
    }

    @Test
    void falsySizesAndTheSeedsZeroAndMinusOneAreNotSentAsInTheOriginal() {
        assertEquals("/image/cat?model=flux", sentFor("/api/generate",
                "{\"text\":\"cat\",\"type\":\"image\",\"width\":0,\"height\":\"\",\"seed\":0,\"nologo\":false,\"negative\":\"\"}"));
        fake.server.resetRequests();
        assertEquals("/image/cat?model=flux", sentFor("/api/generate/image", "{\"text\":\"cat\",\"seed\":-1}"));
    }

    @Test
    void numericStringsArePassedAsNumbers() {
        assertEquals("/image/cat?width=512&height=640&seed=7&model=flux",
                sentFor("/api/generate/image", "{\"text\":\"cat\",\"width\":\"512\",\"height\":640.0,\"seed\":\"7\"}"));
    }

    @Test
    void charactersEncodeURIComponentKeepStayAsTheyAre() {
        assertEquals("/image/it's%20(a)%20~test!*?model=flux",
                sentFor("/api/generate/image", "{\"text\":\"it's (a) ~test!*\"}"));
    }

    @Test
    void theProxyAppliesTheOriginalsDefaults() {
        assertEquals("/image/dog?width=1024&height=1024&nologo=true&model=flux",
                sentFor("/api/pollinations/image", "{\"prompt\":\"dog\"}"));
    }

    @Test
    void theProxysDefaultsApplyOnlyToMissingFieldsNotToNulls() {
        // The original's defaults are for undefined; a null is falsy and sends nothing (original-contract.md §4.9).
        assertEquals("/image/dog?model=flux",
                sentFor("/api/pollinations/image", "{\"prompt\":\"dog\",\"width\":null,\"height\":null,\"nologo\":null}"));
    }

    @Test
    void theProxySendsWhatIsGivenButNeverANegativePrompt() {
        assertEquals("/image/dog?width=512&height=512&seed=9&model=kontext",
                sentFor("/api/pollinations/image",
                        "{\"prompt\":\"dog\",\"model\":\"kontext\",\"width\":512,\"height\":512,\"seed\":9,\"nologo\":false,\"negative\":\"x\"}"));
    }
}
