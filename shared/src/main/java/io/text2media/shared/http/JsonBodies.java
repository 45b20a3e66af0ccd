package io.text2media.shared.http;

import io.helidon.webserver.http.ServerRequest;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.NoSuchElementException;

/**
 * Reads a request body as a JSON object whatever its Content-Type (browsers send JSON as text/plain and the original
 * accepted it). Empty, unparseable, trailing-garbage, {@code null}, array and scalar bodies are a 400 with the
 * route's own message; a body over the limit is a 413.
 */
public final class JsonBodies {
    public static final String TOO_LARGE_MESSAGE = "请求体过大";
    private final long defaultLimit;

    public JsonBodies(long defaultLimit) {
        this.defaultLimit = defaultLimit;
    }

    public long defaultLimit() {
        return defaultLimit;
    }

    public JsonObject read(ServerRequest request, String invalidMessage) {
        return read(request, invalidMessage, defaultLimit);
    }

    public JsonObject read(ServerRequest request, String invalidMessage, long limit) {
        if (!request.content().hasEntity()) {
            throw invalid(invalidMessage);
        }
        CountingStream in = new CountingStream(request.content().inputStream(), limit);
        try (JsonParser parser = Jsons.provider().createParser(in)) {
            if (single(parser) instanceof JsonObject object) {
                return object;
            }
            throw invalid(invalidMessage);
        } catch (JsonException | NoSuchElementException | IllegalStateException e) {
            throw invalid(invalidMessage);
        } finally {
            RequestInfo.of(request).addRequestBytes(in.count);
        }
    }

    /** One complete JSON value and nothing after it ({@code JsonReader.readValue()} would accept {@code {} x}). */
    static JsonValue single(JsonParser parser) {
        if (!parser.hasNext()) {
            throw new JsonParsingException("Empty input", null);
        }
        parser.next();
        JsonValue value = parser.getValue();
        if (parser.hasNext()) {
            throw new JsonParsingException("Trailing content", parser.getLocation());
        }
        return value;
    }

    public static ApiException invalid(String message) {
        return ApiException.error(400, "invalid_json", message);
    }

    public static ApiException tooLarge() {
        return ApiException.error(413, "payload_too_large", TOO_LARGE_MESSAGE);
    }

    private static final class CountingStream extends FilterInputStream {
        private final long limit;
        private long count;

        CountingStream(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) {
                add(n);
            }
            return n;
        }

        private void add(long n) {
            count += n;
            if (count > limit) {
                throw tooLarge();
            }
        }
    }
}
