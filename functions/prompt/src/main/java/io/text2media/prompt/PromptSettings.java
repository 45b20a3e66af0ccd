package io.text2media.prompt;

import io.text2media.shared.config.Env;
import io.text2media.shared.config.SettingsException;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The prompt function's settings, read once at start-up. The original's names are kept ({@code DEEPSEEK_API_URL},
 * {@code DEEPSEEK_API_KEY}, {@code DEEPSEEK_MODEL}); the rest are new (cache, rate limits, text length, key pool).
 */
record PromptSettings(URI endpoint,
                      List<String> apiKeys,
                      String model,
                      int maxTextChars,
                      Duration cacheTtl,
                      int cacheMaxEntries,
                      PromptRateLimit.Limits limits,
                      KeyPoolSettings pool) {
    static final String DEFAULT_URL = "https://api.siliconflow.cn/v1/chat/completions";
    static final String DEFAULT_MODEL = "deepseek-ai/DeepSeek-V2.5";
    private static final String SUFFIX = "/v1/chat/completions";

    static PromptSettings from(Env env) {
        URI endpoint = URI.create(chatCompletionsUrl(env.url("DEEPSEEK_API_URL", DEFAULT_URL).toString()));
        return new PromptSettings(
                endpoint,
                keys(env),
                env.string("DEEPSEEK_MODEL", DEFAULT_MODEL),
                env.integer("PROMPT_MAX_TEXT_CHARS", 4000, 1, 100_000),
                Duration.ofSeconds(env.longValue("PROMPT_CACHE_TTL_SECONDS", 86_400, 0, 30L * 86_400)),
                env.integer("PROMPT_CACHE_MAX_ENTRIES", 1000, 0, 1_000_000),
                new PromptRateLimit.Limits(
                        env.integer("PROMPT_RATE_LIMIT_ANON_PER_MINUTE", 10, 1, 1_000_000),
                        env.integer("PROMPT_RATE_LIMIT_ANON_PER_DAY", 100, 1, 100_000_000),
                        env.integer("PROMPT_RATE_LIMIT_USER_PER_MINUTE", 30, 1, 1_000_000),
                        env.integer("PROMPT_RATE_LIMIT_USER_PER_DAY", 500, 1, 100_000_000)),
                KeyPoolSettings.from(env));
    }

    boolean configured() {
        return !apiKeys.isEmpty();
    }

    /**
     * The original's rule (original-contract.md §14.2): a URL that does not end in {@code /v1/chat/completions} gets
     * that suffix, after a {@code /} if it has none. So {@code https://x/v1} becomes {@code https://x/v1/v1/chat/completions}.
     */
    static String chatCompletionsUrl(String url) {
        if (url.endsWith(SUFFIX)) {
            return url;
        }
        return (url.endsWith("/") ? url : url + "/") + SUFFIX.substring(1);
    }

    /** Comma-separated keys, trimmed, blanks and duplicates dropped (a duplicate would double a key's share). */
    static List<String> keys(Env env) {
        LinkedHashSet<String> keys = new LinkedHashSet<>();
        for (String part : env.optional("DEEPSEEK_API_KEY").orElse("").split(",")) {
            String key = part.trim();
            if (key.chars().anyMatch(Character::isWhitespace)) {
                throw new SettingsException("DEEPSEEK_API_KEY", "keys are separated by commas and contain no spaces");
            }
            if (!key.isEmpty()) {
                keys.add(key);
            }
        }
        return List.copyOf(keys);
    }

    @Override
    public String toString() {
        return "PromptSettings[endpoint=" + endpoint + ", keys=" + apiKeys.size() + ", model=" + model + "]";
    }
}
