package io.text2media.shared.upstream;

import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.HttpClientResponse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * An upstream's answer with an HTTP status the caller has to look at (2xx, or a 4xx that is not worth retrying).
 * The body is read once: whole with {@link #bytes(long)} or streamed with {@link #stream()}. Always closed.
 *
 * <p>Reading the whole body stays inside the call's deadline ({@code UPSTREAM_DEADLINE_MS}): an upstream that sends
 * its headers at once and then trickles the body is cut off when the deadline passes, and the read fails as a
 * {@link UpstreamException.Kind#TIMEOUT}. A stream passed through to a client is paced by that client, so it is bounded
 * per read ({@code UPSTREAM_TIMEOUT_MS}) instead.
 */
public final class UpstreamResponse implements AutoCloseable {
    private static final ScheduledThreadPoolExecutor DEADLINES = deadlineTimer();
    /** Helidon's client reads its socket 8 KB at a time (PlainSocket); a larger request gains nothing. */
    static final int READ_SLICE = 8192;

    private final HttpClientResponse response;
    private final int attempts;
    private final String upstream;
    private final long deadlineNanos;
    private volatile boolean cutOff;

    UpstreamResponse(HttpClientResponse response, int attempts, String upstream, long deadlineNanos) {
        this.response = response;
        this.attempts = attempts;
        this.upstream = upstream;
        this.deadlineNanos = deadlineNanos;
    }

    public int status() {
        return response.status().code();
    }

    public boolean isSuccess() {
        int s = status();
        return s >= 200 && s < 300;
    }

    /** How many attempts the call took, this one included. */
    public int attempts() {
        return attempts;
    }

    public Optional<String> header(String name) {
        return response.headers().first(HeaderNames.create(name));
    }

    /** The media type without parameters, lower case; empty when the upstream sent none. */
    public Optional<String> mediaType() {
        return header("Content-Type").map(v -> {
            int semi = v.indexOf(';');
            return (semi < 0 ? v : v.substring(0, semi)).trim().toLowerCase(java.util.Locale.ROOT);
        }).filter(v -> !v.isEmpty());
    }

    public Optional<String> contentType() {
        return header("Content-Type");
    }

    /**
     * The whole body, refusing more than {@code limit} bytes (a misbehaving upstream must not fill the heap). A body of
     * declared length is read straight into an array of that size, without a growing buffer's copies.
     */
    public byte[] bytes(long limit) {
        long declared = header("Content-Length").map(v -> {
            try {
                return Long.parseLong(v.trim());
            } catch (NumberFormatException e) {
                return -1L;
            }
        }).orElse(-1L);
        if (declared > limit) {
            close();
            throw new UpstreamBodyTooLargeException(limit);
        }
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            close();
            throw timeout(null);
        }
        ScheduledFuture<?> watchdog = DEADLINES.schedule(this::cutOff, left, TimeUnit.NANOSECONDS);
        try {
            return readAll(declared, limit);
        } catch (RuntimeException e) {
            if (cutOff || causedBy(e, SocketTimeoutException.class)) {
                throw timeout(e);
            }
            throw e;
        } finally {
            watchdog.cancel(false);
        }
    }

    private byte[] readAll(long declared, long limit) {
        try (InputStream in = response.inputStream()) {
            if (declared >= 0) {
                // Straight into an array of the declared size: readNBytes(int) gathers 8 KB chunks and copies them
                // into a second array, twice the garbage of every image.
                byte[] body = new byte[(int) declared];
                int read = readSliced(in, body);
                if (in.read() >= 0) {
                    throw new UpstreamBodyTooLargeException(declared);
                }
                return read == body.length ? body : java.util.Arrays.copyOf(body, read);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
            byte[] buf = new byte[READ_SLICE];
            long total = 0;
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
                if (total > limit) {
                    throw new UpstreamBodyTooLargeException(limit);
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Fills {@code body} in reads of at most {@link #READ_SLICE} bytes; returns how many bytes were read. Helidon's
     * client allocates a buffer of the size asked for on every read and fills it with one socket read (8 KB at most):
     * asking for the whole remainder each time, as {@code readNBytes} does, allocated ~6 times a 100 KB image.
     */
    static int readSliced(InputStream in, byte[] body) throws IOException {
        int read = 0;
        while (read < body.length) {
            int n = in.read(body, read, Math.min(READ_SLICE, body.length - read));
            if (n < 0) {
                break;
            }
            read += n;
        }
        return read;
    }

    public String text(long limit) {
        return new String(bytes(limit), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The body as a stream, for passing it through without buffering it. */
    public InputStream stream() {
        return response.inputStream();
    }

    @Override
    public void close() {
        response.close();
    }

    /** The deadline passed mid-body: closing the connection ends the blocked read. */
    private void cutOff() {
        cutOff = true;
        try {
            response.close();
        } catch (RuntimeException ignored) {
            // the reader sees the closed connection either way
        }
    }

    private UpstreamException timeout(Throwable cause) {
        return new UpstreamException(upstream, UpstreamException.Kind.TIMEOUT, status(), attempts, null, cause);
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static ScheduledThreadPoolExecutor deadlineTimer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("upstream-deadline").factory());
        timer.setRemoveOnCancelPolicy(true); // most bodies finish in time: do not keep their cancelled timers around
        return timer;
    }

    /** The upstream sent more than the caller accepts. */
    public static final class UpstreamBodyTooLargeException extends RuntimeException {
        UpstreamBodyTooLargeException(long limit) {
            super("upstream body larger than " + limit + " bytes");
        }
    }
}
