package io.text2media.bench;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;

import java.io.OutputStream;
import java.time.Duration;
import java.util.Random;

/**
 * A loopback stand-in for Pollinations, fast enough not to be what is measured: images ({@code GET /image/...}) answer a
 * fixed JPEG after an optional delay (the upstream's own latency), speech ({@code POST /v1/audio/speech}) streams a
 * fixed MP3-sized body in 64 KiB writes.
 */
final class FakePollinationsServer implements AutoCloseable {
    private final WebServer server;

    FakePollinationsServer(int imageBytes, Duration imageDelay, int speechBytes) {
        byte[] jpeg = new byte[imageBytes];
        new Random(42).nextBytes(jpeg);
        jpeg[0] = (byte) 0xFF;
        jpeg[1] = (byte) 0xD8;
        jpeg[2] = (byte) 0xFF;
        byte[] mp3 = new byte[speechBytes];
        new Random(7).nextBytes(mp3);
        server = WebServer.builder().host("127.0.0.1").port(0)
                .routing(r -> r
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

    String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    @Override
    public void close() {
        server.stop();
    }
}
