package io.text2media.shared.boot;

import io.text2media.shared.config.DevSecrets;
import io.text2media.shared.config.Env;
import io.text2media.shared.config.Settings;
import io.text2media.shared.config.SettingsException;
import io.text2media.shared.http.ConventionsFilter;
import io.text2media.shared.http.CorsPolicy;
import io.text2media.shared.http.ErrorResponses;
import io.text2media.shared.http.InFlightRequests;
import io.text2media.shared.http.JsonDirectHandler;
import io.text2media.shared.http.StandardHeaders;
import io.text2media.shared.observe.DatabaseReadinessCheck;
import io.text2media.shared.observe.FunctionVersionsCheck;
import io.text2media.shared.observe.HttpMetrics;
import io.text2media.shared.observe.Log;
import io.text2media.shared.observe.Logging;
import io.text2media.shared.observe.RequestLogListener;
import io.text2media.shared.observe.RuntimeSwitches;
import io.text2media.shared.observe.WindowGauges;
import io.text2media.shared.store.KvSweeper;

import io.helidon.common.config.GlobalConfig;
import io.helidon.config.Config;
import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckType;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.health.HealthObserverConfig;
import io.helidon.webserver.observe.metrics.MetricsObserver;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one main of every jar: reads the settings, finds the functions on the class path and serves them on one port
 * with the shared HTTP conventions, {@code /observe/health} and {@code /observe/metrics}. No function has bootstrap
 * code of its own.
 */
public final class Launcher {
    private static final Log LOG = Log.of(Launcher.class);
    /** Helidon's own grace only covers idle keep-alive connections: the requests were drained before it. */
    private static final Duration LISTENER_GRACE = Duration.ofMillis(500);

