package io.text2media.auth;

import io.text2media.shared.config.Env;
import io.text2media.shared.config.SettingsException;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Google sign-in (original-contract.md §4.6, §4.7, §9; design.md §5.7). The original's variables keep their names and
 * meaning; every Google endpoint is configurable so that tests (and proxies) can stand in for Google.
 *
 * @param clientId          GOOGLE_CLIENT_ID
 * @param clientSecret      GOOGLE_CLIENT_SECRET, else GOOGLE_CLIENT_SECRET_NEW (the original's fallback)
 * @param defaultRedirectUri GOOGLE_REDIRECT_URI, else FRONTEND_URL + /auth/google/callback, else the first allowed one
 * @param allowedRedirectUris the default plus GOOGLE_REDIRECT_URIS: the only values a client may ask for
 * @param timeout           one call to Google (GOOGLE_TIMEOUT_MS); a slow Google never holds a request longer
 * @param requireState      OAUTH_REQUIRE_STATE: refuse code logins without a server-issued state
 */
public record GoogleSettings(Optional<String> clientId,
                             Optional<String> clientSecret,
                             Optional<String> defaultRedirectUri,
                             Set<String> allowedRedirectUris,
                             URI authUrl,
                             URI tokenUrl,
                             URI tokeninfoUrl,
                             URI userinfoUrl,
                             Duration timeout,
                             boolean requireState) {

    static final String CALLBACK_PATH = "/auth/google/callback";

    static GoogleSettings from(Env env, Optional<String> frontendUrl) {
        List<String> extra = new ArrayList<>();
        for (String uri : env.list("GOOGLE_REDIRECT_URIS", List.of())) {
            extra.add(checkedUrl("GOOGLE_REDIRECT_URIS", uri));
        }
        Optional<String> configured = env.optional("GOOGLE_REDIRECT_URI").map(u -> checkedUrl("GOOGLE_REDIRECT_URI", u));
        Optional<String> fallback = configured.isPresent() ? configured
                : frontendUrl.map(f -> f + CALLBACK_PATH).or(() -> extra.stream().findFirst());
        Set<String> allowed = new LinkedHashSet<>();
        fallback.ifPresent(allowed::add);
        allowed.addAll(extra);
        return new GoogleSettings(
                env.optional("GOOGLE_CLIENT_ID"),
                env.firstOf("GOOGLE_CLIENT_SECRET", "GOOGLE_CLIENT_SECRET_NEW"),
                fallback,
                Set.copyOf(allowed),
                env.url("GOOGLE_OAUTH_AUTH_URL", "https://accounts.google.com/o/oauth2/v2/auth"),
                env.url("GOOGLE_OAUTH_TOKEN_URL", "https://oauth2.googleapis.com/token"),
                env.url("GOOGLE_TOKENINFO_URL", "https://oauth2.googleapis.com/tokeninfo"),
                env.url("GOOGLE_USERINFO_URL", "https://www.googleapis.com/oauth2/v2/userinfo"),
                Duration.ofMillis(env.longValue("GOOGLE_TIMEOUT_MS", 10_000, 100, 120_000)),
                env.bool("OAUTH_REQUIRE_STATE", false));
    }

    /** The original's config errors of google-oauth, in its order and wording. */
    List<String> codeFlowConfigErrors() {
        List<String> errors = new ArrayList<>();
        if (clientId.isEmpty()) {
            errors.add("GOOGLE_CLIENT_ID 未配置");
        }
        if (clientSecret.isEmpty()) {
            errors.add("GOOGLE_CLIENT_SECRET 未配置");
        }
        if (defaultRedirectUri.isEmpty()) {
            errors.add("GOOGLE_REDIRECT_URI 未配置，且 FRONTEND_URL 也为空");
        }
        return errors;
    }

    private static String checkedUrl(String variable, String value) {
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return value;
            }
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        throw new SettingsException(variable, "must hold absolute http:// or https:// URLs");
    }

    @Override
    public String toString() {
        return "GoogleSettings[clientId=" + clientId.isPresent() + ", clientSecret=" + (clientSecret.isPresent() ? "***" : "unset")
                + ", redirectUris=" + allowedRedirectUris + ", requireState=" + requireState + "]";
    }
}
