package io.text2media.auth;

import io.text2media.shared.config.Env;
import io.text2media.shared.config.SettingsException;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The password-reset email (original-contract.md §4.4, design.md §5.6): a Resend-compatible {@code POST} to
 * {@code EMAIL_API_URL} with {@code RESEND_API_KEY}, linking to {@code FRONTEND_URL}/reset-password. Without an API
 * key no email is sent (as the original). With a key, FRONTEND_URL is required: the original fell back to its own
 * production domain, which would send another site's users to aistone.ai.
 */
public record EmailSettings(Optional<String> apiKey, URI apiUrl, String from, Optional<String> frontendUrl,
                            Duration timeout) {

    static EmailSettings from(Env env, Optional<String> frontendUrl) {
        Optional<String> key = env.optional("RESEND_API_KEY");
        if (key.isPresent() && frontendUrl.isEmpty()) {
            throw new SettingsException("FRONTEND_URL", "is required when RESEND_API_KEY is set (the reset link points there)");
        }
        String from = env.string("EMAIL_FROM", "AIStone Support <support@aistone.ai>");
        if (from.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new SettingsException("EMAIL_FROM", "must not contain control characters");
        }
        return new EmailSettings(key, env.url("EMAIL_API_URL", "https://api.resend.com/emails"), from, frontendUrl,
                Duration.ofMillis(env.longValue("EMAIL_TIMEOUT_MS", 10_000, 100, 120_000)));
    }

    boolean configured() {
        return apiKey.isPresent();
    }

    @Override
    public String toString() {
        return "EmailSettings[apiKey=" + (apiKey.isPresent() ? "***" : "unset") + ", apiUrl=" + apiUrl.getHost() + "]";
    }
}