    private Launcher() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("--version")) {
            // What a release holds, without starting it: deploy scripts read the version baked into the jar.
            discover(Env.system()).forEach(p -> System.out.println(p.name() + " " + FunctionVersion.of(p.name())));
            return;
        }
        Application app;
        try {
            DevSecrets.Applied secrets = DevSecrets.apply(Env.system());
            Settings settings = Settings.from(secrets.env());
            Logging.configure(settings.observe().logLevel());
            app = start(settings, discover(settings.env()));
            announce(app, settings, secrets);
        } catch (SettingsException e) {
            System.err.println("text2media: cannot start: " + e.getMessage());
            System.exit(2);
            return;
        }
        ShutdownSignals.install(app);
        ReloadSignal.install(app.context().service(RuntimeSwitches.class).orElseThrow());
    }

    /** Every function on the class path, or only those named in {@code FUNCTIONS} (comma-separated). */
    public static List<FunctionProvider> discover(Env env) {
        Set<String> only = Set.copyOf(env.list("FUNCTIONS", List.of()));
        List<FunctionProvider> providers = new ArrayList<>();
        ServiceLoader.load(FunctionProvider.class).forEach(providers::add);
        providers.sort(Comparator.comparing(FunctionProvider::name));
        if (!only.isEmpty()) {
            Set<String> found = providers.stream().map(FunctionProvider::name).collect(Collectors.toSet());
            for (String name : only) {
                if (!found.contains(name)) {
                    throw new SettingsException("FUNCTIONS", "no function named '" + name + "' on the class path (have " + found + ")");
                }
            }
            providers.removeIf(p -> !only.contains(p.name()));
        }
        return providers;
    }

    /** Builds and starts the server for these functions; a function's bad setting throws {@link SettingsException}. */
    public static Application start(Settings settings, List<FunctionProvider> providers) {
        return start(settings, providers, Clock.systemUTC());
    }

    public static Application start(Settings settings, List<FunctionProvider> providers, Clock clock) {
        // Every setting comes from the environment through Settings; Helidon's own config sources (application.yaml,
        // its environment keys) are not a second way in. Left unset, the metrics registry builds them on first use,
        // which scanned the environment and the class path for ~100 ms of every cold start.
        GlobalConfig.config(Config::empty, true);
        FunctionContext context = new FunctionContext(settings, clock);
        try {
            return start(settings, providers, context);
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
    }

    private static Application start(Settings settings, List<FunctionProvider> providers, FunctionContext context) {
        context.openDatabaseInBackground(); // every process writes its request log there
        StandardHeaders headers = new StandardHeaders(new CorsPolicy(settings.http().allowedOrigins(), settings.http().corsStrict()));
        ErrorResponses errors = new ErrorResponses(headers);
        context.addRequestListener(new HttpMetrics(context.metrics()));
        context.addRequestListener(context.requestWindow());
        WindowGauges.register(context.metrics(), context.requestWindow());
        RequestLogListener requestLog = new RequestLogListener(context.opsLogWriter(), context.clock(),
                settings.observe().requestLogEnabled());
        context.provide(RequestLogListener.class, requestLog);
        context.addRequestListener(requestLog);
        InFlightRequests inFlight = new InFlightRequests();
        RuntimeSwitches switches = new RuntimeSwitches(settings.env(), context.metricEvents());
        context.provide(RuntimeSwitches.class, switches);

        HttpRouting.Builder routing = HttpRouting.builder();
        routing.addFilter(new ConventionsFilter(headers, errors, context.clientAddresses(), context.requestListeners(), inFlight));
        new ConfigReloadRoute(switches, context.operatorToken(), context.json()).register(routing);
        // A safety net only: the conventions filter already answers whatever a handler throws.
        routing.error(Exception.class, errors::write);

        long maxPayload = settings.http().maxBodyBytes();
        List<HealthCheck> readiness = new ArrayList<>();
        Map<String, String> versions = new LinkedHashMap<>();
        for (FunctionProvider provider : providers) {
            String version = FunctionVersion.of(provider.name());
            versions.put(provider.name(), version);
            provider.routing(new FunctionRoutes(routing, provider.name(), version), context);
            context.functionStarted(provider.name(), version);
            readiness.addAll(provider.readinessChecks(context));
            maxPayload = Math.max(maxPayload, provider.maxRequestBytes(context));
        }
        readiness.add(new DatabaseReadinessCheck(context.database()));
        KvSweeper sweeper = KvSweeper.start(context.store(), settings.kvSweepInterval());
        context.onShutdown(sweeper::close);

        HealthObserverConfig.Builder health = HealthObserver.builder().details(true).useSystemServices(false);
        readiness.forEach(check -> health.addCheck(check, HealthCheckType.READINESS));
        health.addCheck(new FunctionVersionsCheck(versions), HealthCheckType.LIVENESS);
        ObserveFeature observe = ObserveFeature.builder()
                .endpoint("/observe")
                .observersDiscoverServices(false)
                .addObserver(health.build())
                .addObserver(MetricsObserver.create())
                .build();

        WebServer server = WebServer.builder()
                .host(settings.host())
                .port(settings.port())
                .maxPayloadSize(maxPayload)
                // An answer leaves in several writes (a streamed image or audio): Nagle's algorithm would hold each
                // write's short tail until the client's delayed acknowledgement, up to 40 ms on Linux.
                .connectionOptions(socket -> socket.tcpNoDelay(true))
                .shutdownHook(false)
                .shutdownGracePeriod(LISTENER_GRACE)
                .featuresDiscoverServices(false)
                .addFeature(observe)
                .directHandlers(new JsonDirectHandler(headers).handlers())
                .routing(routing)
                .build()
                .start();
        // What the first requests should not wait for, prepared once the server is already serving.
        List<Runnable> warmUps = context.afterStartTasks();
        Thread.ofVirtual().name("warm-up").start(() -> warmUps.forEach(task -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("warm_up_failed", e);
            }
        }));
        return new Application(server, context, inFlight, settings.shutdownGrace());
    }

    private static void announce(Application app, Settings settings, DevSecrets.Applied secrets) {
        LOG.info("started", "port", app.port(), "profile", settings.profile().name().toLowerCase(java.util.Locale.ROOT),
                "functions", app.context().functionVersions().toString(), "database", settings.database().redactedUrl());
        if (secrets.used()) {
            // Printed, not logged: where the generated dev secrets are, never the secrets themselves.
            System.out.println("text2media dev profile: generated JWT_SECRET and HEALTH_CHECK_TOKEN are kept in "
                    + secrets.file() + " (mode 600)");
            System.out.println("  try: curl -H \"Authorization: Bearer $(sed -n 's/^HEALTH_CHECK_TOKEN=//p' "
                    + secrets.file() + ")\" http://localhost:" + app.port() + "/internal/health");
        }
    }
}
