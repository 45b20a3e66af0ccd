package io.text2media.shared.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The settings every function shares, read once at start-up from the environment. A function's own settings
 * (Google, Pollinations, DeepSeek, ...) are read by that function from {@link #env()} with the same typed reads.
 */
public record Settings(Profile profile,
                       String host,
                       int port,
                       Path dataDir,
                       DatabaseSettings database,
                       JwtSettings jwt,
                       PasswordSettings passwords,
                       HttpSettings http,
                       UpstreamSettings upstream,
                       OutboundProxySettings outboundProxy,
                       RateLimitSettings rateLimits,
                       ObserveSettings observe,
                       Optional<String> healthCheckToken,
                       Duration kvSweepInterval,
                       Duration shutdownGrace,
                       Env env) {

    public static Settings from(Env env) {
        Profile profile = profileOf(env);
        Path dataDir = Path.of(env.string("DATA_DIR", "data")).toAbsolutePath().normalize();
        return new Settings(
                profile,
                env.string("HOST", "0.0.0.0"),
                env.integer("PORT", 8080, 0, 65_535),
                dataDir,
                DatabaseSettings.from(env, dataDir),
                JwtSettings.from(env, profile),
                PasswordSettings.from(env),
                HttpSettings.from(env),
                UpstreamSettings.from(env),
                OutboundProxySettings.from(env),
                RateLimitSettings.from(env),
                ObserveSettings.from(env),
                env.optional("HEALTH_CHECK_TOKEN"),
                Duration.ofSeconds(env.longValue("KV_SWEEP_INTERVAL_SECONDS", 60, 1, 86_400)),
                Duration.ofSeconds(env.longValue("SHUTDOWN_GRACE_SECONDS", 30, 0, 600)),
                env);
    }

    public static Profile profileOf(Env env) {
        return Profile.valueOf(env.oneOf("PROFILE", "prod", Set.of("dev", "prod")).toUpperCase(java.util.Locale.ROOT));
    }

    @Override
    public String toString() {
        return "Settings[profile=" + profile + ", port=" + port + ", database=" + database + ", jwt=" + jwt + "]";
    }
}
