package io.text2media.prompt;

import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The original's cleaning of {@code optimized_text} (original-contract.md §4.10): keep every maximal run of the ASCII
 * class {@code [a-zA-Z0-9\s.,!?'":;()[\]{}<>#@$%^&*+=_\\|/~-]}, join the runs with one space and trim; if that leaves
 * nothing but the raw output was not empty, return the raw output. JavaScript's {@code \s} is Unicode-aware (it
 * includes e.g. U+3000 and U+00A0), so the whitespace part of the class is spelled out to match it exactly.
 */
final class PromptCleaner {
    private static final String JS_WHITESPACE =
            "\\t\\n\\u000B\\f\\r \\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF";
    private static final Pattern RUN = Pattern.compile(
            "[a-zA-Z0-9" + JS_WHITESPACE + ".,!?'\":;()\\[\\]{}<>#@$%^&*+=_\\\\|/~-]+");

    private PromptCleaner() {
    }

    static String clean(String raw) {
        StringJoiner runs = new StringJoiner(" ");
        Matcher m = RUN.matcher(raw);
        while (m.find()) {
            runs.add(m.group());
        }
        String cleaned = jsTrim(runs.toString());
        return cleaned.isEmpty() && !raw.isEmpty() ? raw : cleaned;
    }

    /** JavaScript's {@code String.prototype.trim}: the same whitespace set as {@code \s}. */
    static String jsTrim(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isJsWhitespace(s.charAt(start))) {
            start++;
        }
        while (end > start && isJsWhitespace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean isJsWhitespace(char c) {
        return c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r' || c == ' ' || c == 0xA0 || c == 0x1680
                || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F
                || c == 0x3000 || c == 0xFEFF;
    }
}
