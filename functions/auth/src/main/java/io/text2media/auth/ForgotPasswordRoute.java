package io.text2media.auth;

import io.text2media.shared.auth.Emails;
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

import java.util.Optional;

/**
 * {@code POST /api/auth/forgot-password} (original-contract.md §4.4; design.md §5.6). Every valid request gets the
 * same 200 and the same message, whether the address has an account or not (the original's wording for a known
 * address); the email goes out in the background. Limited per client and per address.
 */
final class ForgotPasswordRoute {
    private final JsonBodies json;
    private final Accounts accounts;
    private final Throttles throttles;
    private final ResetTokens tokens;
    private final ResetMailer mailer;

    ForgotPasswordRoute(JsonBodies json, Accounts accounts, Throttles throttles, ResetTokens tokens, ResetMailer mailer) {
        this.json = json;
        this.accounts = accounts;
        this.throttles = throttles;
        this.tokens = tokens;
        this.mailer = mailer;
    }

    void handle(ServerRequest request, ServerResponse response) {
        JsonObject body = json.read(request, Messages.FORGOT_JSON);
        JsonValue email = body.get("email");
        if (!Jsons.truthy(email)) {
            throw ApiException.failure(400, "missing_email", Messages.ENTER_EMAIL);
        }
        if (!(email instanceof JsonString emailText) || !Emails.isValid(emailText.getString().strip())) {
            // Checked after trimming: the address is stored trimmed, so " a@b.co " is a@b.co (the original refused it).
            throw ApiException.failure(400, "invalid_email", Messages.BAD_EMAIL);
        }
        String key = Emails.normalize(emailText.getString());
        throttles.forgotPassword(RequestInfo.of(request).clientIp(), key);

        Optional<JsonObject> account = accounts.find(key);
        Optional<String> userId = account.flatMap(a -> Jsons.string(a, "id"));
        if (userId.isPresent()) {
            mailer.sendLater(key, tokens.issue(key, userId.get()));
        }
        JsonResponses.ok(response, Jsons.object()
                .add("success", true)
                .add("message", Messages.RESET_LINK_SENT)
                .build());
    }
}
