package io.text2media.prompt;

import io.text2media.shared.http.Jsons;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import jakarta.json.JsonObject;

import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/** A fake OpenAI-compatible chat completions server on loopback; each key gets its own behaviour. */
final class FakeLlm implements AutoCloseable {
    static final String PATH = "/v1/chat/completions";
    private final WireMockServer server;
    private final String path;

    FakeLlm() {
        this(PATH);
    }

    FakeLlm(String path) {
        this.path = path;
        // enough threads that a burst of slow answers never queues the fast ones behind them
        this.server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").containerThreads(64));
        server.start();
    }

    String baseUrl() {
        return server.baseUrl();
    }

    WireMockServer server() {
        return server;
    }

    /** The key answers a chat completion with this content and a usage object. */
    FakeLlm answers(String key, String content) {
        return respond(key, aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(completion(content)));
    }

    FakeLlm answersSlowly(String key, String content, int delayMillis) {
        return respond(key, aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(completion(content)).withFixedDelay(delayMillis));
    }

    FakeLlm status(String key, int status) {
        return respond(key, aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"UPSTREAM-SECRET-DETAIL for " + status + "\"}}"));
    }

    FakeLlm rateLimited(String key, String retryAfter) {
        ResponseDefinitionBuilder r = aResponse().withStatus(429).withBody("UPSTREAM-SECRET-DETAIL rate limit");
        if (retryAfter != null) {
            r.withHeader("Retry-After", retryAfter);
        }
        return respond(key, r);
    }

    FakeLlm body(String key, String contentType, String body) {
        return respond(key, aResponse().withStatus(200).withHeader("Content-Type", contentType).withBody(body));
    }

    FakeLlm drops(String key) {
        return respond(key, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
    }

    FakeLlm respond(String key, ResponseDefinitionBuilder response) {
        MappingBuilder mapping = post(urlPathEqualTo(path)).withHeader("Authorization", equalTo("Bearer " + key));
        server.stubFor(mapping.willReturn(response));
        return this;
    }

    /** Requests the key received. */
    int calls(String key) {
        return requests(key).size();
    }

    int calls() {
        return server.findAll(postRequestedFor(urlPathEqualTo(path))).size();
    }

    List<LoggedRequest> requests(String key) {
        return server.findAll(postRequestedFor(urlPathEqualTo(path)).withHeader("Authorization", equalTo("Bearer " + key)));
    }

    /** The JSON body of the last request the server received. */
    JsonObject lastBody() {
        List<LoggedRequest> all = server.findAll(postRequestedFor(urlPathEqualTo(path)));
        return Jsons.parseObject(all.getLast().getBodyAsString()).orElseThrow();
    }

    static String completion(String content) {
        return Jsons.text(Jsons.object()
                .add("id", "chatcmpl-1")
                .add("object", "chat.completion")
                .add("choices", Jsons.array().add(Jsons.object()
                        .add("index", 0)
                        .add("message", Jsons.object().add("role", "assistant").add("content", content))
                        .add("finish_reason", "stop")))
                .add("usage", Jsons.object().add("prompt_tokens", 120).add("completion_tokens", 35).add("total_tokens", 155))
                .build());
    }

    @Override
    public void close() {
        server.stop();
    }
}
