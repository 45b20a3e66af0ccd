package io.text2media.prompt;

import io.text2media.shared.testing.TestApp;

/** Test servers of the prompt function against a fake LLM: fast retries, no cache, generous limits unless a test says otherwise. */
final class PromptApps {

    private PromptApps() {
    }

    static TestApp.Builder builder(FakeLlm fake, String keys) {
        return TestApp.builder()
                .provider(new PromptProvider())
                .env("DEEPSEEK_API_URL", fake.baseUrl())
                .env("DEEPSEEK_API_KEY", keys)
                .env("RETRY_INITIAL_DELAY_MS", "0")
                .env("UPSTREAM_TIMEOUT_MS", "10000")
                .env("UPSTREAM_DEADLINE_MS", "30000")
                .env("CIRCUIT_BREAKER_VOLUME", "1000")
                .env("PROMPT_CACHE_TTL_SECONDS", "0")
                .env("PROMPT_RATE_LIMIT_ANON_PER_MINUTE", "100000")
                .env("PROMPT_RATE_LIMIT_ANON_PER_DAY", "100000");
    }
}
