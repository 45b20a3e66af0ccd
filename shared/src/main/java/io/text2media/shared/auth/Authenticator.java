package io.text2media.shared.auth;

import io.text2media.shared.http.ApiException;
import io.text2media.shared.http.Jsons;
import io.text2media.shared.http.RequestInfo;
import io.text2media.shared.store.KvEntry;

import io.helidon.webserver.http.ServerRequest;

import jakarta.json.JsonObject;

import java.util.Optional;

/**
 * Turns a request's token into a user: extract (original-contract.md §3), verify (HS256, exp), load the record by the
 * token's email, and check that the record is the token's user ({@code id}), that the token version is current and
 * that the account is active. Used by every function that has logged-in behaviour.
 */
public final class Authenticator {
    /** The feedback and image-locker routes' answer for a missing or bad token. */
    public static final String LOGIN_REQUIRED = "需要登录";

    private final JwtService jwt;
    private final UserRecords users;

    public Authenticator(JwtService jwt, UserRecords users) {
        this.jwt = jwt;
        this.users = users;
    }

    public JwtService jwt() {
        return jwt;
    }

    public UserRecords users() {
        return users;
    }

    public Authentication authenticate(ServerRequest request) {
        Optional<String> token = TokenExtractor.extract(request.headers());
        if (token.isEmpty()) {
            return Authentication.failed(Authentication.Status.NO_TOKEN, null);
        }
        Authentication result = authenticate(token.get());
        if (result.ok()) {
            RequestInfo.of(request).userId(result.userId());
        }
        return result;
    }

    public Authentication authenticate(String token) {
        Optional<TokenClaims> claims = jwt.verify(token);
        if (claims.isEmpty()) {
            return Authentication.failed(Authentication.Status.INVALID, null);
        }
        TokenClaims c = claims.get();
        Optional<KvEntry> entry = users.find(c.email());
        Optional<JsonObject> record = entry.flatMap(KvEntry::json);
        if (record.isEmpty() || !c.userId().equals(Jsons.stringOr(record.get(), "id", null))) {
            return Authentication.failed(Authentication.Status.USER_NOT_FOUND, c);
        }
        // Legacy tokens carry no version (0): once logout or a reset bumped the record, they are revoked too.
        if (c.tokenVersion() != UserRecords.tokenVersion(record.get())) {
            return Authentication.failed(Authentication.Status.REVOKED, c);
        }
        if (!UserRecords.isActive(record.get())) {
            return Authentication.failed(Authentication.Status.USER_DISABLED, c);
        }
        return new Authentication(Authentication.Status.OK, c, entry.get(), record.get());
    }

    /** The logged-in user, or 401 {@code {"error":"需要登录"}} (the feedback and image routes' answer). */
    public Authentication require(ServerRequest request) {
        Authentication auth = authenticate(request);
        if (!auth.ok()) {
            throw ApiException.error(401, "login_required", LOGIN_REQUIRED);
        }
        return auth;
    }

    /** The logged-in user if the token is good; anonymous otherwise (an invalid token is not an error here). */
    public Optional<Authentication> optional(ServerRequest request) {
        Authentication auth = authenticate(request);
        return auth.ok() ? Optional.of(auth) : Optional.empty();
    }
}
