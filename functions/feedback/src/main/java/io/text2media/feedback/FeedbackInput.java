package io.text2media.feedback;

import io.text2media.shared.http.ApiException;
import io.text2media.shared.http.Jsons;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.Locale;
import java.util.Set;

/**
 * A submission's {@code category} and {@code content}, validated (original-contract.md §4.12 with design.md §5.12):
 * the original's messages for missing fields, empty and too long content; new clear 400s for a content that is not
 * text and a category outside bug/feature/improvement/other. HTML is removed first and the length is checked after
 * that, on what is stored.
 */
record FeedbackInput(String category, String content) {
    static final int MAX_LENGTH = 1000;
    static final Set<String> CATEGORIES = Set.of("bug", "feature", "improvement", "other");
    static final String MISSING = "缺少必要参数：category 和 content";
    static final String TOO_LONG = "反馈内容不能超过1000字符";
    static final String EMPTY = "反馈内容不能为空";
    static final String NOT_TEXT = "反馈内容必须为文本";
    static final String BAD_CATEGORY = "反馈类型无效，可选值：bug、feature、improvement、other";

    static FeedbackInput from(JsonObject body) {
        JsonValue category = body.get("category");
        JsonValue content = body.get("content");
        if (!Jsons.truthy(category) || !Jsons.truthy(content)) {
            throw ApiException.failure(400, "missing_fields", MISSING);
        }
        if (!(content instanceof JsonString text)) {
            throw ApiException.failure(400, "invalid_content", NOT_TEXT);
        }
        String normalizedCategory = category instanceof JsonString c ? c.getString().trim().toLowerCase(Locale.ROOT) : "";
        if (!CATEGORIES.contains(normalizedCategory)) {
            throw ApiException.failure(400, "invalid_category", BAD_CATEGORY);
        }
        String clean = HtmlText.trim(HtmlText.strip(text.getString()));
        if (clean.isEmpty()) {
            throw ApiException.failure(400, "empty_content", EMPTY);
        }
        if (clean.length() > MAX_LENGTH) {
            throw ApiException.failure(400, "content_too_long", TOO_LONG);
        }
        return new FeedbackInput(normalizedCategory, clean);
    }
}
