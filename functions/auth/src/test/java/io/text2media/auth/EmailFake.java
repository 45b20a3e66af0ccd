package io.text2media.auth;

import io.text2media.shared.http.Jsons;
import io.text2media.shared.testing.Waits;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import jakarta.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/** A Resend-compatible email API on loopback: answers as Resend does ({@code {"id":...}}, or its error JSON). */
final class EmailFake implements AutoCloseable {
    static final String API_KEY = "re_test_0123456789";
    static final String FRONTEND = "https://app.example.com";
    private static final Pattern LINK = Pattern.compile("https://app\\.example\\.com/reset-password\\?token=([^\"&<]+)");
    private final WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

    EmailFake() {
        server.start();
        accept();
    }

    /** The environment that points the auth function here. */
    Map<String, String> env() {
        return Map.of("EMAIL_API_URL", server.baseUrl() + "/emails", "RESEND_API_KEY", API_KEY,
                "FRONTEND_URL", FRONTEND + "/", "EMAIL_TIMEOUT_MS", "1000");
    }

    void accept() {
        server.resetAll();
        server.stubFor(post(urlEqualTo("/emails")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"49a3999c-0ce1-4ea6-ab68-afcd6dc2e794\"}")));
    }

    void answer(int status, String json) {
        server.resetAll();
        server.stubFor(post(urlEqualTo("/emails")).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(json)));
    }

    void slow(int delayMillis) {
        server.resetAll();
        server.stubFor(post(urlEqualTo("/emails")).willReturn(aResponse().withStatus(200).withFixedDelay(delayMillis)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"late\"}")));
    }

    /** The connection breaks instead of an answer. */
    void fail(Fault fault) {
        server.resetAll();
        server.stubFor(post(urlEqualTo("/emails")).willReturn(aResponse().withFault(fault)));
    }

    List<LoggedRequest> requests() {
        return server.findAll(postRequestedFor(urlEqualTo("/emails")));
    }

    /** Waits for the n-th request and returns its JSON body. */
    JsonObject awaitEmail(int n) {
        Waits.until(n + " email(s) sent", 15_000, () -> requests().size() >= n);
        return Jsons.parseObject(requests().get(n - 1).getBodyAsString()).orElseThrow();
    }

    /** The reset token in an email's link. */
    static String tokenIn(JsonObject email) {
        Matcher m = LINK.matcher(email.getString("html"));
        if (!m.find()) {
            throw new AssertionError("no reset link in " + email);
        }
        return java.net.URLDecoder.decode(m.group(1), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop();
    }
}
