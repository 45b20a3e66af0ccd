package io.text2media.prompt;

import io.text2media.shared.http.ApiException;
import io.text2media.shared.http.JsonBodies;
import io.text2media.shared.http.JsonResponses;
import io.text2media.shared.http.Jsons;
import io.text2media.shared.observe.Log;
import io.text2media.shared.observe.MetricEvents;
import io.text2media.shared.observe.MetricTimer;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.JsonObject;


/**
 * {@code POST /api/prompts/optimize} (original-contract.md §4.10): {@code {"text"}} in, {@code optimized_text}
 * (cleaned), {@code raw_optimized} and {@code original_prompt} out. On an upstream failure the answer keeps the
 * original's fallback fields (the text itself) but carries the shared policy's 502/503/504 instead of 500.
 */
final class OptimizeService {
    static final String INVALID_JSON = "提示词优化请求体必须为 JSON";
    static final String NOT_CONFIGURED = "服务器配置错误：DeepSeek API密钥未配置";
    static final String FAILED_PREFIX = "优化API调用失败: ";
    static final String EMPTY = "优化API返回空内容";
    static final double TEMPERATURE = 0.5;
    private static final Log LOG = Log.of(OptimizeService.class);

    private final JsonBodies bodies;
    private final PromptSettings settings;
    private final PromptRateLimit rateLimit;
    private final AnswerCache cache;
    private final LlmCalls llm;
    private final MetricEvents events;

    OptimizeService(JsonBodies bodies, PromptSettings settings, PromptRateLimit rateLimit, AnswerCache cache,
                    LlmCalls llm, MetricEvents events) {
        this.bodies = bodies;
        this.settings = settings;
        this.rateLimit = rateLimit;
        this.cache = cache;
        this.llm = llm;
        this.events = events;
    }

    void handle(ServerRequest request, ServerResponse response) {
        JsonResponses.ok(response, MetricTimer.record(events, "prompt_optimize", () -> optimize(request)));
    }

    private JsonObject optimize(ServerRequest request) {
        JsonObject body = bodies.read(request, INVALID_JSON);
        String text = PromptText.read(body, settings.maxTextChars());
        if (!settings.configured()) {
            throw ApiException.error(500, "not_configured", NOT_CONFIGURED);
        }
        rateLimit.admit(request);
        String cacheKey = AnswerCache.key("optimize", llm.model(), TargetLanguage.ENGLISH.name(), text);
        AnswerCache.Answer answer = cache.answer(request, cacheKey, () -> ask(request, text));
        String raw = answer.content();
        String optimized = PromptCleaner.clean(raw);
        if (LOG.isDebug()) {
            LOG.debug("prompt_optimized", "text", text, "raw", raw, "optimized", optimized, "cached", answer.cached());
        }
        return Jsons.object()
                .add("optimized_text", optimized)
                .add("raw_optimized", raw)
                .add("original_prompt", text)
                .build();
    }

    /** The model's non-empty output, or the route's error with the fallback fields. */
    private String ask(ServerRequest request, String text) {
        ChatAnswer answer;
        try {
            answer = llm.ask(request, new ChatRequest(Instructions.OPTIMIZE, text, TEMPERATURE));
        } catch (LlmFailure failure) {
            throw withFallback(LlmCalls.error(failure, FAILED_PREFIX), text);
        }
        if (answer.content().isEmpty()) {
            throw withFallback(ApiException.error(502, "upstream_empty", EMPTY), text);
        }
        return answer.content();
    }

    /** The original's fallback: the text itself in every result field, so a client could still go on. */
    private static ApiException withFallback(ApiException error, String text) {
        return error.field("optimized_text", text).field("raw_optimized", text).field("original_prompt", text);
    }
}
