package io.text2media.bench;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code auth-validate-under-login-flood} (issue 3): while 32 clients send logins back to back (each one a 600000-
 * iteration PBKDF2), the latency of {@code /api/auth/validate}, which hashes nothing. The hashing pool keeps the
 * logins to its threads and its queue; validate must stay under 50 ms at p99. The same validate load without the
 * flood is measured first, as the baseline.
 */
public final class AuthValidateUnderLoginFloodBenchmark implements Benchmark {
    static final int FLOOD_CLIENTS = 32;
    static final int VALIDATE_CLIENTS = 2;

    @Override
    public String name() {
        return "auth-validate-under-login-flood";
    }

    @Override
    public List<Figure> run() throws Exception {
        try (AuthBenchApp app = new AuthBenchApp()) {
            app.seedAccounts(FLOOD_CLIENTS);
            String token = app.token();
            LoadGenerator validateLoad = new LoadGenerator();
            LoadGenerator.Result quiet = validateLoad.run(VALIDATE_CLIENTS, Duration.ofSeconds(3), Duration.ofSeconds(10),
                    i -> app.validate(token));

            Duration floodLength = Duration.ofSeconds(30);
            CompletableFuture<LoadGenerator.Result> flood = CompletableFuture.supplyAsync(() -> {
                try {
                    return new LoadGenerator().run(FLOOD_CLIENTS, Duration.ZERO, floodLength, app::login);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(5_000); // let the hashing queue fill before measuring
            LoadGenerator.Result underFlood = validateLoad.run(VALIDATE_CLIENTS, Duration.ZERO, Duration.ofSeconds(20),
                    i -> app.validate(token));
            LoadGenerator.Result logins = flood.get();

            return List.of(
                    Figure.of("validate p50, no flood", quiet.percentileMillis(50), "ms"),
                    Figure.of("validate p99, no flood", quiet.percentileMillis(99), "ms"),
                    Figure.of("validate p50 while " + FLOOD_CLIENTS + " clients flood login", underFlood.percentileMillis(50), "ms"),
                    Figure.atMost("validate p99 while " + FLOOD_CLIENTS + " clients flood login", underFlood.percentileMillis(99), "ms", 50),
                    Figure.of("validate requests per second under the flood", underFlood.perSecond(), "/s"),
                    Figure.atMost("failed validates under the flood", underFlood.errors(), "", 0),
                    Figure.of("logins per second during the flood", logins.perSecond(), "/s"),
                    Figure.of("logins refused (503 busy or other >= 400)", logins.errors(), ""));
        }
    }
}
