package io.text2media.shared.config;

/** Generation quotas (original-contract.md §11): per minute and per UTC day, for anonymous callers and for users. */
public record RateLimitSettings(int anonPerMinute, int anonPerDay, int userPerMinute, int userPerDay) {

    static RateLimitSettings from(Env env) {
        return new RateLimitSettings(
                env.integer("RATE_LIMIT_ANON_PER_MINUTE", 8, 1, 1_000_000),
                env.integer("RATE_LIMIT_ANON_PER_DAY", 10, 1, 100_000_000),
                env.integer("RATE_LIMIT_USER_PER_MINUTE", 30, 1, 1_000_000),
                env.integer("RATE_LIMIT_USER_PER_DAY", 100, 1, 100_000_000));
    }
}
