package io.text2media.shared.http;

import io.helidon.webserver.http.ServerRequest;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What is known about one call while it is served: its id (also {@code X-Request-Id}), the function and route template
 * that handled it, the caller and the upstream work it caused. Handlers fill it in; the request log and error log
 * read it when the call ends. One instance per request, registered in the request's context by the conventions filter.
 */
public final class RequestInfo {
    private final String id;
    private final Instant startedAt;
    private final long startNanos;
    private volatile String function;
    private volatile String functionVersion;
    private volatile String route;
    private volatile String userId;
    private volatile String clientIp;
    private volatile String upstream;
    private volatile String model;
    private volatile String originalModel;
    private volatile String keyAlias;
    private volatile Integer promptTokens;
    private volatile Integer completionTokens;
    private volatile Integer totalTokens;
    private volatile Boolean cacheHit;
    private volatile int attempts;
    private volatile long upstreamNanos;
    private volatile boolean stream;
    private volatile String errorCode;
    private volatile Throwable failure;
    private volatile long requestBytes;
    private volatile long responseBytes;
    private volatile long declaredResponseBytes = -1;

    public RequestInfo(String id, Instant startedAt, long startNanos) {
        this.id = id;
        this.startedAt = startedAt;
        this.startNanos = startNanos;
    }

    public static RequestInfo create() {
        return new RequestInfo(newId(), Instant.now(), System.nanoTime());
    }

    /**
     * A time-ordered (version 7, RFC 9562) UUID: 48 bits of Unix milliseconds, then random bits from the thread's own
     * generator. Ordered ids turn the primary-key inserts of request_logs into appends (half the cost of a random
     * UUID's on H2), sort like the calls they name, and need no lock: {@code UUID.randomUUID()}'s shared SecureRandom
     * is one every request would queue on. Request ids need uniqueness, not secrecy.
     */
    public static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (System.currentTimeMillis() << 16) | 0x7000L | (random.nextInt() & 0x0fffL);
        long low = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    /** The request's info; a request that bypassed the filter (not expected) gets a fresh one. */
    public static RequestInfo of(ServerRequest request) {
        return request.context().get(RequestInfo.class).orElseGet(() -> {
            RequestInfo info = create();
            request.context().register(info);
            return info;
        });
    }

    public String id() {
        return id;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    public String function() {
        return function;
    }

    public String functionVersion() {
        return functionVersion;
    }

    public void handledBy(String function, String functionVersion, String route) {
        this.function = function;
        this.functionVersion = functionVersion;
        this.route = route;
    }

    public String route() {
        return route;
    }

    public String userId() {
        return userId;
    }

    public void userId(String userId) {
        this.userId = userId;
    }

    public String clientIp() {
        return clientIp;
    }

    public void clientIp(String clientIp) {
        this.clientIp = clientIp;
    }

    public String upstream() {
        return upstream;
    }

    public String model() {
        return model;
    }

    public String originalModel() {
        return originalModel;
    }

    /** The upstream called, the model sent to it, and the model the client asked for (they differ for audio). */
    public void upstream(String upstream, String model, String originalModel) {
        this.upstream = upstream;
        this.model = model;
        this.originalModel = originalModel;
    }

    public String keyAlias() {
        return keyAlias;
    }

    public void keyAlias(String keyAlias) {
        this.keyAlias = keyAlias;
    }

    public Integer promptTokens() {
        return promptTokens;
    }

    public Integer completionTokens() {
        return completionTokens;
    }

    public Integer totalTokens() {
        return totalTokens;
    }

    public void tokens(Integer prompt, Integer completion, Integer total) {
        this.promptTokens = prompt;
        this.completionTokens = completion;
        this.totalTokens = total;
    }

    public Boolean cacheHit() {
        return cacheHit;
    }

    public void cacheHit(boolean hit) {
        this.cacheHit = hit;
    }

    public int attempts() {
        return attempts;
    }

    public synchronized void addAttempts(int n) {
        this.attempts += n;
    }

    /**
     * Time this call spent waiting for upstreams (from sending a request to having its answer: the whole body, or the
     * headers of a stream that is passed on): what is left of the duration is the function's own.
     */
    public long upstreamMillis() {
        return upstreamNanos / 1_000_000;
    }

    public synchronized void addUpstreamNanos(long nanos) {
        this.upstreamNanos += nanos;
    }

    public boolean stream() {
        return stream;
    }

    public void stream(boolean stream) {
        this.stream = stream;
    }

    public String errorCode() {
        return errorCode;
    }

    public void errorCode(String errorCode) {
        this.errorCode = errorCode;
    }

    /** The unexpected exception behind a 5xx, for the error log; never shown to the client. */
    public Throwable failure() {
        return failure;
    }

    public void failure(Throwable failure) {
        this.failure = failure;
    }

    public long requestBytes() {
        return requestBytes;
    }

    public synchronized void addRequestBytes(long n) {
        this.requestBytes += n;
    }

    /** Body bytes a streaming handler sent (the request log prefers this over the declared length). */
    public long responseBytes() {
        return responseBytes;
    }

    public synchronized void addResponseBytes(long n) {
        this.responseBytes += n;
    }

    /** The response's Content-Length, or -1 when it had none (read by the conventions filter after the call). */
    public long declaredResponseBytes() {
        return declaredResponseBytes;
    }

    public void declaredResponseBytes(long n) {
        this.declaredResponseBytes = n;
    }
}
