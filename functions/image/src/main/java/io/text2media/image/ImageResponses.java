package io.text2media.image;

import io.helidon.webserver.http.ServerResponse;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The image answer {@code {"type":"image","data":<base64>,"format":"base64","content_type":<type>}}, written straight
 * to bytes: base64 and the validated media type need no JSON escaping, and an image is too big to go through a
 * generic JSON writer on every cache hit.
 */
final class ImageResponses {
    private static final byte[] HEAD = "{\"type\":\"image\",\"data\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MIDDLE = "\",\"format\":\"base64\",\"content_type\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TAIL = "\"}".getBytes(StandardCharsets.US_ASCII);

    private ImageResponses() {
    }

    /**
     * The answer in one array of its exact size, the image base64-encoded straight into it: one allocation the size of
     * the answer instead of three (encoded copy, buffer, final copy), which matters to the garbage collector's pauses.
     */
    static byte[] json(GeneratedImage image) {
        byte[] bytes = image.bytes();
        int encodedLength = encodedLength(bytes.length);
        byte[] type = image.contentType().getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[HEAD.length + encodedLength + MIDDLE.length + type.length + TAIL.length];
        System.arraycopy(HEAD, 0, out, 0, HEAD.length);
        try (OutputStream encoder = Base64.getEncoder().wrap(new ArrayWriter(out, HEAD.length))) {
            encoder.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        finish(out, HEAD.length + encodedLength, type);
        return out;
    }

    /**
     * Sends the answer for an image that is not kept, base64-encoding it on the way to the socket: no array the size of
     * the answer at all, so a generation leaves little more garbage than its image (the collector's pauses grow with the
     * garbage of the calls in flight). The length is known beforehand, so the answer keeps its Content-Length.
     */
    static void send(GeneratedImage image, ServerResponse res) {
        byte[] type = image.contentType().getBytes(StandardCharsets.US_ASCII);
        long length = HEAD.length + encodedLength(image.bytes().length) + MIDDLE.length + type.length + TAIL.length;
        res.headers().contentLength(length);
        try (OutputStream out = res.outputStream()) {
            out.write(HEAD);
            // the encoder writes its last group and padding on close; the response must stay open for the rest
            try (OutputStream encoder = Base64.getEncoder().wrap(new KeepOpen(out))) {
                encoder.write(image.bytes());
            }
            out.write(MIDDLE);
            out.write(type);
            out.write(TAIL);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int encodedLength(int bytes) {
        return 4 * ((bytes + 2) / 3);
    }

    /** {@code base64} is already encoded (e.g. read from the store). */
    static byte[] json(String contentType, byte[] base64) {
        byte[] type = contentType.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[HEAD.length + base64.length + MIDDLE.length + type.length + TAIL.length];
        System.arraycopy(HEAD, 0, out, 0, HEAD.length);
        System.arraycopy(base64, 0, out, HEAD.length, base64.length);
        finish(out, HEAD.length + base64.length, type);
        return out;
    }

    private static void finish(byte[] out, int at, byte[] type) {
        System.arraycopy(MIDDLE, 0, out, at, MIDDLE.length);
        System.arraycopy(type, 0, out, at + MIDDLE.length, type.length);
        System.arraycopy(TAIL, 0, out, at + MIDDLE.length + type.length, TAIL.length);
    }

    /** Passes writes through and ignores close. */
    private static final class KeepOpen extends FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len); // FilterOutputStream would write byte by byte
        }

        @Override
        public void close() {
        }
    }

    /** Writes into a region of an existing array. */
    private static final class ArrayWriter extends OutputStream {
        private final byte[] target;
        private int position;

        ArrayWriter(byte[] target, int position) {
            this.target = target;
            this.position = position;
        }

        @Override
        public void write(int b) {
            target[position++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            System.arraycopy(b, off, target, position, len);
            position += len;
        }
    }
}
