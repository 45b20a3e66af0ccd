package io.text2media.shared.boot;

import io.helidon.health.HealthCheck;

import java.util.List;

/**
 * One function of the bundle (auth, image, audio, prompt, feedback, health), found with {@link java.util.ServiceLoader}.
 * A function's jar has only itself on its class path and so serves only its own routes; the bundle has every function.
 * Implementations read their own settings in {@link #routing} (a bad value throws
 * {@link io.text2media.shared.config.SettingsException} and stops the start) and register their routes there.
 */
public interface FunctionProvider {

    /** Short lower-case name: {@code auth}, {@code image}, ... (also the key of its version file). */
    String name();

    /** Reads this function's settings, builds its services and registers its routes. Called once, before start. */
    void routing(FunctionRoutes routes, FunctionContext context);

    /** Extra readiness checks (the database check is added for every function that uses the store). */
    default List<HealthCheck> readinessChecks(FunctionContext context) {
        return List.of();
    }

    /** The largest request body any of this function's routes accepts; the server refuses bigger ones with 413. */
    default long maxRequestBytes(FunctionContext context) {
        return context.settings().http().maxBodyBytes();
    }
}
