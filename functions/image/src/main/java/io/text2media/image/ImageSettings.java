package io.text2media.image;

import io.text2media.shared.config.Env;
import io.text2media.shared.config.SettingsException;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The image function's own settings. The model allow-list defaults to the models the original's UI lists
 * (original-contract.md §14.1); the default model must be on it.
 */
record ImageSettings(List<String> models,
                     String defaultModel,
                     Duration cacheTtl,
                     long cacheMemoryBytes,
                     long maxImageBytes,
                     Optional<URI> audioFunctionUrl) {

    static final List<String> DEFAULT_MODELS = List.of("flux", "zimage", "kontext", "klein", "gptimage", "gptimage-large",
            "nanobanana", "nanobanana-2", "nanobanana-pro", "seedream5", "seedream", "seedream-pro", "qwen-image",
            "grok-imagine", "nova-canvas");

    static ImageSettings from(Env env) {
        List<String> models = env.list("IMAGE_MODELS", DEFAULT_MODELS);
        if (models.isEmpty()) {
            throw new SettingsException("IMAGE_MODELS", "must name at least one model");
        }
        String defaultModel = env.string("DEFAULT_IMAGE_MODEL", "flux");
        if (!models.contains(defaultModel)) {
            throw new SettingsException("DEFAULT_IMAGE_MODEL", "must be one of IMAGE_MODELS " + models + ", got '" + defaultModel + "'");
        }
        return new ImageSettings(models, defaultModel,
                Duration.ofSeconds(env.longValue("IMAGE_CACHE_TTL_SECONDS", 86_400, 0, 30L * 86_400)),
                env.longValue("IMAGE_CACHE_MEMORY_MB", 64, 0, 16_384) * 1024 * 1024,
                env.longValue("IMAGE_MAX_BYTES", 20L * 1024 * 1024, 1024, 512L * 1024 * 1024),
                env.optionalUrl("AUDIO_FUNCTION_URL").map(ImageSettings::stripSlash));
    }

    boolean cacheEnabled() {
        return !cacheTtl.isZero();
    }

    private static URI stripSlash(URI uri) {
        String s = uri.toString();
        return s.endsWith("/") ? URI.create(s.substring(0, s.length() - 1)) : uri;
    }
}
