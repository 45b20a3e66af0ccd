package io.text2media.image;

import io.text2media.shared.generation.GenerationSettings;
import io.text2media.shared.generation.UpstreamFailures;
import io.text2media.shared.http.RequestInfo;
import io.text2media.shared.upstream.UpstreamClient;
import io.text2media.shared.upstream.UpstreamException;
import io.text2media.shared.upstream.UpstreamRequest;
import io.text2media.shared.upstream.UpstreamResponse;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * {@code GET {POLLINATIONS_IMAGE_API_BASE}/image/{prompt}?...} under the shared upstream policy. A 2xx answer must be
 * an image ({@code image/*}); its real media type is passed on. The upstream's body is never shown to the client.
 */
final class PollinationsImageGenerator implements ImageGenerator {
    static final String UPSTREAM = "pollinations-image";
    static final String API = "Pollinations Image API";
    /** The original's text, byte for byte (original-contract.md §4.8). */
    static final String TOKEN_MISSING = "Pollinations API 需要认证。请在 Cloudflare Workers 环境变量中配置 POLLINATIONS_API_TOKEN。"
            + "获取方式：访问 https://enter.pollinations.ai";
    private static final Pattern IMAGE_TYPE = Pattern.compile("image/[a-z0-9][a-z0-9.+-]{0,63}");

    private final GenerationSettings settings;
    private final UpstreamClient client;
    private final long maxBytes;

    PollinationsImageGenerator(GenerationSettings settings, UpstreamClient client, long maxBytes) {
        this.settings = settings;
        this.client = client;
        this.maxBytes = maxBytes;
    }

    @Override
    public String upstream() {
        return UPSTREAM;
    }

    @Override
    public void checkConfigured(String prefix) {
        settings.requireToken(prefix, TOKEN_MISSING);
    }

    @Override
    public GeneratedImage generate(ImageRequest request, String prefix, RequestInfo info) {
        checkConfigured(prefix);
        URI uri = URI.create(settings.imageBase() + PollinationsImageUrl.pathAndQuery(request));
        UpstreamRequest call = UpstreamRequest.get(uri).header("Authorization", settings.authorization().orElseThrow());
        long start = System.nanoTime();
        try (UpstreamResponse res = client.send(call)) {
            info.addAttempts(res.attempts());
            if (!res.isSuccess()) {
                throw UpstreamFailures.badAnswer(prefix, API, res.status());
            }
            String type = res.mediaType().orElse("");
            if (!IMAGE_TYPE.matcher(type).matches()) {
                throw UpstreamFailures.wrongContent(prefix, API, "图片");
            }
            byte[] bytes;
            try {
                bytes = res.bytes(maxBytes);
            } catch (UpstreamException e) {
                throw e; // the deadline passed mid-body: a timeout, answered below
            } catch (RuntimeException e) {
                // dropped mid-body, or larger than we accept
                throw UpstreamFailures.badAnswer(prefix, API, 0);
            }
            if (bytes.length == 0) {
                throw UpstreamFailures.wrongContent(prefix, API, "图片");
            }
            return new GeneratedImage(type, bytes);
        } catch (UpstreamException e) {
            info.addAttempts(e.attempts());
            throw UpstreamFailures.from(e, prefix, API);
        } finally {
            info.addUpstreamNanos(System.nanoTime() - start); // the whole image read
        }
    }
}
