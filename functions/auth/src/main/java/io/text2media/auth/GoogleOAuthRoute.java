package io.text2media.auth;

import io.text2media.shared.http.ApiException;
import io.text2media.shared.http.JsonBodies;
import io.text2media.shared.http.Jsons;
import io.text2media.shared.observe.Log;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.List;
import java.util.Optional;

/**
 * {@code POST /api/auth/google-oauth}, the authorization-code flow the UI uses (original-contract.md §4.7, §9.1;
 * design.md §5.7). Every failure is 401 with the original's message. New: a server-issued {@code state} is checked
 * (always, when {@code OAUTH_REQUIRE_STATE=true}); a client-chosen {@code redirectUri} must be on the allow-list; a
 * non-JSON error from Google gives the mapped message with null {@code google_*} fields (the original crashed into
 * its catch-all there).
 */
final class GoogleOAuthRoute {
    private static final Log LOG = Log.of(GoogleOAuthRoute.class);
    private static final int MAX_CODE_LENGTH = 2048;

    private final JsonBodies json;
    private final GoogleSettings settings;
    private final OAuthStates states;
    private final GoogleApi google;
    private final GoogleAccounts accounts;
    private final GoogleSignInAnswer answer;

    GoogleOAuthRoute(JsonBodies json, GoogleSettings settings, OAuthStates states, GoogleApi google,
                     GoogleAccounts accounts, GoogleSignInAnswer answer) {
        this.json = json;
        this.settings = settings;
        this.states = states;
        this.google = google;
        this.accounts = accounts;
        this.answer = answer;
    }

    void handle(ServerRequest request, ServerResponse response) {
        JsonObject body = json.read(request, Messages.GOOGLE_OAUTH_JSON);
        JsonValue code = body.get("code");
        if (!Jsons.truthy(code) || !(code instanceof JsonString codeText) || codeText.getString().length() > MAX_CODE_LENGTH) {
            throw ApiException.failure(401, "missing_code", Messages.MISSING_CODE);
        }
        List<String> configErrors = settings.codeFlowConfigErrors();
        if (!configErrors.isEmpty()) {
            JsonArrayBuilder list = Jsons.array();
            configErrors.forEach(list::add);
            throw ApiException.failure(401, "google_not_configured", Messages.CONFIG_ERROR).field("configErrors", list.build());
        }
        String redirectUri = RedirectUris.choose(settings, body.get("redirectUri"))
                .orElseThrow(() -> ApiException.failure(401, "redirect_uri_not_allowed", Messages.REDIRECT_MISMATCH));
        checkState(Jsons.string(body, "state").orElse(null), redirectUri);

        String accessToken = exchange(request, codeText.getString(), redirectUri);
        JsonObject info;
        try {
            info = google.userinfo(accessToken);
        } catch (GoogleCallException e) {
            LOG.warn("google_userinfo_failed", "status", e.status());
            // Google said no: the original's "could not read the user"; no answer at all: its catch-all.
            throw e.answered() ? ApiException.failure(401, "google_userinfo_failed", Messages.USERINFO_FAILED)
                    : loginFailed();
        }
        GoogleProfile profile = GoogleProfile.fromUserinfo(info)
                .orElseThrow(() -> ApiException.failure(401, "google_email_unverified", Messages.GOOGLE_EMAIL_UNVERIFIED));
        answer.send(request, response, profile.email(), accounts.signIn(profile));
    }

    private void checkState(String state, String redirectUri) {
        OAuthStates.Check check = states.check(state, redirectUri);
        if (check == OAuthStates.Check.INVALID || (check == OAuthStates.Check.FOREIGN && settings.requireState())) {
            LOG.warn("google_oauth_state_rejected", "reason", check.name().toLowerCase(java.util.Locale.ROOT));
            throw ApiException.failure(401, "invalid_state", Messages.STATE_INVALID);
        }
    }

    /** The single-use code for an access token, exactly one attempt. */
    private String exchange(ServerRequest request, String code, String redirectUri) {
        JsonObject tokens;
        try {
            tokens = google.exchangeCode(code, redirectUri);
        } catch (GoogleCallException e) {
            if (!e.answered()) {
                LOG.warn("google_token_exchange_failed", "reason", "no_answer");
                throw loginFailed();
            }
            Optional<String> error = e.error().flatMap(j -> Jsons.string(j, "error"));
            Optional<String> description = e.error().flatMap(j -> Jsons.string(j, "error_description"));
            RouteMetrics.extra(request).put("status", e.status()).put("google_error", error.orElse(null));
            LOG.warn("google_token_exchange_failed", "status", e.status(), "googleError", error.orElse(null));
            throw ApiException.failure(401, "google_token_exchange_failed", message(error.orElse("")))
                    .field("google_error", Jsons.string(error.orElse(null)))
                    .field("google_error_description", Jsons.string(description.orElse(null)))
                    .field("status", e.status());
        }
        RouteMetrics.extra(request).put("status", 200);
        return Jsons.string(tokens, "access_token").filter(t -> !t.isEmpty()).orElseThrow(() -> {
            LOG.warn("google_token_exchange_failed", "reason", "no_access_token");
            return loginFailed();
        });
    }

    /** The original's table of Google's token-endpoint errors. */
    static String message(String googleError) {
        return switch (googleError) {
            case "invalid_grant" -> Messages.GRANT_INVALID;
            case "redirect_uri_mismatch" -> Messages.REDIRECT_MISMATCH;
            case "invalid_client" -> Messages.CLIENT_INVALID;
            default -> Messages.GOOGLE_AUTH_FAILED;
        };
    }

    private static ApiException loginFailed() {
        return ApiException.failure(401, "google_login_failed", Messages.GOOGLE_LOGIN_FAILED);
    }
}
