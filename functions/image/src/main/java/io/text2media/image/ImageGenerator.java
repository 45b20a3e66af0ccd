package io.text2media.image;

import io.text2media.shared.http.RequestInfo;

/** Produces images: Pollinations, or the offline demo renderer. */
interface ImageGenerator {

    /** The name the request log records as {@code upstream}. */
    String upstream();

    /**
     * Throws the client's answer when this generator cannot work at all (e.g. no token), before any quota is counted.
     * {@code prefix} is the route's message prefix.
     */
    void checkConfigured(String prefix);

    /** Generates one image, recording attempts on {@code info}; failures are thrown as the client's answer. */
    GeneratedImage generate(ImageRequest request, String prefix, RequestInfo info);
}
