package io.text2media.image;

import java.util.Optional;

/**
 * One validated image generation: what is sent upstream, in the original's terms (original-contract.md §4.8).
 * Empty optionals are not sent; {@code seed} is present only when the original would send it (not 0, not -1).
 */
record ImageRequest(String prompt, Optional<Long> width, Optional<Long> height, Optional<Long> seed, boolean nologo,
                    Optional<String> negative, String model, String askedModel) {

    /** A seed makes the result reproducible, and so cacheable. */
    boolean reproducible() {
        return seed.isPresent();
    }
}
