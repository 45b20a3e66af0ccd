package io.text2media.auth;

import io.text2media.shared.http.IsoTimes;
import io.text2media.shared.auth.PasswordHash;
import io.text2media.shared.auth.UserRecords;
import io.text2media.shared.http.ApiException;
import io.text2media.shared.http.JsonBodies;
import io.text2media.shared.http.JsonResponses;
import io.text2media.shared.http.Jsons;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.time.Clock;
import java.util.Optional;

/**
 * {@code POST /api/auth/reset-password} (original-contract.md §4.5; design.md §5.6). The token is consumed atomically
 * (one winner among parallel uses); the new password is hashed on the pool before that, so a busy pool leaves the
 * link usable. A reset bumps {@code tokenVersion} (every session ends), marks the email verified (the link proved the
 * mailbox) and forgives the account's failed logins.
 */
final class ResetPasswordRoute {
    private final JsonBodies json;
    private final Accounts accounts;
    private final PasswordCheck passwords;
    private final PasswordPolicy policy;
    private final ResetTokens tokens;
    private final Throttles throttles;
    private final Clock clock;

    ResetPasswordRoute(JsonBodies json, Accounts accounts, PasswordCheck passwords, PasswordPolicy policy,
                       ResetTokens tokens, Throttles throttles, Clock clock) {
        this.json = json;
        this.accounts = accounts;
        this.passwords = passwords;
        this.policy = policy;
        this.tokens = tokens;
        this.throttles = throttles;
        this.clock = clock;
    }

    void handle(ServerRequest request, ServerResponse response) {
        JsonObject body = json.read(request, Messages.RESET_JSON);
        JsonValue token = body.get("token");
        JsonValue newPassword = body.get("newPassword");
        if (!Jsons.truthy(token) || !Jsons.truthy(newPassword)) {
            throw ApiException.failure(400, "missing_params", Messages.MISSING_PARAMS);
        }
        if (!(token instanceof JsonString tokenText)) {
            throw invalidLink();
        }
        if (!(newPassword instanceof JsonString passwordText)) {
            throw ApiException.failure(400, "reset_failed", Messages.RESET_FAILED); // the original's answer: it threw
        }
        policy.checkNew(passwordText.getString());

        ResetTokens.Pending pending = tokens.find(tokenText.getString()).orElseThrow(ResetPasswordRoute::invalidLink);
        if (pending.used()) {
            throw used();
        }
        String email = pending.email().orElseThrow(ResetPasswordRoute::invalidLink);
        Optional<String> userId = pending.userId();
        Optional<JsonObject> account = accounts.find(email);
        if (account.isEmpty() || !sameAccount(account.get(), userId)) {
            throw userNotFound();
        }

        PasswordHash hash = passwords.hash(passwordText.getString());
        if (!tokens.consume(pending)) {
            throw used();
        }
        String now = IsoTimes.format(clock.instant());
        accounts.update(email, current -> {
            if (!sameAccount(current, userId)) {
                throw userNotFound();
            }
            return hash.writeTo(Jsons.object(current))
                    .add("passwordUpdatedAt", now)
                    .add("updatedAt", now)
                    .add("emailVerified", true)
                    .add("tokenVersion", UserRecords.tokenVersion(current) + 1)
                    .build();
        }).orElseThrow(ResetPasswordRoute::userNotFound);
        throttles.loginSucceeded(email);
        JsonResponses.ok(response, Jsons.object()
                .add("success", true)
                .add("message", Messages.RESET_DONE)
                .build());
    }

    /** The link was issued for this account, not for one deleted and re-registered under the address since. */
    private static boolean sameAccount(JsonObject record, Optional<String> userId) {
        return userId.isEmpty() || userId.get().equals(Jsons.stringOr(record, "id", null));
    }

    private static ApiException invalidLink() {
        return ApiException.failure(400, "reset_token_invalid", Messages.RESET_LINK_INVALID);
    }

    private static ApiException used() {
        return ApiException.failure(400, "reset_token_used", Messages.RESET_LINK_USED);
    }

    private static ApiException userNotFound() {
        return ApiException.failure(400, "user_not_found", Messages.USER_NOT_FOUND);
    }
}
