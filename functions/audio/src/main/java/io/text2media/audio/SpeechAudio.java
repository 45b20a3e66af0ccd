package io.text2media.audio;

import java.io.InputStream;
import java.util.OptionalLong;

/** Speech being produced: its media type, its bytes as a stream (never held whole), and what to close afterwards. */
record SpeechAudio(String contentType, InputStream body, OptionalLong length, AutoCloseable resource) implements AutoCloseable {

    @Override
    public void close() {
        try {
            resource.close();
        } catch (Exception ignored) {
            // closing a finished or broken upstream stream has nothing left to report
        }
    }
}
