package io.text2media.image;

import io.text2media.image.demo.DemoImageRenderer;
import io.text2media.shared.generation.GenerationSettings;
import io.text2media.shared.testing.Http;
import io.text2media.shared.testing.LogCapture;
import io.text2media.shared.testing.TestApp;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.Map;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The offline provider: a real PNG with the prompt drawn in the built-in font; chosen as the design says. */
class DemoProviderTest {

    private static BufferedImage decode(byte[] png) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertTrue(image != null, "a PNG any decoder reads");
        return image;
    }

    private static long inkPixels(BufferedImage image) {
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == 0x202020) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void theRendererDrawsThePromptAtTheAskedSize() throws IOException {
        BufferedImage shortPrompt = decode(DemoImageRenderer.png("HI", 320, 200, 1));
        BufferedImage longPrompt = decode(DemoImageRenderer.png("HELLO WORLD, A LONGER PROMPT", 320, 200, 1));
        assertEquals(320, shortPrompt.getWidth());
        assertEquals(200, shortPrompt.getHeight());
        assertTrue(inkPixels(shortPrompt) > 0, "the prompt is drawn");
        assertTrue(inkPixels(longPrompt) > 2 * inkPixels(shortPrompt), "more text, more ink");
        BufferedImage chinese = decode(DemoImageRenderer.png("一只猫", 64, 64, 0));
        assertTrue(inkPixels(chinese) > 0, "characters outside the font are drawn as boxes");
        BufferedImage huge = decode(DemoImageRenderer.png("x".repeat(2000), 64, 2048, 5));
        assertEquals(2048, huge.getHeight());
    }

    @Test
    void theDevProfileWithoutATokenServesDemoImagesAndSaysSo() throws IOException {
        try (LogCapture capture = LogCapture.of(GenerationSettings.class.getName(), Level.ALL);
             TestApp app = TestApp.builder().provider(new ImageProvider()).env("PROFILE", "dev").start()) {
            Http.Res res = app.http().post("/api/generate", "{\"text\":\"a lighthouse\",\"type\":\"image\",\"width\":256,\"height\":128}");
            assertEquals(200, res.status(), res.toString());
            assertEquals("image/png", res.json().getString("content_type"));
            BufferedImage image = decode(Base64.getDecoder().decode(res.json().getString("data")));
            assertEquals(256, image.getWidth());
            assertEquals(128, image.getHeight());
            Http.Res proxy = app.http().post("/api/pollinations/image", "{\"prompt\":\"dog\",\"width\":64,\"height\":64}");
            assertEquals(200, proxy.status());
            assertTrue(capture.records().stream().anyMatch(r -> r.getMessage().equals("generation_provider_demo") && r.getLevel() == Level.INFO),
                    "the start says the demo provider serves");
        }
    }

    @Test
    void anExplicitDemoInProdWorksButIsAWarning() {
        try (LogCapture capture = LogCapture.of(GenerationSettings.class.getName(), Level.ALL);
             TestApp app = TestApp.builder().provider(new ImageProvider()).env(Map.of("GENERATION_PROVIDER", "demo")).start()) {
            assertEquals(200, app.http().post("/api/generate/image", "{\"text\":\"x\",\"width\":64,\"height\":64}").status());
            assertTrue(capture.records().stream().anyMatch(r -> r.getMessage().equals("generation_provider_demo") && r.getLevel() == Level.WARNING));
        }
    }

    @Test
    void aDevProfileThatAsksForPollinationsWithoutATokenGetsTheTokenError() {
        try (TestApp app = TestApp.builder().provider(new ImageProvider())
                .env(Map.of("PROFILE", "dev", "GENERATION_PROVIDER", "pollinations")).start()) {
            Http.Res res = app.http().post("/api/generate/image", "{\"text\":\"x\"}");
            assertEquals(500, res.status());
            assertFalse(res.json().getString("error").isEmpty());
        }
    }
}
