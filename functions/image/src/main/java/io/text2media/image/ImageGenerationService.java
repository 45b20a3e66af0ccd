package io.text2media.image;

import io.text2media.shared.generation.QuotaGate;
import io.text2media.shared.http.ApiException;
import io.text2media.shared.http.RequestInfo;
import io.text2media.shared.observe.Log;
import io.text2media.shared.observe.MetricEvents;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Serves one validated image request: refuses at once when the provider is not configured, answers from the generation
 * cache when the request is reproducible and cached, otherwise counts the quota and generates (and caches) the image. Records the
 * upstream, models, cache outcome and attempts on the request's {@link RequestInfo}, and the original's
 * {@code [METRIC]} line.
 */
final class ImageGenerationService {
    private static final Log LOG = Log.of(ImageGenerationService.class);

    /** The two routes that generate images differ in message prefix and metric name (original-contract.md §4.8, §4.9). */
    enum Flavor {
        GENERATE("图片生成失败: ", "generate_image"),
        PROXY("Pollinations图像生成失败: ", "proxy_pollinations_image");

        final String prefix;
        final String metric;

        Flavor(String prefix, String metric) {
            this.prefix = prefix;
            this.metric = metric;
        }
    }

    private final ImageGenerator generator;
    private final ImageCache cache;
    private final QuotaGate quota;
    private final MetricEvents events;

    ImageGenerationService(ImageGenerator generator, ImageCache cache, QuotaGate quota, MetricEvents events) {
        this.generator = generator;
        this.cache = cache;
        this.quota = quota;
        this.events = events;
    }

    void serve(ImageRequest request, Flavor flavor, ServerRequest req, ServerResponse res) {
        RequestInfo info = RequestInfo.of(req);
        info.upstream(generator.upstream(), request.model(), request.askedModel());
        if (LOG.isDebug()) {
            LOG.debug("image_request", "prompt", request.prompt(), "model", request.model(), "requestId", info.id());
        }
        generator.checkConfigured(flavor.prefix);
        long start = System.nanoTime();
        try {
            Answer answer = answer(request, flavor, req, info);
            record(flavor, request, true, start, null);
            res.status(Status.OK_200);
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            answer.sendTo(res);
        } catch (ApiException e) {
            if (e.status() != 429 && e.status() != 402) {
                // as the original: a request the quota turns away never reaches generation, so it has no metric line
                record(flavor, request, false, start, e.code());
            }
            throw e;
        }
    }

    /**
     * A cache hit is answered before the quota: the quota meters generation (what costs upstream money and time), and a
     * hit generates nothing. A miss is counted, then generated.
     */
    private Answer answer(ImageRequest request, Flavor flavor, ServerRequest req, RequestInfo info) {
        boolean cacheable = cache != null && request.reproducible();
        String key = cacheable ? ImageCache.canonical(request) : null;
        if (cacheable) {
            Optional<byte[]> hit = cache.lookup(key);
            info.cacheHit(hit.isPresent());
            if (hit.isPresent()) {
                return new Answer(hit.get(), null);
            }
        }
        quota.admit(req);
        GeneratedImage image = generator.generate(request, flavor.prefix, info);
        if (!cacheable) {
            return new Answer(null, image); // encoded while it is sent
        }
        byte[] json = ImageResponses.json(image);
        cache.store(key, image, json);
        return new Answer(json, null);
    }

    /** The ready answer of a cached request, or the image of one that is not kept, encoded while it is sent. */
    private record Answer(byte[] json, GeneratedImage image) {
        void sendTo(ServerResponse res) {
            if (json != null) {
                res.send(json);
            } else {
                ImageResponses.send(image, res);
            }
        }
    }

    private void record(Flavor flavor, ImageRequest request, boolean success, long start, String error) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("success", success);
        fields.put("dt_ms", (System.nanoTime() - start) / 1_000_000);
        fields.put("model", request.model());
        fields.put("w", request.width().orElse(null));
        fields.put("h", request.height().orElse(null));
        if (success && flavor == Flavor.GENERATE) {
            fields.put("seed", request.seed().orElse(null));
        }
        if (error != null) {
            fields.put("error", error);
        }
        events.record(flavor.metric, fields);
    }
}
