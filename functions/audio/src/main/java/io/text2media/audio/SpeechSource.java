package io.text2media.audio;

import io.text2media.shared.http.RequestInfo;

/** Produces speech: Pollinations, or the offline demo. */
interface SpeechSource {

    /** The name the request log records as {@code upstream}. */
    String upstream();

    /** Throws the client's answer when this source cannot work at all (e.g. no token), before any quota is counted. */
    void checkConfigured(String prefix);

    /** Starts producing the speech; failures before any byte are thrown as the client's answer. */
    SpeechAudio open(SpeechRequest request, String prefix, RequestInfo info);
}
