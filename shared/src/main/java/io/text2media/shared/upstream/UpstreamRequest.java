package io.text2media.shared.upstream;

import io.helidon.http.Method;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One call to an upstream. {@code idempotent} decides what may be retried after the request may have reached the
 * upstream: a GET always; a POST that creates something (speech) only when the upstream refused it (429/503) or
 * the connection never opened, so a generation is not paid for twice.
 */
public record UpstreamRequest(Method method, URI uri, Map<String, String> headers, byte[] body, boolean idempotent) {

    public static UpstreamRequest get(URI uri) {
        return new UpstreamRequest(Method.GET, uri, new LinkedHashMap<>(), null, true);
    }

    public static UpstreamRequest post(URI uri, String contentType, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", contentType);
        return new UpstreamRequest(Method.POST, uri, headers, body, false);
    }

    public UpstreamRequest header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public UpstreamRequest idempotent(boolean value) {
        return new UpstreamRequest(method, uri, headers, body, value);
    }
}
