package io.text2media.shared.boot;

import io.text2media.shared.http.InFlightRequests;
import io.text2media.shared.observe.Log;

import io.helidon.webserver.WebServer;

import java.time.Duration;

/** A started process: the web server and the functions' shared context. Stopping is graceful and idempotent. */
public final class Application implements AutoCloseable {
    private static final Log LOG = Log.of(Application.class);

    private final WebServer server;
    private final FunctionContext context;
    private final InFlightRequests inFlight;
    private final Duration grace;
    private boolean stopped;

    Application(WebServer server, FunctionContext context, InFlightRequests inFlight, Duration grace) {
        this.server = server;
        this.context = context;
        this.inFlight = inFlight;
        this.grace = grace;
    }

    public int port() {
        return server.port();
    }

    public FunctionContext context() {
        return context;
    }

    public WebServer server() {
        return server;
    }

    /** Requests being served right now. */
    public int activeRequests() {
        return inFlight.active();
    }

    /**
     * Turns new requests away, lets in-flight ones finish (at most {@code SHUTDOWN_GRACE_SECONDS}), stops the server,
     * runs the functions' shutdown work (e.g. flushing queued log rows), then closes the database.
     */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        LOG.info("shutdown_started", "inFlight", inFlight.active());
        try {
            if (!inFlight.drain(grace)) {
                LOG.warn("shutdown_grace_exceeded", "stillRunning", inFlight.active(), "graceSeconds", grace.toSeconds());
            }
            server.stop();
        } finally {
            context.close();
        }
        LOG.info("shutdown_complete");
    }

    @Override
    public void close() {
        stop();
    }
}
