package io.text2media.audio;

import io.text2media.shared.generation.FieldRules;
import io.text2media.shared.http.Jsons;

import jakarta.json.JsonObject;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * Reads and validates a speech request (design.md §5.10): text 1..max characters, the voice from the allow-list,
 * speed 0.25..4.0. As in the original, a falsy speed means the default (1.0), and 1.0 is not sent.
 */
final class SpeechRequestReader {
    static final int MAX_MODEL_LENGTH = 64;
    private static final BigDecimal MIN_SPEED = new BigDecimal("0.25");
    private static final BigDecimal MAX_SPEED = new BigDecimal("4.0");

    private final AudioSettings settings;
    private final int maxTextLength;

    SpeechRequestReader(AudioSettings settings, int maxTextLength) {
        this.settings = settings;
        this.maxTextLength = maxTextLength;
    }

    SpeechRequest read(JsonObject body) {
        String text = FieldRules.text(body, "text", maxTextLength);
        String voice = FieldRules.oneOf(body, "voice", settings.voices()).orElse(settings.defaultVoice());
        String model = FieldRules.optionalText(body, "model", MAX_MODEL_LENGTH).filter(m -> !m.isEmpty())
                .orElse(settings.defaultModel());
        Optional<BigDecimal> speed = Jsons.truthy(body, "speed")
                ? FieldRules.decimal(body, "speed", MIN_SPEED, MAX_SPEED, " 0.25 到 4.0 之间的数字")
                : Optional.empty();
        return new SpeechRequest(text, voice, model, speed.filter(s -> s.compareTo(BigDecimal.ONE) != 0));
    }
}
