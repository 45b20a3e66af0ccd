package io.text2media.auth;

import io.text2media.shared.http.ApiException;
import io.text2media.shared.http.JsonBodies;
import io.text2media.shared.http.Jsons;
import io.text2media.shared.observe.Log;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * {@code POST /api/auth/google-login}, the ID-token flow (original-contract.md §4.6, §9.2): tokeninfo must answer 2xx
 * with {@code aud} = {@code GOOGLE_CLIENT_ID} and a verified email. Every failure is 401, as the original's.
 */
final class GoogleLoginRoute {
    private static final Log LOG = Log.of(GoogleLoginRoute.class);
    /** Google ID tokens are about 1 KB; anything far longer is not one. */
    private static final int MAX_ID_TOKEN_LENGTH = 8192;

    private final JsonBodies json;
    private final GoogleSettings settings;
    private final GoogleApi google;
    private final GoogleAccounts accounts;
    private final GoogleSignInAnswer answer;

    GoogleLoginRoute(JsonBodies json, GoogleSettings settings, GoogleApi google, GoogleAccounts accounts, GoogleSignInAnswer answer) {
        this.json = json;
        this.settings = settings;
        this.google = google;
        this.accounts = accounts;
        this.answer = answer;
    }

    void handle(ServerRequest request, ServerResponse response) {
        JsonObject body = json.read(request, Messages.GOOGLE_LOGIN_JSON);
        JsonValue idToken = body.get("idToken");
        if (!Jsons.truthy(idToken)) {
            throw ApiException.failure(401, "missing_id_token", Messages.MISSING_ID_TOKEN);
        }
        if (settings.clientId().isEmpty()) {
            throw ApiException.failure(401, "google_not_configured", Messages.CONFIG_ERROR)
                    .field("configErrors", Jsons.array().add("GOOGLE_CLIENT_ID 未配置").build());
        }
        if (!(idToken instanceof JsonString tokenText) || tokenText.getString().length() > MAX_ID_TOKEN_LENGTH) {
            throw verificationFailed();
        }
        JsonObject info;
        try {
            info = google.tokeninfo(tokenText.getString());
        } catch (GoogleCallException e) {
            LOG.warn("google_tokeninfo_failed", "status", e.status());
            throw verificationFailed();
        }
        if (!settings.clientId().get().equals(Jsons.stringOr(info, "aud", null))) {
            LOG.warn("google_tokeninfo_failed", "reason", "audience");
            throw verificationFailed();
        }
        GoogleProfile profile = GoogleProfile.fromTokeninfo(info)
                .orElseThrow(() -> ApiException.failure(401, "google_email_unverified", Messages.GOOGLE_EMAIL_UNVERIFIED));
        answer.send(request, response, profile.email(), accounts.signIn(profile));
    }

    private static ApiException verificationFailed() {
        return ApiException.failure(401, "google_verification_failed", Messages.GOOGLE_VERIFY_FAILED);
    }
}
