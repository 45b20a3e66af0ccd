package io.text2media.auth;

import io.text2media.shared.http.Jsons;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import jakarta.json.JsonObject;

import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * Google's tokeninfo, token and userinfo endpoints on loopback, answering with Google's real shapes: tokeninfo's
 * string-typed claims, the token endpoint's {@code {"error","error_description"}}, userinfo v2's boolean
 * {@code verified_email}, and its nested error object.
 */
final class GoogleFake implements AutoCloseable {
    static final String CLIENT_ID = "432588178769-test.apps.googleusercontent.com";
    static final String CLIENT_SECRET = "GOCSPX-test-secret";
    static final String CALLBACK = "https://app.example.com/auth/google/callback";
    static final String TOKEN_PATH = "/token";
    static final String USERINFO_PATH = "/oauth2/v2/userinfo";
    private final WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

    GoogleFake() {
        server.start();
    }

    Map<String, String> env() {
        return Map.of(
                "GOOGLE_CLIENT_ID", CLIENT_ID,
                "GOOGLE_CLIENT_SECRET", CLIENT_SECRET,
                "FRONTEND_URL", "https://app.example.com/",
                "GOOGLE_TOKENINFO_URL", server.baseUrl() + "/tokeninfo",
                "GOOGLE_OAUTH_TOKEN_URL", server.baseUrl() + TOKEN_PATH,
                "GOOGLE_USERINFO_URL", server.baseUrl() + USERINFO_PATH,
                "GOOGLE_OAUTH_AUTH_URL", "https://accounts.example.test/o/oauth2/v2/auth",
                "GOOGLE_TIMEOUT_MS", "1000");
    }

    void reset() {
        server.resetAll();
    }

    static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=UTF-8").withBody(body);
    }

    /** tokeninfo's answer for a valid ID token (every claim a string, as Google sends them). */
    static JsonObject tokeninfo(String sub, String email, String name, String emailVerified) {
        return Jsons.object().add("iss", "https://accounts.google.com").add("azp", CLIENT_ID).add("aud", CLIENT_ID)
                .add("sub", sub).add("email", email).add("email_verified", emailVerified).add("nbf", "1700000000")
                .add("name", name).add("picture", "https://lh3.googleusercontent.com/a/" + sub)
                .add("given_name", name).add("family_name", "Test").add("locale", "zh-CN")
                .add("iat", "1700000300").add("exp", "1700003900").add("jti", "f1e2d3").add("alg", "RS256")
                .add("kid", "a1b2c3").add("typ", "JWT").build();
    }

    /** userinfo v2's answer. */
    static JsonObject userinfo(String id, String email, String name, boolean verified) {
        return Jsons.object().add("id", id).add("email", email).add("verified_email", verified).add("name", name)
                .add("given_name", name).add("family_name", "Test")
                .add("picture", "https://lh3.googleusercontent.com/a/" + id).add("locale", "en").build();
    }

    void idToken(String idToken, JsonObject claims) {
        idTokenAnswer(idToken, json(200, Jsons.text(claims)));
    }

    void idTokenAnswer(String idToken, ResponseDefinitionBuilder answer) {
        server.stubFor(get(urlPathEqualTo("/tokeninfo")).withQueryParam("id_token", equalTo(idToken)).willReturn(answer));
    }

    /** A code Google exchanges for an access token. */
    void code(String code, String accessToken) {
        codeAnswer(code, json(200, "{\"access_token\":\"" + accessToken + "\",\"expires_in\":3599,"
                + "\"scope\":\"openid https://www.googleapis.com/auth/userinfo.email\",\"token_type\":\"Bearer\","
                + "\"id_token\":\"eyJhbGciOiJSUzI1NiJ9.e30.sig\"}"));
    }

    void codeAnswer(String code, ResponseDefinitionBuilder answer) {
        server.stubFor(post(urlEqualTo(TOKEN_PATH)).withRequestBody(containing("code=" + code + "&")).willReturn(answer));
    }

    void user(String accessToken, JsonObject info) {
        userAnswer(accessToken, json(200, Jsons.text(info)));
    }

    void userAnswer(String accessToken, ResponseDefinitionBuilder answer) {
        server.stubFor(get(urlEqualTo(USERINFO_PATH)).withHeader("Authorization", equalTo("Bearer " + accessToken)).willReturn(answer));
    }

    /** A full code flow: the code gives an access token that reads this user. */
    void codeFor(String code, JsonObject info) {
        code(code, "ya29." + code);
        user("ya29." + code, info);
    }

    List<LoggedRequest> tokenRequests() {
        return server.findAll(postRequestedFor(urlEqualTo(TOKEN_PATH)));
    }

    List<LoggedRequest> tokeninfoRequests() {
        return server.findAll(getRequestedFor(urlPathEqualTo("/tokeninfo")));
    }

    @Override
    public void close() {
        server.stop();
    }
}
