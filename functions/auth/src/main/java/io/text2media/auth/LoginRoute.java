package io.text2media.auth;

import io.text2media.shared.http.IsoTimes;
import io.text2media.shared.auth.Emails;
import io.text2media.shared.auth.JwtService;
import io.text2media.shared.auth.PasswordHash;
import io.text2media.shared.auth.UserRecords;
import io.text2media.shared.http.ApiException;
import io.text2media.shared.http.JsonBodies;
import io.text2media.shared.http.JsonResponses;
import io.text2media.shared.http.Jsons;
import io.text2media.shared.http.RequestInfo;
import io.text2media.shared.observe.Log;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code POST /api/auth/login} (original-contract.md §4.2; design.md §5.1, §5.5, §5.8): case-insensitive, limited per
 * account, the password checked on the hashing pool; on success {@code lastLoginAt} is set, a legacy or weaker hash is
 * replaced, and an original mixed-case record moves to its normalised key.
 */
final class LoginRoute {
    private static final Log LOG = Log.of(LoginRoute.class);
    private final JsonBodies json;
    private final Accounts accounts;
    private final PasswordCheck passwords;
    private final PasswordPolicy policy;
    private final Throttles throttles;
    private final JwtService jwt;
    private final Clock clock;

    LoginRoute(JsonBodies json, Accounts accounts, PasswordCheck passwords, PasswordPolicy policy, Throttles throttles,
               JwtService jwt, Clock clock) {
        this.json = json;
        this.accounts = accounts;
        this.passwords = passwords;
        this.policy = policy;
        this.throttles = throttles;
        this.jwt = jwt;
        this.clock = clock;
    }

    void handle(ServerRequest request, ServerResponse response) {
        JsonObject body = json.read(request, Messages.LOGIN_JSON);
        JsonValue email = body.get("email");
        JsonValue password = body.get("password");
        if (!Jsons.truthy(email) || !Jsons.truthy(password)) {
            throw ApiException.failure(401, "missing_credentials", Messages.FILL_EMAIL_AND_PASSWORD);
        }
        if (!(email instanceof JsonString emailText) || !(password instanceof JsonString passwordText)) {
            throw wrongCredentials();
        }
        policy.checkNotTooLong(passwordText.getString());
        String key = Emails.normalize(emailText.getString());
        if (key.length() > 254) {
            throw wrongCredentials(); // no account can have it
        }

        throttles.loginAttempt(key);
        Optional<JsonObject> found = accounts.find(key);
        if (found.isEmpty()) {
            LOG.info("login_failed", "email", key, "reason", "unknown");
            throw wrongCredentials();
        }
        JsonObject record = found.get();
        PasswordCheck.Result check = passwords.verify(passwordText.getString(), record);
        if (!check.matches()) {
            LOG.info("login_failed", "email", key, "reason", "password");
            throw wrongCredentials();
        }
        throttles.loginSucceeded(key);
        if (!UserRecords.isActive(record)) {
            throw disabled(); // checked after the password, as the original: it tells nothing to a guesser
        }

        JsonValue verifiedHash = record.get("passwordHash");
        JsonObject updated = accounts.update(key, current -> {
            if (!UserRecords.isActive(current)) {
                throw disabled();
            }
            JsonObjectBuilder next = Jsons.object(current).add("lastLoginAt", IsoTimes.format(clock.instant()));
            Optional<PasswordHash> rehash = check.rehash();
            // Only over the hash we verified: a reset that landed meanwhile wins.
            if (rehash.isPresent() && Objects.equals(verifiedHash, current.get("passwordHash"))) {
                rehash.get().writeTo(next).add("passwordUpdatedAt", IsoTimes.format(clock.instant()));
            }
            return next.build();
        }).orElseThrow(LoginRoute::wrongCredentials);

        String id = Jsons.string(updated, "id").orElseThrow(LoginRoute::wrongCredentials);
        RequestInfo.of(request).userId(id);
        JsonResponses.ok(response, Jsons.object()
                .add("success", true)
                .add("message", Messages.LOGGED_IN)
                .add("token", jwt.issue(id, key, UserRecords.tokenVersion(updated)))
                .add("user", UserViews.loggedIn(updated))
                .build());
    }

    private static ApiException wrongCredentials() {
        return ApiException.failure(401, "invalid_credentials", Messages.WRONG_CREDENTIALS);
    }

    private static ApiException disabled() {
        return ApiException.failure(401, "user_disabled", Messages.ACCOUNT_DISABLED);
    }
}
