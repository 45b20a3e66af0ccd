package io.text2media.health;

import io.text2media.shared.boot.FunctionContext;
import io.text2media.shared.boot.FunctionProvider;
import io.text2media.shared.boot.FunctionRoutes;
import io.text2media.health.ops.DailyStatsRollup;
import io.text2media.health.ops.DatabaseOverview;
import io.text2media.health.ops.LogRetention;
import io.text2media.health.ops.OpsJobs;
import io.text2media.shared.store.Database;

import java.time.Duration;

/**
 * The health function: the token-gated {@code /internal/health} and the public {@code /health}, and the scheduled
 * operations jobs (daily rollup, log retention).
 */
public final class HealthProvider implements FunctionProvider {

    @Override
    public String name() {
        return "health";
    }

    @Override
    public void routing(FunctionRoutes routes, FunctionContext context) {
        Duration storeTimeout = Duration.ofMillis(context.env().longValue("HEALTH_DB_TIMEOUT_MS", 2000, 100, 30_000));
        Database database = context.database(); // start the pool now, so readiness reports it from the first probe
        InternalHealthService internal = new InternalHealthService(
                context.operatorToken(),
                new RequiredEnvCheck(context.env()),
                new UsersStoreCheck(context.store(), storeTimeout),
                new HealthMetrics(context),
                new DatabaseOverview(database, storeTimeout),
                context);
        if (context.env().bool("OPS_JOBS_ENABLED", true)) {
            OpsJobs jobs = new OpsJobs(database, new DailyStatsRollup(database, context.clock()),
                    new LogRetention(database, context.clock()), context.settings().observe(),
                    Duration.ofSeconds(context.env().longValue("DAILY_STATS_INTERVAL_SECONDS", 300, 1, 86_400)),
                    Duration.ofSeconds(context.env().longValue("RETENTION_INTERVAL_SECONDS", 3600, 1, 604_800)));
            context.onShutdown(jobs::close);
        }
        routes.get("/internal/health", internal::handle);
        routes.get("/health", new PublicHealthService(context)::handle);
    }
}
