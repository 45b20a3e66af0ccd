package io.text2media.auth;

import io.text2media.shared.auth.Authentication;
import io.text2media.shared.auth.Authenticator;
import io.text2media.shared.auth.UserRecords;
import io.text2media.shared.http.JsonResponses;
import io.text2media.shared.http.Jsons;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code POST /api/auth/logout} (new, design.md §5.4): with a valid token, bumps the account's {@code tokenVersion},
 * so this token and every other one issued before stop validating (all devices are logged out: tokens are
 * stateless, a single one cannot be revoked alone). A token that does not validate gets validate's 401 answers.
 */
final class LogoutRoute {
    private final Authenticator authenticator;
    private final Accounts accounts;

    LogoutRoute(Authenticator authenticator, Accounts accounts) {
        this.authenticator = authenticator;
        this.accounts = accounts;
    }

    void handle(ServerRequest request, ServerResponse response) {
        Authentication auth = authenticator.authenticate(request);
        if (!auth.ok()) {
            throw TokenFailures.of(auth.status());
        }
        long version = UserRecords.tokenVersion(auth.user());
        accounts.update(auth.claims().email(), current -> {
            if (!auth.userId().equals(Jsons.stringOr(current, "id", null)) || UserRecords.tokenVersion(current) != version) {
                throw TokenFailures.of(Authentication.Status.REVOKED); // someone logged out or reset meanwhile
            }
            return Jsons.object(current).add("tokenVersion", version + 1).build();
        }).orElseThrow(() -> TokenFailures.of(Authentication.Status.USER_NOT_FOUND));
        JsonResponses.ok(response, Jsons.object()
                .add("success", true)
                .add("message", Messages.LOGGED_OUT)
                .build());
    }
}
