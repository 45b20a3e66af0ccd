package io.text2media.auth;

import io.text2media.shared.http.IsoTimes;
import io.text2media.shared.auth.Emails;
import io.text2media.shared.auth.JwtService;
import io.text2media.shared.auth.PasswordHash;
import io.text2media.shared.http.ApiException;
import io.text2media.shared.http.JsonBodies;
import io.text2media.shared.http.JsonResponses;
import io.text2media.shared.http.Jsons;
import io.text2media.shared.http.RequestInfo;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.time.Clock;

/**
 * {@code POST /api/auth/register} (original-contract.md §4.1; design.md §5.1, §5.2). The record is written last, with
 * put-if-absent under the normalised email, after the hash and the token exist: of N racing registrations exactly one
 * is 201, and an error answer never leaves an account behind.
 */
final class RegisterRoute {
    private final JsonBodies json;
    private final Accounts accounts;
    private final PasswordCheck passwords;
    private final PasswordPolicy policy;
    private final JwtService jwt;
    private final Clock clock;

    RegisterRoute(JsonBodies json, Accounts accounts, PasswordCheck passwords, PasswordPolicy policy, JwtService jwt, Clock clock) {
        this.json = json;
        this.accounts = accounts;
        this.passwords = passwords;
        this.policy = policy;
        this.jwt = jwt;
        this.clock = clock;
    }

    void handle(ServerRequest request, ServerResponse response) {
        JsonObject body = json.read(request, Messages.REGISTER_JSON);
        JsonValue username = body.get("username");
        JsonValue email = body.get("email");
        JsonValue password = body.get("password");
        if (!Jsons.truthy(username) || !Jsons.truthy(email) || !Jsons.truthy(password)) {
            throw ApiException.failure(400, "missing_fields", Messages.FILL_ALL_FIELDS);
        }
        if (!(email instanceof JsonString emailText) || !Emails.isValid(emailText.getString().strip())) {
            // Checked after trimming: the address is stored trimmed, so " a@b.co " is a@b.co (the original refused it).
            throw ApiException.failure(400, "invalid_email", Messages.BAD_EMAIL);
        }
        // The original threw on a non-string password or username and answered its catch-all.
        if (!(password instanceof JsonString passwordText)) {
            throw ApiException.failure(400, "invalid_password", Messages.REGISTER_FAILED);
        }
        policy.checkNew(passwordText.getString());
        if (!(username instanceof JsonString usernameText)) {
            throw ApiException.failure(400, "invalid_username", Messages.REGISTER_FAILED);
        }
        String name = Usernames.check(usernameText.getString());
        String key = Emails.normalize(emailText.getString());
        if (accounts.find(key).isPresent()) {
            throw taken(); // cheap early answer; the put-if-absent below is what decides a race
        }

        PasswordHash hash = passwords.hash(passwordText.getString());
        String id = Ids.userId();
        String now = IsoTimes.format(clock.instant());
        JsonObject record = hash.writeTo(Jsons.object()
                        .add("id", id)
                        .add("username", name)
                        .add("email", key))
                .add("createdAt", now)
                .add("lastLoginAt", JsonValue.NULL)
                .add("passwordUpdatedAt", now)
                .add("isActive", true)
                .add("emailVerified", false)
                .add("tokenVersion", 0)
                .build();
        String token = jwt.issue(id, key, 0); // before the write: a failure here must not leave an account
        if (!accounts.create(key, record)) {
            throw taken();
        }
        RequestInfo.of(request).userId(id);
        JsonResponses.created(response, Jsons.object()
                .add("success", true)
                .add("message", Messages.REGISTERED)
                .add("token", token)
                .add("user", UserViews.registered(record))
                .build());
    }

    private static ApiException taken() {
        return ApiException.failure(400, "email_taken", Messages.EMAIL_TAKEN);
    }
}
