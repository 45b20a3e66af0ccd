package io.text2media.health;

import io.text2media.health.ops.DatabaseOverview;
import io.text2media.shared.auth.OperatorToken;
import io.text2media.shared.boot.FunctionContext;
import io.text2media.shared.boot.FunctionVersion;
import io.text2media.shared.config.OutboundProxySettings;
import io.text2media.shared.http.IsoTimes;
import io.text2media.shared.http.JsonResponses;
import io.text2media.shared.http.Jsons;
import io.text2media.shared.observe.InternalCheck;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /internal/health}: {@code status}, {@code timestamp}, {@code version}, {@code uptime}, {@code checks[]}
 * (beginning with {@code config.required_env} and {@code kv.users}, then what the process's functions contributed,
 * e.g. the key pool), {@code metrics} and {@code database}. Any {@code error} check makes the whole {@code error},
 * else any {@code degraded} makes it {@code degraded}; 200 only when everything is {@code ok}, 503 otherwise.
 */
final class InternalHealthService {
    private final OperatorToken gate;
    private final RequiredEnvCheck requiredEnv;
    private final UsersStoreCheck usersStore;
    private final HealthMetrics metrics;
    private final DatabaseOverview database;
    private final FunctionContext context;
    private final String version = FunctionVersion.of("health");

    InternalHealthService(OperatorToken gate, RequiredEnvCheck requiredEnv, UsersStoreCheck usersStore,
                          HealthMetrics metrics, DatabaseOverview database, FunctionContext context) {
        this.gate = gate;
        this.requiredEnv = requiredEnv;
        this.usersStore = usersStore;
        this.metrics = metrics;
        this.database = database;
        this.context = context;
    }

    void handle(ServerRequest request, ServerResponse response) {
        gate.requireBearerOrQuery(request);
        List<InternalCheck> checks = new ArrayList<>();
        checks.add(requiredEnv);
        checks.add(usersStore);
        checks.addAll(context.internalChecks());

        String overall = InternalCheck.Result.OK;
        JsonArrayBuilder results = Jsons.array();
        for (InternalCheck check : checks) {
            InternalCheck.Result result = check.check();
            overall = worse(overall, result.status());
            results.add(Jsons.object()
                    .add("name", check.name())
                    .add("status", result.status())
                    .add("details", result.details()));
        }
        JsonResponses.send(response, overall.equals(InternalCheck.Result.OK) ? 200 : 503, Jsons.object()
                .add("status", overall)
                .add("timestamp", IsoTimes.format(context.clock().instant()))
                .add("version", version)
                .add("uptime", ManagementFactory.getRuntimeMXBean().getUptime() / 1000)
                .add("checks", results)
                .add("metrics", metrics.snapshot())
                .add("database", database.snapshot())
                .add("outbound_proxy", outboundProxy())
                .build());
    }

    /** The proxies upstream calls go through (HTTPS_PROXY, HTTP_PROXY, NO_PROXY), never with their credentials. */
    private JsonObject outboundProxy() {
        OutboundProxySettings proxies = context.settings().outboundProxy();
        JsonArrayBuilder bypass = Jsons.array();
        proxies.noProxy().forEach(bypass::add);
        return Jsons.object()
                .add("https", proxies.https().map(Object::toString).map(Jsons::string).orElse(JsonValue.NULL))
                .add("http", proxies.http().map(Object::toString).map(Jsons::string).orElse(JsonValue.NULL))
                .add("no_proxy", bypass)
                .build();
    }

    static String worse(String a, String b) {
        if (a.equals(InternalCheck.Result.ERROR) || b.equals(InternalCheck.Result.ERROR)) {
            return InternalCheck.Result.ERROR;
        }
        if (a.equals(InternalCheck.Result.DEGRADED) || b.equals(InternalCheck.Result.DEGRADED)) {
            return InternalCheck.Result.DEGRADED;
        }
        return InternalCheck.Result.OK;
    }
}
