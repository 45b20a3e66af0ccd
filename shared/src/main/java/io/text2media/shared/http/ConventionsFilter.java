package io.text2media.shared.http;

import io.text2media.shared.observe.Log;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import java.util.List;

/**
 * Runs around every request, routes and {@code /observe} alike: gives it a {@link RequestInfo} and request id, sets the
 * standard headers, answers every OPTIONS with 204 (original-contract.md §1.1), turns whatever the handlers throw into
 * the JSON error answer (so the status is final when listeners run), then tells the listeners.
 */
public final class ConventionsFilter implements Filter {
    private static final Log LOG = Log.of(ConventionsFilter.class);
    static final String SHUTTING_DOWN_MESSAGE = "服务正在重启，请稍后再试";

    private final StandardHeaders headers;
    private final ErrorResponses errors;
    private final ClientAddresses clientAddresses;
    private final List<RequestListener> listeners;
    private final InFlightRequests inFlight;

    public ConventionsFilter(StandardHeaders headers, ErrorResponses errors, ClientAddresses clientAddresses,
                             List<RequestListener> listeners, InFlightRequests inFlight) {
        this.headers = headers;
        this.errors = errors;
        this.clientAddresses = clientAddresses;
        this.listeners = listeners;
        this.inFlight = inFlight;
    }

    /**
     * A Content-Length value, or -1. Parsed here: Helidon's {@code contentLength()} goes through its mapper registry,
     * which showed up in profiles of the cheapest routes.
     */
    public static long contentLength(java.util.Optional<String> header) {
        if (header.isEmpty()) {
            return -1;
        }
        try {
            return Long.parseLong(header.get().trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        RequestInfo info = RequestInfo.create();
        request.context().register(info);
        info.clientIp(clientAddresses.of(request));
        headers.apply(request.headers(), response.headers(), info);
        if (!inFlight.enter()) {
            // Shutting down: a request that arrives on a kept-alive connection is sent elsewhere, not half-served.
            response.header(HeaderNames.CONNECTION, "close");
            errors.write(request, response, ApiException.error(503, "shutting_down", SHUTTING_DOWN_MESSAGE).header("Retry-After", "1"));
            return;
        }
        try {
            if (request.prologue().method() == Method.OPTIONS) {
                response.status(Status.NO_CONTENT_204);
                response.header(HeaderNames.ACCESS_CONTROL_MAX_AGE, "86400");
                response.send();
                return;
            }
            chain.proceed();
        } catch (RuntimeException e) {
            boolean sent = response.isSent();
            if (sent || !response.reset()) {
                // A stream broke after its first bytes went out: nothing can be answered any more, only recorded.
                // (Helidon's error handling, further in, turns such a failure into a CloseConnectionException.)
                Throwable cause = e instanceof CloseConnectionException && e.getCause() != null ? e.getCause() : e;
                info.failure(cause);
                info.errorCode("stream_aborted");
                LOG.warn("response_aborted", cause, "route", info.route());
                if (!sent) {
                    // Closing the connection tells the client the answer is incomplete; returning would let Helidon
                    // finish the stream and present a truncated answer as a whole one.
                    throw e instanceof CloseConnectionException close ? close
                            : new CloseConnectionException("response aborted mid-stream", e);
                }
            } else {
                errors.write(request, response, e);
            }
        } finally {
            int status = response.status().code();
            long bytes = response.bytesWritten();
            info.declaredResponseBytes(contentLength(response.headers().first(HeaderNames.CONTENT_LENGTH)));
            for (RequestListener listener : listeners) {
                try {
                    listener.completed(request, info, status, bytes);
                } catch (RuntimeException e) {
                    LOG.warn("request_listener_failed", e, "listener", listener.getClass().getName());
                }
            }
            // Only now: a graceful stop waits for this, so the call's log row is queued before the final flush.
            inFlight.exit();
        }
    }
}
