package io.text2media.auth;

import io.text2media.shared.auth.Authentication;
import io.text2media.shared.http.ApiException;

/**
 * The answers of {@code /validate} (and {@code /logout}) for a token that does not authenticate
 * (original-contract.md §4.3). New: {@code token_revoked} for a token issued before a logout or password reset,
 * with the original's "invalid or expired" text, since that is what the user should read.
 */
final class TokenFailures {

    private TokenFailures() {
    }

    static ApiException of(Authentication.Status status) {
        return switch (status) {
            case NO_TOKEN -> failure(Messages.NO_TOKEN, "no_authorization_token");
            case REVOKED -> failure(Messages.TOKEN_INVALID, "token_revoked");
            case USER_DISABLED -> failure(Messages.ACCOUNT_DISABLED, "user_disabled");
            case USER_NOT_FOUND -> failure(Messages.USER_NOT_FOUND, "user_not_found");
            case INVALID, OK -> failure(Messages.TOKEN_INVALID, "jwt_invalid_or_expired");
        };
    }

    private static ApiException failure(String message, String cause) {
        return ApiException.failure(401, cause, message).field("cause", cause);
    }
}
