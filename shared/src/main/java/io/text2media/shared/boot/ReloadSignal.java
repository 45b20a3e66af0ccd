package io.text2media.shared.boot;

import io.text2media.shared.config.SettingsException;
import io.text2media.shared.observe.Log;
import io.text2media.shared.observe.RuntimeSwitches;

import sun.misc.Signal;

/** SIGHUP re-reads the overrides file of the emergency switches, as {@code POST /internal/config/reload} does. */
final class ReloadSignal {
    private static final Log LOG = Log.of(ReloadSignal.class);

    private ReloadSignal() {
    }

    static void install(RuntimeSwitches switches) {
        try {
            Signal.handle(new Signal("HUP"), signal -> Thread.ofPlatform().name("text2media-reload").start(() -> {
                try {
                    switches.reloadFile("SIGHUP");
                } catch (SettingsException e) {
                    // A bad value in the file changes nothing; the process keeps running as it was.
                    LOG.warn("runtime_switches_refused", "source", "SIGHUP", "problem", e.getMessage());
                }
            }));
        } catch (IllegalArgumentException e) {
            LOG.warn("signal_not_handled", "signal", "HUP");
        }
    }
}
