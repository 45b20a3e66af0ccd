package io.text2media.auth;

import io.text2media.shared.http.ApiException;
import io.text2media.shared.http.JsonResponses;
import io.text2media.shared.http.Jsons;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.JsonArrayBuilder;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code GET /api/auth/google/authorize-url[?redirectUri=...]} (new, design.md §5.7): Google's authorization URL with
 * the client id, the redirect URI and a fresh server-signed {@code state}, so the frontend needs neither a
 * hard-coded client id nor its own state. Answers {@code {success, url, state, redirectUri, expiresIn}}.
 */
final class AuthorizeUrlRoute {
    private final GoogleSettings settings;
    private final OAuthStates states;

    AuthorizeUrlRoute(GoogleSettings settings, OAuthStates states) {
        this.settings = settings;
        this.states = states;
    }

    void handle(ServerRequest request, ServerResponse response) {
        if (settings.clientId().isEmpty() || settings.defaultRedirectUri().isEmpty()) {
            JsonArrayBuilder errors = Jsons.array();
            if (settings.clientId().isEmpty()) {
                errors.add("GOOGLE_CLIENT_ID 未配置");
            }
            if (settings.defaultRedirectUri().isEmpty()) {
                errors.add("GOOGLE_REDIRECT_URI 未配置，且 FRONTEND_URL 也为空");
            }
            throw ApiException.failure(503, "google_not_configured", Messages.CONFIG_ERROR).field("configErrors", errors.build());
        }
        Optional<String> asked = request.query().first("redirectUri").asOptional();
        String redirectUri = RedirectUris.choose(settings, asked.map(Jsons::string).orElse(null))
                .orElseThrow(() -> ApiException.failure(400, "redirect_uri_not_allowed", Messages.REDIRECT_MISMATCH));
        String state = states.issue(redirectUri);
        String base = settings.authUrl().toString();
        String url = base + (settings.authUrl().getRawQuery() == null ? "?" : "&")
                + "client_id=" + encode(settings.clientId().get())
                + "&redirect_uri=" + encode(redirectUri)
                + "&response_type=code"
                + "&scope=" + encode("openid email profile")
                + "&prompt=select_account"
                + "&state=" + encode(state);
        JsonResponses.ok(response, Jsons.object()
                .add("success", true)
                .add("url", url)
                .add("state", state)
                .add("redirectUri", redirectUri)
                .add("expiresIn", OAuthStates.TTL.toSeconds())
                .build());
    }

    private static String encode(String value) {
        // URLEncoder writes spaces as '+', which Google reads as spaces in a query: fine, but %20 is the safer form.
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
