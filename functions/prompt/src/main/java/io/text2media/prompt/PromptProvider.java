package io.text2media.prompt;

import io.text2media.shared.boot.FunctionContext;
import io.text2media.shared.boot.FunctionProvider;
import io.text2media.shared.boot.FunctionRoutes;
import io.text2media.shared.observe.KeyPoolStatus;
import io.text2media.shared.observe.Log;
import io.text2media.shared.upstream.Upstreams;

import java.util.SplittableRandom;

/**
 * The prompt function: {@code POST /api/prompts/optimize} and {@code POST /api/translate} on an OpenAI-compatible LLM
 * (DeepSeek via SiliconFlow by default) with a health-weighted pool of API keys, plus the operator's
 * {@code POST /internal/keys/reset}. The pool shows in {@code /internal/health} ({@code llm.key_pool}), in the
 * metrics, and to the operations layer as {@link KeyPoolStatus}.
 */
public final class PromptProvider implements FunctionProvider {
    private static final Log LOG = Log.of(PromptProvider.class);

    @Override
    public String name() {
        return "prompt";
    }

    @Override
    public void routing(FunctionRoutes routes, FunctionContext context) {
        PromptSettings settings = PromptSettings.from(context.env());
        Upstreams upstreams = context.upstreams();
        KeyPool pool = new KeyPool(settings.apiKeys(), settings.pool(), context.clock(), new SplittableRandom());
        pool.circuits(alias -> upstreams.breakerOpen(Upstreams.breakerName(ChatClient.UPSTREAM, alias)));
        KeyPoolMetrics.register(context.metrics(), pool);
        context.provide(KeyPoolStatus.class, pool);
        context.addInternalCheck(new KeyPoolCheck(pool));
        if (!settings.configured()) {
            LOG.warn("prompt_not_configured", "variable", "DEEPSEEK_API_KEY");
        }

        LlmCalls llm = new LlmCalls(new ChatClient(settings.endpoint(), settings.model(), pool, upstreams,
                upstreams.defaultPolicy()));
        AnswerCache cache = new AnswerCache(context.store(), settings.cacheTtl(), settings.cacheMaxEntries(),
                context.clock(), context.metrics());
        PromptRateLimit rateLimit = new PromptRateLimit(context.rateLimiter(), context.authenticator(),
                context.clientAddresses(), settings.limits());

        routes.post("/api/prompts/optimize",
                new OptimizeService(context.json(), settings, rateLimit, cache, llm, context.metricEvents())::handle);
        routes.post("/api/translate",
                new TranslateService(context.json(), settings, rateLimit, cache, llm, context.metricEvents())::handle);
        routes.post("/internal/keys/reset",
                new KeyResetService(pool, context.operatorToken(), context.json())::handle);
    }
}
