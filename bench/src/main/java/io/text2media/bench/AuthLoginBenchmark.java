package io.text2media.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code auth-login} (issue 3): what one login costs at the default 600000 PBKDF2 iterations, and how many logins per
 * second the machine's cores give. A login is one PBKDF2 on the hashing pool plus a read and a compare-and-set of the
 * user record, so its latency is essentially the hash and throughput is bounded by cores / hash time.
 */
public final class AuthLoginBenchmark implements Benchmark {

    @Override
    public String name() {
        return "auth-login";
    }

    @Override
    public List<Figure> run() throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        int clients = 2 * cores; // enough to keep every hashing thread busy while answers travel
        try (AuthBenchApp app = new AuthBenchApp()) {
            app.seedAccounts(clients);
            LoadGenerator load = new LoadGenerator();
            // One client, one login at a time: the latency a user sees on an idle server.
            LoadGenerator.Result single = load.run(1, Duration.ofSeconds(3), Duration.ofSeconds(15), i -> app.login(0));
            // Every core busy: the throughput.
            LoadGenerator.Result busy = load.run(clients, Duration.ofSeconds(3), Duration.ofSeconds(20), app::login);
            List<Figure> figures = new ArrayList<>();
            figures.add(Figure.of("login latency p50, 1 client, " + AuthBenchApp.ITERATIONS + " iterations", single.percentileMillis(50), "ms"));
            figures.add(Figure.of("login latency p99, 1 client", single.percentileMillis(99), "ms"));
            figures.add(Figure.of("logins per second, " + clients + " clients, " + app.hashThreads() + " hashing threads on "
                    + cores + " cores", busy.perSecond(), "/s"));
            figures.add(Figure.of("login latency p50, " + clients + " clients", busy.percentileMillis(50), "ms"));
            figures.add(Figure.atMost("failed logins (any status >= 400)", single.errors() + busy.errors(), "", 0));
            return figures;
        }
    }
}
