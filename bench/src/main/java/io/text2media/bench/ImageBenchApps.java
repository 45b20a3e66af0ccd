package io.text2media.bench;

import io.text2media.shared.boot.FunctionProvider;
import io.text2media.shared.testing.TestApp;

import java.util.Map;

/** The function under load: in-memory H2, quotas out of the way, quiet logs, pointed at the fake upstream. */
final class ImageBenchApps {

    private ImageBenchApps() {
    }

    static TestApp start(String upstreamBase, FunctionProvider... providers) {
        return start(upstreamBase, Map.of(), providers);
    }

    /**
     * The same, with some variables changed (e.g. the request log switched off). The database is the default H2 file
     * (in a fresh temporary data directory), as with `make run`: an in-memory H2 would keep every logged row on the
     * heap and bill the garbage collector for it.
     */
    static TestApp start(String upstreamBase, Map<String, String> overrides, FunctionProvider... providers) {
        String dataDir;
        try {
            dataDir = java.nio.file.Files.createTempDirectory("t2m-bench").toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return TestApp.builder().provider(providers).env(env(upstreamBase)).env("DB_URL", null)
                .env("DATA_DIR", dataDir).env(overrides).start();
    }

    static Map<String, String> env(String upstreamBase) {
        return Map.of(
                "POLLINATIONS_API_TOKEN", "sk_bench",
                "POLLINATIONS_GEN_API_BASE", upstreamBase,
                "RATE_LIMIT_ANON_PER_MINUTE", "1000000",
                "RATE_LIMIT_ANON_PER_DAY", "100000000",
                "LOG_LEVEL", "warn",
                // 64 callers, not one: each client sends its own address, as behind a trusted proxy, so each has its
                // own quota counters (one address for all would measure lock contention on a single counter row).
                "TRUSTED_PROXY_HEADER", "X-Forwarded-For");
    }

    /** The address client {@code i} presents. */
    static String clientAddress(int i) {
        return "10.0." + (i / 250) + "." + (i % 250 + 1);
    }
}
