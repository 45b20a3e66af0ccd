package io.text2media.shared.observe;

import io.text2media.shared.store.Database;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;

/** Readiness: the schema is migrated and {@code SELECT 1} answers within the pool's connection timeout. */
public final class DatabaseReadinessCheck implements HealthCheck {
    private final Database database;

    public DatabaseReadinessCheck(Database database) {
        this.database = database;
    }

    @Override
    public HealthCheckType type() {
        return HealthCheckType.READINESS;
    }

    @Override
    public String name() {
        return "db";
    }

    @Override
    public HealthCheckResponse call() {
        String notReady = database.notReadyReason();
        if (notReady != null) {
            return HealthCheckResponse.builder().status(false).detail("reason", notReady).build();
        }
        boolean up = database.ping();
        HealthCheckResponse.Builder response = HealthCheckResponse.builder().status(up).detail("type", database.type());
        if (!up) {
            response.detail("reason", "database unreachable");
        }
        return response.build();
    }
}
