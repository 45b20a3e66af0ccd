package io.text2media.auth;

import io.text2media.shared.http.Jsons;
import io.text2media.shared.upstream.RetryPolicy;
import io.text2media.shared.upstream.UpstreamClient;
import io.text2media.shared.upstream.UpstreamException;
import io.text2media.shared.upstream.UpstreamRequest;
import io.text2media.shared.upstream.UpstreamResponse;
import io.text2media.shared.upstream.Upstreams;

import jakarta.json.JsonObject;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Google's three endpoints (original-contract.md §9, §14.3), each call bounded by {@code GOOGLE_TIMEOUT_MS}. The
 * code exchange is attempted exactly once (an authorization code is single-use: a retry could only fail or, worse,
 * race the first attempt); the two reads may be retried once on a quick 5xx within the same bound. Every result is
 * a JSON object, or a {@link GoogleCallException}.
 */
final class GoogleApi {
    private static final long MAX_ANSWER_BYTES = 256 * 1024;
    private final GoogleSettings settings;
    private final UpstreamClient tokeninfo;
    private final UpstreamClient token;
    private final UpstreamClient userinfo;

    GoogleApi(GoogleSettings settings, Upstreams upstreams) {
        this.settings = settings;
        Duration t = settings.timeout();
        RetryPolicy read = new RetryPolicy(2, Duration.ofMillis(100), t, t);
        this.tokeninfo = upstreams.client("google-tokeninfo", read);
        this.token = upstreams.client("google-token", new RetryPolicy(1, Duration.ZERO, t, t));
        this.userinfo = upstreams.client("google-userinfo", read);
    }

    /** {@code GET tokeninfo?id_token=...} (URL-encoded, unlike the original). */
    JsonObject tokeninfo(String idToken) {
        URI base = settings.tokeninfoUrl();
        String sep = base.getRawQuery() == null ? "?" : "&";
        URI uri = URI.create(base + sep + "id_token=" + encode(idToken));
        return call(tokeninfo, UpstreamRequest.get(uri));
    }

    /** {@code POST token} with the original's form fields in its order; the answer holds {@code access_token}. */
    JsonObject exchangeCode(String code, String redirectUri) {
        String form = "client_id=" + encode(settings.clientId().orElseThrow())
                + "&client_secret=" + encode(settings.clientSecret().orElseThrow())
                + "&code=" + encode(code)
                + "&grant_type=authorization_code"
                + "&redirect_uri=" + encode(redirectUri);
        UpstreamRequest request = UpstreamRequest.post(settings.tokenUrl(), "application/x-www-form-urlencoded",
                form.getBytes(StandardCharsets.UTF_8)).header("Accept", "application/json");
        return call(token, request);
    }

    /** {@code GET userinfo} with the access token. */
    JsonObject userinfo(String accessToken) {
        return call(userinfo, UpstreamRequest.get(settings.userinfoUrl()).header("Authorization", "Bearer " + accessToken));
    }

    private static JsonObject call(UpstreamClient client, UpstreamRequest request) {
        try (UpstreamResponse response = client.send(request)) {
            Optional<JsonObject> body = read(response);
            if (!response.isSuccess()) {
                throw new GoogleCallException(client.name() + " answered " + response.status(), response.status(), body.orElse(null));
            }
            return body.orElseThrow(() -> new GoogleCallException(client.name() + " answered no JSON object", 0, null));
        } catch (UpstreamException e) {
            // 5xx after the attempts (Google answered, the body is not kept), or no answer at all.
            throw new GoogleCallException(client.name() + ": " + e.kind(), e.lastStatus(), null);
        }
    }

    private static Optional<JsonObject> read(UpstreamResponse response) {
        try {
            return Jsons.parseObject(response.text(MAX_ANSWER_BYTES));
        } catch (UpstreamException e) {
            throw e; // the body did not arrive within the deadline: no answer at all
        } catch (RuntimeException e) {
            return Optional.empty(); // cut off, too large or unreadable: the same as no JSON
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
