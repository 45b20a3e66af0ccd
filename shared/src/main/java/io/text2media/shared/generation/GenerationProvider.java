package io.text2media.shared.generation;

/** Who produces images and speech: the real upstream, or the local offline renderer for development. */
public enum GenerationProvider {
    /** Pollinations' current API (gen.pollinations.ai). */
    POLLINATIONS,
    /** A PNG showing the prompt and a short WAV, made locally: no token, no network. */
    DEMO
}
