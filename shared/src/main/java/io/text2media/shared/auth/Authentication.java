package io.text2media.shared.auth;

import io.text2media.shared.store.KvEntry;

import jakarta.json.JsonObject;

/**
 * The outcome of reading a request's token. Reading never writes: a valid token whose user is gone is
 * {@link Status#USER_NOT_FOUND}, not a recreated user.
 */
public record Authentication(Status status, TokenClaims claims, KvEntry entry, JsonObject user) {

    public enum Status {
        OK,
        NO_TOKEN,
        INVALID,
        REVOKED,
        USER_DISABLED,
        USER_NOT_FOUND
    }

    public boolean ok() {
        return status == Status.OK;
    }

    public String userId() {
        return claims == null ? null : claims.userId();
    }

    static Authentication failed(Status status, TokenClaims claims) {
        return new Authentication(status, claims, null, null);
    }
}
