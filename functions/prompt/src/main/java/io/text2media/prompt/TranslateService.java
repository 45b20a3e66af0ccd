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
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.Optional;

/**
 * {@code POST /api/translate} (original-contract.md §4.11): {@code {"text","target_language"?}} in,
 * {@code {"translated_text","translated":true}} out. Unlike the original, {@code target_language} is honoured
 * (English when absent, with the original's negative-prompt instruction).
 */
final class TranslateService {
    static final String INVALID_JSON = "翻译请求体必须为 JSON";
    static final String NOT_CONFIGURED = "服务器配置错误：翻译服务不可用";
    static final String FAILED_PREFIX = "DeepSeek Chat Completions调用失败: ";
    static final String INVALID_LANGUAGE = "参数 target_language 无效";
    static final double TEMPERATURE = 0.2;
    private static final Log LOG = Log.of(TranslateService.class);

    private final JsonBodies bodies;
    private final PromptSettings settings;
    private final PromptRateLimit rateLimit;
    private final AnswerCache cache;
    private final LlmCalls llm;
    private final MetricEvents events;

    TranslateService(JsonBodies bodies, PromptSettings settings, PromptRateLimit rateLimit, AnswerCache cache,
                     LlmCalls llm, MetricEvents events) {
        this.bodies = bodies;
        this.settings = settings;
        this.rateLimit = rateLimit;
        this.cache = cache;
        this.llm = llm;
        this.events = events;
    }

    void handle(ServerRequest request, ServerResponse response) {
        JsonResponses.ok(response, MetricTimer.record(events, "translate_negative", () -> translate(request)));
    }

    private JsonObject translate(ServerRequest request) {
        JsonObject body = bodies.read(request, INVALID_JSON);
        String text = PromptText.read(body, settings.maxTextChars());
        TargetLanguage language = language(body.get("target_language"));
        if (!settings.configured()) {
            throw ApiException.error(500, "not_configured", NOT_CONFIGURED);
        }
        rateLimit.admit(request);
        String cacheKey = AnswerCache.key("translate", llm.model(), language.name(), text);
        AnswerCache.Answer answer = cache.answer(request, cacheKey, () -> {
            try {
                return llm.ask(request, new ChatRequest(Instructions.translate(language), text, TEMPERATURE)).content();
            } catch (LlmFailure failure) {
                throw LlmCalls.error(failure, FAILED_PREFIX);
            }
        });
        String content = answer.content();
        if (LOG.isDebug()) {
            LOG.debug("text_translated", "text", text, "language", language.name(), "translated", content,
                    "cached", answer.cached());
        }
        // the original's rule: an empty answer gives the text back, still "translated"
        return Jsons.object()
                .add("translated_text", content.isEmpty() ? text : content)
                .add("translated", true)
                .build();
    }

    private static TargetLanguage language(JsonValue value) {
        if (value == null || value == JsonValue.NULL) {
            return TargetLanguage.ENGLISH;
        }
        Optional<TargetLanguage> parsed = value instanceof JsonString s ? TargetLanguage.parse(s.getString()) : Optional.empty();
        return parsed.orElseThrow(() -> ApiException.error(400, "invalid_target_language", INVALID_LANGUAGE));
    }
}
