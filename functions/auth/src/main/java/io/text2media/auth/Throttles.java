package io.text2media.auth;

import io.text2media.shared.http.ApiException;
import io.text2media.shared.ratelimit.RateLimiter;

/**
 * The auth routes' abuse limits on the shared atomic counters (RATE_LIMITS namespace). Emails are hashed into the
 * counter keys: keys stay short whatever was sent, and the counters hold no addresses.
 *
 * <p>Login: every attempt on an account is counted <em>before</em> its password is checked and a correct password
 * clears the count, so what is left counts failures, and even a burst of parallel guesses gets exactly
 * {@code LOGIN_MAX_FAILURES} checks per window. Unknown emails are counted the same way (the limit says nothing about
 * whether an account exists).
 */
final class Throttles {
    private final RateLimiter limiter;
    private final AuthLimits limits;

    Throttles(RateLimiter limiter, AuthLimits limits) {
        this.limiter = limiter;
        this.limits = limits;
    }

    /** Counts a login attempt on the account; 429 with Retry-After once its failures reached the limit. */
    void loginAttempt(String normalizedEmail) {
        RateLimiter.Window window = limiter.hit(loginKey(normalizedEmail), limits.loginFailures(), limits.loginWindow());
        if (!window.allowed()) {
            throw tooMany("too_many_failed_logins", Messages.TOO_MANY_FAILED_LOGINS, window);
        }
    }

    /** The password was right (login) or replaced (reset): the account's failures are forgiven. */
    void loginSucceeded(String normalizedEmail) {
        limiter.reset(loginKey(normalizedEmail));
    }

    /** Counts a valid forgot-password request against the client's and the address's limits. */
    void forgotPassword(String clientAddress, String normalizedEmail) {
        check(limiter.hit("forgot-client:" + clientAddress, limits.forgotPerClient(), limits.forgotWindow()));
        check(limiter.hit("forgot-email:" + Hashes.sha256Hex(normalizedEmail), limits.forgotPerEmail(), limits.forgotWindow()));
    }

    private static void check(RateLimiter.Window window) {
        if (!window.allowed()) {
            throw tooMany("rate_limited", Messages.TOO_MANY_REQUESTS, window);
        }
    }

    private static String loginKey(String normalizedEmail) {
        return "login-fail:" + Hashes.sha256Hex(normalizedEmail);
    }

    private static ApiException tooMany(String code, String message, RateLimiter.Window window) {
        long seconds = window.retryAfterSeconds();
        return ApiException.failure(429, code, message)
                .field("retry_after", seconds)
                .header("Retry-After", Long.toString(seconds));
    }
}
