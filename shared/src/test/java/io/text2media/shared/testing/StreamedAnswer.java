package io.text2media.shared.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * A POST whose answer is read as a stream, timing its first byte and its last: a streamed answer's first bytes
 * arrive long before its end, a buffered one's all at once.
 */
public record StreamedAnswer(long firstByteMillis, long lastByteMillis, long bytes) {

    public static StreamedAnswer post(URI uri, String body) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        long start = System.nanoTime();
        HttpResponse<InputStream> res = client.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = res.body()) {
            if (in.read() < 0) {
                return new StreamedAnswer(-1, -1, 0);
            }
            long first = (System.nanoTime() - start) / 1_000_000;
            long total = 1 + in.readAllBytes().length;
            return new StreamedAnswer(first, (System.nanoTime() - start) / 1_000_000, total);
        }
    }

    /** How long the answer kept coming after its first byte. */
    public long spreadMillis() {
        return lastByteMillis - firstByteMillis;
    }
}
