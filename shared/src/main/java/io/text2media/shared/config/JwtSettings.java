package io.text2media.shared.config;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * JWT signing: HS256 with {@code JWT_SECRET}. The secret must be at least 32 bytes (RFC 7518 §3.2: an HS256 key is
 * at least as long as the hash), which jjwt also enforces. The original's weak legacy token format is accepted
 * only with {@code JWT_ALLOW_LEGACY=true}.
 */
public record JwtSettings(Optional<String> secret, Duration ttl, boolean allowLegacy) {
    public static final int MIN_SECRET_BYTES = 32;

    static JwtSettings from(Env env, Profile profile) {
        Optional<String> secret = env.optional("JWT_SECRET");
        if (secret.isEmpty() && !profile.isDev()) {
            throw new SettingsException("JWT_SECRET", "is required outside the dev profile (at least "
                    + MIN_SECRET_BYTES + " bytes; e.g. openssl rand -hex 32)");
        }
        if (secret.isPresent() && secret.get().getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new SettingsException("JWT_SECRET", "must be at least " + MIN_SECRET_BYTES
                    + " bytes long (e.g. openssl rand -hex 32)");
        }
        return new JwtSettings(secret,
                Duration.ofSeconds(env.longValue("JWT_TTL_SECONDS", 604_800, 60, 31_536_000)),
                env.bool("JWT_ALLOW_LEGACY", false));
    }

    @Override
    public String toString() {
        return "JwtSettings[secret=" + (secret.isPresent() ? "***" : "unset") + ", ttl=" + ttl + ", allowLegacy=" + allowLegacy + "]";
    }
}
