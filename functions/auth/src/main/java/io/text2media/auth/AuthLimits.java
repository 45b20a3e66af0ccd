package io.text2media.auth;

import io.text2media.shared.config.Env;

import java.time.Duration;

/**
 * Abuse limits of the auth routes (design.md §5.5, §5.6, §5.8), all fixed windows on the shared atomic counters.
 *
 * @param loginFailures    failed logins per account (LOGIN_MAX_FAILURES) within {@code loginWindow}; then 429
 * @param forgotPerEmail   forgot-password requests per email address within {@code forgotWindow}
 * @param forgotPerClient  forgot-password requests per client address within {@code forgotWindow}
 */
public record AuthLimits(int loginFailures, Duration loginWindow, int forgotPerEmail, int forgotPerClient,
                         Duration forgotWindow) {

    static AuthLimits from(Env env) {
        return new AuthLimits(
                env.integer("LOGIN_MAX_FAILURES", 10, 1, 10_000),
                Duration.ofSeconds(env.longValue("LOGIN_FAILURE_WINDOW_SECONDS", 900, 1, 86_400)),
                env.integer("FORGOT_PASSWORD_PER_EMAIL", 3, 1, 10_000),
                env.integer("FORGOT_PASSWORD_PER_CLIENT", 10, 1, 100_000),
                Duration.ofSeconds(env.longValue("FORGOT_PASSWORD_WINDOW_SECONDS", 3600, 1, 86_400)));
    }
}
