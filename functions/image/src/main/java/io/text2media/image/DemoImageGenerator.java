package io.text2media.image;

import io.text2media.image.demo.DemoImageRenderer;
import io.text2media.shared.http.RequestInfo;

/** The offline provider: a PNG showing the prompt, rendered locally (no token, no network). */
final class DemoImageGenerator implements ImageGenerator {
    static final String UPSTREAM = "demo";
    private static final int DEFAULT_SIZE = 1024;

    @Override
    public String upstream() {
        return UPSTREAM;
    }

    @Override
    public void checkConfigured(String prefix) {
        // always ready
    }

    @Override
    public GeneratedImage generate(ImageRequest request, String prefix, RequestInfo info) {
        int width = request.width().map(Long::intValue).orElse(DEFAULT_SIZE);
        int height = request.height().map(Long::intValue).orElse(DEFAULT_SIZE);
        return new GeneratedImage("image/png", DemoImageRenderer.png(request.prompt(), width, height, request.seed().orElse(0L)));
    }
}
