package io.text2media.shared.observe;

import io.text2media.shared.http.ClientAddresses;
import io.text2media.shared.http.ConventionsFilter;
import io.text2media.shared.http.RequestInfo;
import io.text2media.shared.http.RequestListener;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;

/**
 * Turns every completed call (except {@code /observe/*}) into a {@code request_logs} row, and every 5xx or unexpected
 * exception into an {@code error_logs} row, and queues them. Runs on the request's thread after the response was
 * written; it only builds two small records and offers them to a bounded queue.
 */
public final class RequestLogListener implements RequestListener {
    static final int MAX_MESSAGE = 500;
    private final OpsLogWriter writer;
    private final Clock clock;
    private volatile boolean enabled;

    public RequestLogListener(OpsLogWriter writer, Clock clock, boolean enabled) {
        this.writer = writer;
        this.clock = clock;
        this.enabled = enabled;
    }

    /** Switches the request log on or off in a running process (REQUEST_LOG_ENABLED at start). */
    public void enabled(boolean on) {
        this.enabled = on;
    }

    public boolean enabled() {
        return enabled;
    }

    /**
     * Operational probes and scrapes are not calls of a function. The request line is read, not {@code path()}, which
     * routing has made relative to the service that handled it.
     */
    public static boolean isObserved(ServerRequest request) {
        return !request.prologue().uriPath().rawPath().startsWith("/observe");
    }

    @Override
    public void completed(ServerRequest request, RequestInfo info, int status, long responseBytes) {
        if (!enabled || !isObserved(request)) {
            return;
        }
        if (!writer.hasRoom()) {
            writer.dropped(); // the writer is behind: count the row instead of building it
            return;
        }
        String function = info.function() == null ? "none" : info.function();
        long declared = Math.max(0, ConventionsFilter.contentLength(request.headers().first(HeaderNames.CONTENT_LENGTH)));
        RequestLogRow row = new RequestLogRow(info.id(), info.startedAt(), function, info.functionVersion(), info.route(),
                request.prologue().method().text(), status, (int) Math.min(Integer.MAX_VALUE, info.elapsedMillis()),
                Math.max(info.requestBytes(), declared), entityBytes(info, responseBytes), info.stream(),
                status >= 400 || info.failure() != null, info.errorCode(), info.userId(),
                ClientAddresses.truncate(info.clientIp()),
                UserAgents.family(request.headers().first(HeaderNames.USER_AGENT).orElse(null)),
                info.upstream(), info.model(), info.originalModel(), info.keyAlias(),
                info.promptTokens(), info.completionTokens(), info.totalTokens(), info.cacheHit(),
                info.attempts() == 0 ? null : info.attempts(),
                info.attempts() == 0 ? null : (int) Math.min(Integer.MAX_VALUE, info.upstreamMillis()));
        writer.offer(row);
        if (status >= 500 || info.failure() != null) {
            Throwable failure = info.failure();
            String type = failure != null ? failure.getClass().getName()
                    : info.errorCode() != null ? info.errorCode() : "http_" + status;
            String message = failure != null ? Redaction.bounded(failure.getMessage(), MAX_MESSAGE) : info.errorCode();
            writer.offer(new ErrorLogRow(RequestInfo.newId(), info.id(), clock.instant(), function, info.route(),
                    status, type, message, failure == null ? null : stackHash(failure)));
        }
    }

    /**
     * The response body's size: what a handler counted while streaming, else the length the response declared, else
     * (an empty or unusual answer) what went over the wire. Helidon's own count includes the headers.
     */
    static long entityBytes(RequestInfo info, long wireBytes) {
        if (info.responseBytes() > 0) {
            return info.responseBytes();
        }
        return info.declaredResponseBytes() >= 0 ? info.declaredResponseBytes() : wireBytes;
    }

    /** A short hash of the stack's frames: equal for the same failure site, whatever the message. */
    static String stackHash(Throwable failure) {
        StringBuilder frames = new StringBuilder(failure.getClass().getName());
        for (StackTraceElement e : failure.getStackTrace()) {
            frames.append('\n').append(e.getClassName()).append('.').append(e.getMethodName()).append(':').append(e.getLineNumber());
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(frames.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
