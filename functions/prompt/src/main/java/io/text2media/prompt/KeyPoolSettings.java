package io.text2media.prompt;

import io.text2media.shared.config.Env;
import io.text2media.shared.config.SettingsException;

import java.time.Duration;

/**
 * How the key pool cools keys down (ops-reference.md "Multi-key pool"): after a 429 for the upstream's
 * {@code Retry-After} or {@code rateLimitCooldown} doubling up to {@code rateLimitCooldownMax}; after
 * {@code failureThreshold} consecutive 5xx/timeouts/connection errors the key is open for {@code openDuration}
 * (doubling after a failed trial, up to {@code openDurationMax}), then lets one trial request through.
 */
record KeyPoolSettings(Duration rateLimitCooldown,
                       Duration rateLimitCooldownMax,
                       int failureThreshold,
                       Duration openDuration,
                       Duration openDurationMax) {

    static KeyPoolSettings defaults() {
        return new KeyPoolSettings(Duration.ofSeconds(30), Duration.ofMinutes(10), 3, Duration.ofSeconds(30),
                Duration.ofSeconds(60));
    }

    static KeyPoolSettings from(Env env) {
        long cooldown = env.longValue("DEEPSEEK_KEY_COOLDOWN_SECONDS", 30, 1, 86_400);
        long cooldownMax = env.longValue("DEEPSEEK_KEY_COOLDOWN_MAX_SECONDS", 600, 1, 86_400);
        if (cooldownMax < cooldown) {
            throw new SettingsException("DEEPSEEK_KEY_COOLDOWN_MAX_SECONDS", "must not be below DEEPSEEK_KEY_COOLDOWN_SECONDS");
        }
        long open = env.longValue("DEEPSEEK_KEY_OPEN_SECONDS", 30, 1, 86_400);
        long openMax = env.longValue("DEEPSEEK_KEY_OPEN_MAX_SECONDS", 60, 1, 86_400);
        if (openMax < open) {
            throw new SettingsException("DEEPSEEK_KEY_OPEN_MAX_SECONDS", "must not be below DEEPSEEK_KEY_OPEN_SECONDS");
        }
        return new KeyPoolSettings(Duration.ofSeconds(cooldown), Duration.ofSeconds(cooldownMax),
                env.integer("DEEPSEEK_KEY_FAILURE_THRESHOLD", 3, 1, 100),
                Duration.ofSeconds(open), Duration.ofSeconds(openMax));
    }
}
