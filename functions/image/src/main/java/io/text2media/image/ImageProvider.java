package io.text2media.image;

import io.text2media.image.locker.HdImageLocker;
import io.text2media.image.locker.LockerRoutes;
import io.text2media.shared.boot.FunctionContext;
import io.text2media.shared.boot.FunctionProvider;
import io.text2media.shared.boot.FunctionRoutes;
import io.text2media.shared.generation.GenerationSettings;
import io.text2media.shared.generation.QuotaGate;

/**
 * The image function: {@code POST /api/generate} (images; {@code type:"audio"} is handed to the audio function),
 * {@code POST /api/generate/image}, {@code POST /api/pollinations/image} and the HD image locker {@code /api/images/*}.
 */
public final class ImageProvider implements FunctionProvider {

    @Override
    public String name() {
        return "image";
    }

    @Override
    public void routing(FunctionRoutes routes, FunctionContext context) {
        GenerationSettings generation = GenerationSettings.from(context.env(), context.settings().profile());
        ImageSettings settings = ImageSettings.from(context.env());
        generation.announce(name());
        context.database(); // the quota and the locker use the store: start the pool now, for readiness

        ImageGenerator generator = generation.demo() ? new DemoImageGenerator()
                : new PollinationsImageGenerator(generation, context.upstreams().client(PollinationsImageGenerator.UPSTREAM),
                        settings.maxImageBytes());
        // The demo renders locally in milliseconds: caching it would only keep copies of drawings.
        ImageCache cache = generation.demo() || !settings.cacheEnabled() ? null
                : new ImageCache(context::store, context.clock(), settings.cacheTtl(), settings.cacheMemoryBytes(), context.metrics());
        if (cache != null) {
            context.afterStart(cache::warmUp);
        }
        ImageGenerationService images = new ImageGenerationService(generator, cache, new QuotaGate(context), context.metricEvents());
        AudioHandOff audio = new AudioHandOff(context,
                settings.audioFunctionUrl().map(url -> new AudioFunctionClient(url, context)).orElse(null));
        GenerateRoutes generate = new GenerateRoutes(context, new ImageRequestReader(settings, generation.maxPromptLength()), images, audio);

        routes.post("/api/generate", generate::generate);
        routes.post("/api/generate/image", generate::generateImage);
        routes.post("/api/pollinations/image", generate::proxy);

        LockerRoutes locker = new LockerRoutes(context, new HdImageLocker(context.store(), context.clock()),
                generation.maxPromptLength());
        routes.post("/api/images/save", locker::save);
        routes.get("/api/images/daily", locker::daily);
        routes.get("/api/images/stats", locker::stats);
        routes.get("/api/images/download/{id}", locker::download);
        routes.get("/api/images/{id}", locker::get);
        routes.delete("/api/images/{id}", locker::delete);
    }

    /** The locker's save route receives up to 2 MiB of image as base64; every other route keeps the default limit. */
    @Override
    public long maxRequestBytes(FunctionContext context) {
        return Math.max(context.settings().http().maxBodyBytes(), LockerRoutes.SAVE_BODY_LIMIT);
    }
}
