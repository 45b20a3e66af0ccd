package io.text2media.auth;

import io.text2media.shared.auth.Authentication;
import io.text2media.shared.auth.Authenticator;
import io.text2media.shared.auth.JwtService;
import io.text2media.shared.auth.UserRecords;
import io.text2media.shared.http.JsonResponses;
import io.text2media.shared.http.Jsons;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.JsonObjectBuilder;

/**
 * {@code GET /api/auth/validate} (original-contract.md §4.3; design.md §5.3, §5.4). Reading a token never writes: a
 * valid token whose user is gone is 401 {@code user_not_found} (the original recreated the user). A legacy token
 * (accepted only with {@code JWT_ALLOW_LEGACY=true}) is answered with a fresh standard token, as the original did.
 */
final class ValidateRoute {
    private final Authenticator authenticator;
    private final JwtService jwt;

    ValidateRoute(Authenticator authenticator, JwtService jwt) {
        this.authenticator = authenticator;
        this.jwt = jwt;
    }

    void handle(ServerRequest request, ServerResponse response) {
        Authentication auth = authenticator.authenticate(request);
        if (!auth.ok()) {
            throw TokenFailures.of(auth.status());
        }
        JsonObjectBuilder body = Jsons.object()
                .add("success", true)
                .add("user", UserViews.loggedIn(auth.user()));
        if (auth.claims().legacy()) {
            body.add("token", jwt.issue(auth.userId(), auth.claims().email(), UserRecords.tokenVersion(auth.user())));
        }
        JsonResponses.ok(response, body.build());
    }
}
