package io.text2media.prompt;

import io.text2media.shared.http.ApiException;
import io.text2media.shared.http.Jsons;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * The {@code text} field both prompt routes read. Falsy is the original's 400; unlike the original a non-string, a
 * blank string and a text longer than the configured maximum are refused too, before any paid call.
 */
final class PromptText {
    static final String MISSING = "缺少必要的参数: text";
    static final String NOT_A_STRING = "参数 text 必须为字符串";

    private PromptText() {
    }

    static String read(JsonObject body, int maxChars) {
        JsonValue value = body.get("text");
        if (!Jsons.truthy(value)) {
            throw ApiException.error(400, "missing_text", MISSING);
        }
        if (!(value instanceof JsonString string)) {
            throw ApiException.error(400, "invalid_text", NOT_A_STRING);
        }
        String text = string.getString();
        if (PromptCleaner.jsTrim(text).isEmpty()) {
            throw ApiException.error(400, "missing_text", MISSING);
        }
        if (text.length() > maxChars) {
            throw ApiException.error(400, "text_too_long", "文本过长，最多" + maxChars + "个字符")
                    .field("max_length", maxChars);
        }
        return text;
    }
}
