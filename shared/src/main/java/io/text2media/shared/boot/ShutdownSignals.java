package io.text2media.shared.boot;

import io.text2media.shared.observe.Log;

import sun.misc.Signal;

/**
 * SIGTERM and SIGINT run the graceful stop first and only then exit the JVM. With plain shutdown hooks, H2's own exit
 * hook would close the database while requests were still finishing and queued rows were being flushed.
 */
final class ShutdownSignals {
    private static final Log LOG = Log.of(ShutdownSignals.class);

    private ShutdownSignals() {
    }

    static void install(Application app) {
        // The stop thread must not be a daemon (it would inherit that from the signal dispatcher): the JVM would then
        // exit as soon as the server's threads end, before the flush and the database close.
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), signal -> Thread.ofPlatform().daemon(false).name("text2media-stop").start(() -> {
                    LOG.info("signal_received", "signal", "SIG" + name);
                    app.stop();
                    System.exit(0);
                }));
            } catch (IllegalArgumentException e) {
                LOG.warn("signal_not_handled", "signal", name);
            }
        }
        // Other ways out (System.exit elsewhere, the last thread ending) still stop as well as they can.
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("text2media-shutdown").unstarted(app::stop));
    }
}
