package io.text2media.image;

import io.text2media.shared.generation.FieldRules;
import io.text2media.shared.http.Jsons;

import jakarta.json.JsonObject;

import java.util.Optional;

/**
 * Reads and validates an image request (design.md §5.10): the prompt 1..max characters, width and height integers in
 * 64..2048, the seed an integer >= -1, the model from the allow-list, the negative prompt a string. The original's
 * sending rules stay: a falsy width/height/negative is not sent, nor a seed of 0 or -1.
 */
final class ImageRequestReader {
    static final long MIN_SIZE = 64;
    static final long MAX_SIZE = 2048;
    static final long MAX_SEED = 9_007_199_254_740_991L; // JavaScript's largest safe integer
    private static final String SIZE_RULE = " 64 到 2048 之间的整数";
    private static final String SEED_RULE = "大于等于 -1 的整数";

    private final ImageSettings settings;
    private final int maxPromptLength;

    ImageRequestReader(ImageSettings settings, int maxPromptLength) {
        this.settings = settings;
        this.maxPromptLength = maxPromptLength;
    }

    /** {@code /api/generate} and {@code /api/generate/image}: the prompt is {@code text}, nothing has a default but the model. */
    ImageRequest generate(JsonObject body) {
        String prompt = FieldRules.text(body, "text", maxPromptLength);
        Optional<Long> width = size(body, "width");
        Optional<Long> height = size(body, "height");
        Optional<Long> seed = FieldRules.integer(body, "seed", -1, MAX_SEED, SEED_RULE);
        Optional<String> negative = Jsons.truthy(body, "negative")
                ? FieldRules.optionalText(body, "negative", maxPromptLength) : Optional.empty();
        String model = FieldRules.oneOf(body, "model", settings.models()).orElse(settings.defaultModel());
        return new ImageRequest(prompt, width.filter(w -> w != 0), height.filter(h -> h != 0), sent(seed),
                Jsons.truthy(body, "nologo"), negative, model, model);
    }

    /**
     * {@code /api/pollinations/image}: the prompt is {@code prompt}; missing fields (not nulls: JavaScript's undefined) take the original's defaults (model
     * flux, 1024 x 1024, seed -1, nologo true); a negative prompt is never sent (original-contract.md §4.9).
     */
    ImageRequest proxy(JsonObject body) {
        String prompt = FieldRules.text(body, "prompt", maxPromptLength);
        Optional<Long> width = sizeOrDefault(body, "width");
        Optional<Long> height = sizeOrDefault(body, "height");
        Optional<Long> seed = FieldRules.integer(body, "seed", -1, MAX_SEED, SEED_RULE);
        boolean nologo = !body.containsKey("nologo") || Jsons.truthy(body, "nologo");
        String model = FieldRules.oneOf(body, "model", settings.models()).orElse(settings.defaultModel());
        return new ImageRequest(prompt, width, height, sent(seed), nologo, Optional.empty(), model, model);
    }

    /** A width or height: absent, or an integer in range (0 is the original's "not given" and is not sent). */
    private static Optional<Long> size(JsonObject body, String field) {
        if (!FieldRules.absent(body, field) && !Jsons.truthy(body, field)) {
            return Optional.of(0L);
        }
        return FieldRules.integer(body, field, MIN_SIZE, MAX_SIZE, SIZE_RULE);
    }

    /** The default applies only when the field is missing (JavaScript's undefined): an explicit null sends nothing. */
    private static Optional<Long> sizeOrDefault(JsonObject body, String field) {
        return !body.containsKey(field) ? Optional.of(1024L) : size(body, field).filter(v -> v != 0);
    }

    /** The original sends a seed only when it is truthy and not -1. */
    private static Optional<Long> sent(Optional<Long> seed) {
        return seed.filter(s -> s != 0 && s != -1);
    }
}
