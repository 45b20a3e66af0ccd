package io.text2media.shared.ratelimit;

import io.text2media.shared.config.RateLimitSettings;
import io.text2media.shared.http.ApiException;

/**
 * The generation quota of original-contract.md §11, shared by {@code /api/generate}, {@code /api/generate/*} and
 * {@code /api/pollinations/image}: per caller a per-minute rate (429 with {@code Retry-After} and {@code retry_after})
 * and a per-UTC-day quota (402). Callers are users (valid token) or anonymous client addresses. Only requests that
 * passed validation are counted, and a request refused by the daily quota gives its minute slot back.
 */
public final class GenerationQuota {
    public static final String RATE_MESSAGE = "请求过于频繁，请稍后再试";
    public static final String QUOTA_MESSAGE = "今日额度已用完";

    private final RateLimiter limiter;
    private final RateLimitSettings limits;

    public GenerationQuota(RateLimiter limiter, RateLimitSettings limits) {
        this.limiter = limiter;
        this.limits = limits;
    }

    /** Who is counted: a user id, or an anonymous client address. */
    public record Caller(boolean user, String id) {
        public static Caller user(String userId) {
            return new Caller(true, userId);
        }

        public static Caller anonymous(String clientAddress) {
            return new Caller(false, clientAddress == null || clientAddress.isEmpty() ? "unknown" : clientAddress);
        }

        String scope() {
            return user ? "user" : "anon";
        }
    }

    /** Counts one request, or throws the 429/402 answer. */
    public void admit(Caller caller) {
        int perMinute = caller.user() ? limits.userPerMinute() : limits.anonPerMinute();
        int perDay = caller.user() ? limits.userPerDay() : limits.anonPerDay();
        RateLimiter.MinuteAndDay hit = limiter.hitMinuteAndDay("gen:" + caller.scope() + ":" + caller.id(), perMinute, perDay);
        RateLimiter.Window minute = hit.minute();
        if (!minute.allowed()) {
            throw ApiException.error(429, "rate_limited", RATE_MESSAGE)
                    .field("retry_after", minute.retryAfterSeconds())
                    .header("Retry-After", String.valueOf(minute.retryAfterSeconds()));
        }
        if (!hit.day().allowed()) {
            throw ApiException.error(402, "quota_exceeded", QUOTA_MESSAGE)
                    .field("remaining", 0)
                    .field("total", perDay);
        }
    }
}
