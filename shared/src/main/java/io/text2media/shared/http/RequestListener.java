package io.text2media.shared.http;

import io.helidon.webserver.http.ServerRequest;

/** Told about every completed call (after the response was written): metrics, the request log. Must not throw or block. */
@FunctionalInterface
public interface RequestListener {
    void completed(ServerRequest request, RequestInfo info, int status, long responseBytes);
}
