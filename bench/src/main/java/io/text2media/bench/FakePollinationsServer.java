package io.text2media.bench;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A loopback stand-in for Pollinations, fast enough not to be what is measured: images ({@code GET /image/...}) answer a
 * fixed JPEG after an optional delay (the upstream's own latency), speech ({@code POST /v1/audio/speech}) streams a
 * fixed MP3-sized body in 64 KiB writes.
 */
final class FakePollinationsServer implements AutoCloseable {
    private final WebServer server;

    FakePollinationsServer(int imageBytes, Duration imageDelay, int speechBytes) {
        this(imageBytes, imageDelay, speechBytes, 0);
    }

    private FakePollinationsServer(int imageBytes, Duration imageDelay, int speechBytes, int port) {
        byte[] jpeg = new byte[imageBytes];
        new Random(42).nextBytes(jpeg);
        jpeg[0] = (byte) 0xFF;
        jpeg[1] = (byte) 0xD8;
        jpeg[2] = (byte) 0xFF;
        byte[] mp3 = new byte[speechBytes];
        new Random(7).nextBytes(mp3);
        server = WebServer.builder().host("127.0.0.1").port(port)
                .routing(r -> r
                        .get("/ready", (req, res) -> res.send("ready"))
                        .get("/image/*", (req, res) -> {
                            if (!imageDelay.isZero()) {
                                Thread.sleep(imageDelay);
                            }
                            res.header(HeaderNames.CONTENT_TYPE, "image/jpeg");
                            res.send(jpeg);
                        })
                        .post("/v1/audio/speech", (req, res) -> {
                            req.content().consume();
                            res.header(HeaderNames.CONTENT_TYPE, "audio/mpeg");
                            try (OutputStream out = res.outputStream()) {
                                for (int off = 0; off < mp3.length; off += 65_536) {
                                    out.write(mp3, off, Math.min(65_536, mp3.length - off));
                                }
                            }
                        }))
                .build()
                .start();
    }

    /**
     * The fake as a process of its own ({@link #inOwnProcess}): {@code PORT}, {@code IMAGE_BYTES},
     * {@code IMAGE_DELAY_MS} and {@code SPEECH_BYTES} from the environment; it serves until it is killed.
     */
    public static void main(String[] args) throws InterruptedException {
        Map<String, String> env = System.getenv();
        new FakePollinationsServer(Integer.parseInt(env.get("IMAGE_BYTES")),
                Duration.ofMillis(Long.parseLong(env.get("IMAGE_DELAY_MS"))),
                Integer.parseInt(env.get("SPEECH_BYTES")),
                Integer.parseInt(env.get("PORT")));
        Thread.currentThread().join();
    }

    /**
     * The fake in a JVM of its own, so that the figure measured through the function does not also depend on the fake
     * sharing the bench JVM with the 64 clients (moving it changed the clients' p99 by less than the run-to-run spread).
     */
    static BenchProcess inOwnProcess(int imageBytes, Duration imageDelay, int speechBytes)
            throws IOException, InterruptedException {
        return BenchProcess.start(FakePollinationsServer.class.getName(), "/ready", List.of("-XX:+UseSerialGC", "-Xmx256m"),
                Map.of("IMAGE_BYTES", String.valueOf(imageBytes), "IMAGE_DELAY_MS", String.valueOf(imageDelay.toMillis()),
                        "SPEECH_BYTES", String.valueOf(speechBytes)));
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    @Override
    public void close() {
        server.stop();
    }
}
