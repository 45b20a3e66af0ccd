package io.text2media.shared.http;

import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Passes a body through to the client as it arrives (audio from the upstream or from the audio function). The answer
 * is finished only when the source has ended: a source that fails midway leaves it unfinished, and
 * {@link ConventionsFilter} closes the connection, so the client sees an incomplete answer instead of a short one that
 * looks whole (closing the stream in a try-with-resources would end a chunked answer properly).
 */
public final class StreamedResponses {
    private static final int BUFFER = 16 * 1024;

    private StreamedResponses() {
    }

    /** Copies {@code source} to the response, counting the bytes on {@code info}; headers must be set before. */
    public static void pipe(InputStream source, ServerResponse response, RequestInfo info) {
        try {
            OutputStream out = response.outputStream();
            byte[] buf = new byte[BUFFER];
            int n;
            while ((n = source.read(buf)) > 0) {
                out.write(buf, 0, n);
                out.flush(); // passed on as it arrives, not held in the server's write buffer
                info.addResponseBytes(n);
            }
            out.close(); // only now: the answer is whole
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
