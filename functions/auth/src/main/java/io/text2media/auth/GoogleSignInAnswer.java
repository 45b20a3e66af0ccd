package io.text2media.auth;

import io.text2media.shared.auth.JwtService;
import io.text2media.shared.auth.UserRecords;
import io.text2media.shared.http.JsonResponses;
import io.text2media.shared.http.Jsons;
import io.text2media.shared.http.RequestInfo;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.JsonObject;

/** The 200 of both Google flows: {@code {success, message:"Google登录成功", token, user}} (original-contract.md §4.6). */
final class GoogleSignInAnswer {
    private final JwtService jwt;

    GoogleSignInAnswer(JwtService jwt) {
        this.jwt = jwt;
    }

    /** {@code email}: the normalised address Google vouched for (the record's key). */
    void send(ServerRequest request, ServerResponse response, String email, JsonObject record) {
        String id = record.getString("id");
        RequestInfo.of(request).userId(id);
        JsonResponses.ok(response, Jsons.object()
                .add("success", true)
                .add("message", Messages.GOOGLE_LOGGED_IN)
                .add("token", jwt.issue(id, email, UserRecords.tokenVersion(record)))
                .add("user", UserViews.google(record))
                .build());
    }
}
