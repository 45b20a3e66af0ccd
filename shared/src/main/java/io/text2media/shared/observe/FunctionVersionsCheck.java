package io.text2media.shared.observe;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;

import java.util.Map;
import java.util.TreeMap;

/**
 * Liveness detail {@code functions}: each function this process serves and its version, so a probe or an operator
 * sees which release answers ({@code /observe/health}); always up.
 */
public final class FunctionVersionsCheck implements HealthCheck {
    private final Map<String, String> versions;

    public FunctionVersionsCheck(Map<String, String> versions) {
        this.versions = new TreeMap<>(versions);
    }

    @Override
    public HealthCheckType type() {
        return HealthCheckType.LIVENESS;
    }

    @Override
    public String name() {
        return "functions";
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponse.Builder response = HealthCheckResponse.builder().status(true);
        versions.forEach(response::detail);
        return response.build();
    }
}
