package io.text2media.audio;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * One validated speech request. Upstream always gets the model {@code openai-audio} (the original's behaviour);
 * {@code askedModel} is what the client asked for, recorded as such. {@code speed} is present only when it is sent
 * (the original omits 1.0).
 */
record SpeechRequest(String text, String voice, String askedModel, Optional<BigDecimal> speed) {
    static final String UPSTREAM_MODEL = "openai-audio";
}
