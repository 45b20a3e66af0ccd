package io.text2media.prompt;

import io.text2media.shared.http.ApiException;
import io.text2media.shared.http.RequestInfo;

import io.helidon.webserver.http.ServerRequest;

import java.time.Duration;

/**
 * One LLM call on behalf of a request: runs it through the {@link ChatClient} and writes what the request log needs
 * into the request's {@link RequestInfo}: upstream {@code deepseek}, the model, the key's alias (never the key), the
 * attempts and the token usage the upstream reported. On a failure: the last key tried and the attempts made.
 */
final class LlmCalls {
    private final ChatClient chat;

    LlmCalls(ChatClient chat) {
        this.chat = chat;
    }

    String model() {
        return chat.model();
    }

    ChatAnswer ask(ServerRequest request, ChatRequest chatRequest) {
        RequestInfo info = RequestInfo.of(request);
        info.upstream(ChatClient.UPSTREAM, chat.model(), null);
        long start = System.nanoTime();
        try {
            ChatAnswer answer = chat.complete(chatRequest);
            info.keyAlias(answer.keyAlias());
            info.addAttempts(answer.attempts());
            info.tokens(answer.promptTokens(), answer.completionTokens(), answer.totalTokens());
            return answer;
        } catch (LlmFailure failure) {
            // which key failed matters most on a failure: operators look for the key behind an error rate
            info.keyAlias(failure.keyAlias());
            info.addAttempts(failure.attempts());
            throw failure;
        } finally {
            info.addUpstreamNanos(System.nanoTime() - start);
        }
    }

    /** The failure as the route's error: {@code prefix + message}, the kind's status and code, and Retry-After when known. */
    static ApiException error(LlmFailure failure, String prefix) {
        LlmFailure.Kind kind = failure.kind();
        ApiException error = ApiException.error(kind.status, kind.code, prefix + kind.message);
        failure.retryAfter().ifPresent(wait -> error.header("Retry-After", String.valueOf(seconds(wait))));
        return error;
    }

    private static long seconds(Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }
}
