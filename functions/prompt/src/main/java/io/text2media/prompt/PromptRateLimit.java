package io.text2media.prompt;

import io.text2media.shared.auth.Authentication;
import io.text2media.shared.auth.Authenticator;
import io.text2media.shared.http.ApiException;
import io.text2media.shared.http.ClientAddresses;
import io.text2media.shared.ratelimit.RateLimiter;

import io.helidon.webserver.http.ServerRequest;

import java.util.Optional;

/**
 * The prompt routes' limits (design.md §5.8: the LLM is paid for): per caller a per-minute rate and a per-UTC-day
 * budget, shared by {@code /api/prompts/optimize} and {@code /api/translate}. A caller is the user of a valid token,
 * otherwise the client address; an invalid token is simply anonymous. Both refusals are 429 with {@code Retry-After}
 * and {@code retry_after}; a request refused by the day budget gives its minute slot back. Only requests that passed
 * validation are counted (cache hits included: they are cheap, but counting them keeps the limit simple to reason about).
 */
final class PromptRateLimit {
    static final String RATE_MESSAGE = "请求过于频繁，请稍后再试";
    static final String DAY_MESSAGE = "今日AI文本服务次数已用完，请明天再试";

    /** The configured numbers. */
    record Limits(int anonPerMinute, int anonPerDay, int userPerMinute, int userPerDay) {
    }

    private final RateLimiter limiter;
    private final Authenticator authenticator;
    private final ClientAddresses addresses;
    private final Limits limits;

    PromptRateLimit(RateLimiter limiter, Authenticator authenticator, ClientAddresses addresses, Limits limits) {
        this.limiter = limiter;
        this.authenticator = authenticator;
        this.addresses = addresses;
        this.limits = limits;
    }

    /** Counts one request of the caller, or throws the 429. */
    void admit(ServerRequest request) {
        Optional<Authentication> user = authenticator.optional(request);
        String caller = user.map(a -> "user:" + a.userId()).orElseGet(() -> "anon:" + addresses.of(request));
        int perMinute = user.isPresent() ? limits.userPerMinute() : limits.anonPerMinute();
        int perDay = user.isPresent() ? limits.userPerDay() : limits.anonPerDay();

        RateLimiter.MinuteAndDay hit = limiter.hitMinuteAndDay("prompt:" + caller, perMinute, perDay);
        if (!hit.minute().allowed()) {
            throw refused(RATE_MESSAGE, hit.minute().retryAfterSeconds());
        }
        if (!hit.day().allowed()) {
            throw refused(DAY_MESSAGE, hit.secondsUntilMidnight());
        }
    }

    private static ApiException refused(String message, long seconds) {
        return ApiException.error(429, "rate_limited", message)
                .field("retry_after", seconds)
                .header("Retry-After", String.valueOf(seconds));
    }
}
