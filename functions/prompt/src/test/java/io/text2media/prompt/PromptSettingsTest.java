package io.text2media.prompt;

import io.text2media.shared.config.Env;
import io.text2media.shared.config.SettingsException;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PromptSettingsTest {

    @Test
    void theSuffixRuleIsTheOriginals() {
        assertEquals("https://api.deepseek.com/v1/chat/completions", PromptSettings.chatCompletionsUrl("https://api.deepseek.com"));
        assertEquals("https://api.deepseek.com/v1/chat/completions", PromptSettings.chatCompletionsUrl("https://api.deepseek.com/"));
        assertEquals("https://x/v1/v1/chat/completions", PromptSettings.chatCompletionsUrl("https://x/v1"));
        assertEquals("https://api.siliconflow.cn/v1/chat/completions",
                PromptSettings.chatCompletionsUrl("https://api.siliconflow.cn/v1/chat/completions"));
    }

    @Test
    void defaultsAreTheOriginalsUrlAndModel() {
        PromptSettings s = PromptSettings.from(Env.of(Map.of()));
        assertEquals("https://api.siliconflow.cn/v1/chat/completions", s.endpoint().toString());
        assertEquals("deepseek-ai/DeepSeek-V2.5", s.model());
        assertFalse(s.configured());
        assertEquals(Duration.ofDays(1), s.cacheTtl());
        assertEquals(new PromptRateLimit.Limits(10, 100, 30, 500), s.limits());
        assertEquals(KeyPoolSettings.defaults(), s.pool());
    }

    @Test
    void severalKeysAreCommaSeparatedTrimmedAndDeduplicated() {
        PromptSettings s = PromptSettings.from(Env.of(Map.of("DEEPSEEK_API_KEY", " sk-a , sk-b,,sk-a ")));
        assertEquals(List.of("sk-a", "sk-b"), s.apiKeys());
        assertTrue(s.configured());
        assertFalse(s.toString().contains("sk-a"), "settings never print keys");
    }

    @Test
    void invalidValuesNameTheVariable() {
        Map<String, String> bad = Map.of(
                "DEEPSEEK_API_URL", "ftp://x",
                "DEEPSEEK_API_KEY", "sk-a sk-b",
                "PROMPT_CACHE_TTL_SECONDS", "-1",
                "PROMPT_RATE_LIMIT_ANON_PER_MINUTE", "lots",
                "PROMPT_MAX_TEXT_CHARS", "0",
                "DEEPSEEK_KEY_FAILURE_THRESHOLD", "0",
                "DEEPSEEK_KEY_COOLDOWN_SECONDS", "x");
        bad.forEach((name, value) -> {
            SettingsException e = assertThrows(SettingsException.class, () -> PromptSettings.from(Env.of(Map.of(name, value))));
            assertEquals(name, e.variable());
            assertFalse(e.getMessage().contains("sk-a"), "a key never appears in the message");
        });
        SettingsException e = assertThrows(SettingsException.class, () -> PromptSettings.from(Env.of(Map.of(
                "DEEPSEEK_KEY_COOLDOWN_SECONDS", "60", "DEEPSEEK_KEY_COOLDOWN_MAX_SECONDS", "30"))));
        assertEquals("DEEPSEEK_KEY_COOLDOWN_MAX_SECONDS", e.variable());
    }
}
