package io.text2media.image;

import io.text2media.shared.testing.Http;
import io.text2media.shared.testing.TestApp;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The defaults an operator gets without configuring anything: the model allow-list and which base URL is called. */
class ImageDefaultsTest {
    /** The models the original UI lists (original-contract.md §14.1), typed out here rather than read from the code. */
    private static final List<String> UI_MODELS = List.of("flux", "zimage", "kontext", "klein", "gptimage",
            "gptimage-large", "nanobanana", "nanobanana-2", "nanobanana-pro", "seedream5", "seedream", "seedream-pro",
            "qwen-image", "grok-imagine", "nova-canvas");

    private static void answerImages(FakePollinations fake) {
        fake.server.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/jpeg")
                .withBody(new byte[] {1, 2, 3})));
    }

    @Test
    void everyModelTheUiListsIsAllowedByDefaultAndNothingElse() {
        try (FakePollinations fake = new FakePollinations();
             TestApp app = TestApp.builder().provider(new ImageProvider()).env(fake.env()).start()) {
            answerImages(fake);
            for (String model : UI_MODELS) {
                Http.Res res = app.http().post("/api/generate/image", "{\"text\":\"cat\",\"model\":\"" + model + "\"}");
                assertEquals(200, res.status(), model + ": " + res);
                assertTrue(fake.urls().getLast().endsWith("model=" + model), fake.urls().getLast());
            }
            Http.Res unknown = app.http().post("/api/generate/image", "{\"text\":\"cat\",\"model\":\"dall-e-9\"}");
            assertEquals(400, unknown.status());
            assertEquals("model", unknown.json().getString("field"));
            assertEquals(UI_MODELS.size(), fake.requests(), "the refused model made no upstream call");
        }
    }

    @Test
    void theImageBaseWinsOverTheGenerationBase() {
        try (FakePollinations images = new FakePollinations(); FakePollinations gen = new FakePollinations()) {
            answerImages(images);
            answerImages(gen);
            Map<String, String> env = new HashMap<>(gen.env());
            env.put("POLLINATIONS_IMAGE_API_BASE", images.server.baseUrl());
            try (TestApp app = TestApp.builder().provider(new ImageProvider()).env(env).start()) {
                assertEquals(200, app.http().post("/api/generate/image", "{\"text\":\"cat\"}").status());
                assertEquals(1, images.requests());
                assertEquals(0, gen.requests(), "POLLINATIONS_GEN_API_BASE is only the fallback");
            }
        }
    }
}
