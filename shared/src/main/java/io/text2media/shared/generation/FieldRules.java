package io.text2media.shared.generation;

import io.text2media.shared.http.ApiException;
import io.text2media.shared.http.Jsons;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The input rules of design.md §5.10 for generation requests. Each violation is a 400 in the route's
 * {@code {"error": ...}} envelope with {@code code:"invalid_field"} and {@code field} naming the field, so a client (and
 * a person reading the message) knows what to fix. A field that is absent or JSON {@code null} counts as not given.
 * Numbers may come as JSON numbers or as numeric strings (form values), as the original passed both through.
 */
public final class FieldRules {
    private static final Pattern INTEGER = Pattern.compile("-?\\d{1,18}");
    private static final Pattern DECIMAL = Pattern.compile("-?(\\d{1,9}(\\.\\d{0,9})?|\\.\\d{1,9})");

    private FieldRules() {
    }

    public static ApiException invalid(String field, String message) {
        return ApiException.error(400, "invalid_field", message).field("field", field);
    }

    /** True when the field is absent or null. */
    public static boolean absent(JsonObject body, String field) {
        JsonValue v = body.get(field);
        return v == null || v.getValueType() == JsonValue.ValueType.NULL;
    }

    /** A required prompt-like text: a string of 1..max characters (code points) that is not only blanks. */
    public static String text(JsonObject body, String field, int max) {
        if (!(body.get(field) instanceof JsonString s)) {
            throw invalid(field, "参数 " + field + " 必须是字符串");
        }
        String value = s.getString();
        int length = value.codePointCount(0, value.length());
        if (length > max || value.isBlank()) {
            throw invalid(field, "参数 " + field + " 长度必须在 1 到 " + max + " 个字符之间");
        }
        return value;
    }

    /** An optional string of at most {@code max} characters. */
    public static Optional<String> optionalText(JsonObject body, String field, int max) {
        if (absent(body, field)) {
            return Optional.empty();
        }
        if (!(body.get(field) instanceof JsonString s) || s.getString().codePointCount(0, s.getString().length()) > max) {
            throw invalid(field, "参数 " + field + " 必须是不超过 " + max + " 个字符的字符串");
        }
        return Optional.of(s.getString());
    }

    /** An optional integer within [min, max]. */
    public static Optional<Long> integer(JsonObject body, String field, long min, long max, String rule) {
        if (absent(body, field)) {
            return Optional.empty();
        }
        BigDecimal n = number(body.get(field), INTEGER);
        if (n == null || n.stripTrailingZeros().scale() > 0 || n.compareTo(BigDecimal.valueOf(min)) < 0
                || n.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw invalid(field, "参数 " + field + " 必须是" + rule);
        }
        return Optional.of(n.longValueExact());
    }

    /** An optional decimal within [min, max]. */
    public static Optional<BigDecimal> decimal(JsonObject body, String field, BigDecimal min, BigDecimal max, String rule) {
        if (absent(body, field)) {
            return Optional.empty();
        }
        BigDecimal n = number(body.get(field), DECIMAL);
        if (n == null || n.compareTo(min) < 0 || n.compareTo(max) > 0) {
            throw invalid(field, "参数 " + field + " 必须是" + rule);
        }
        return Optional.of(n);
    }

    /** An optional string from an allow-list; the answer lists what is allowed. */
    public static Optional<String> oneOf(JsonObject body, String field, List<String> allowed) {
        if (absent(body, field) || (body.get(field) instanceof JsonString s && s.getString().isEmpty())) {
            return Optional.empty();
        }
        if (body.get(field) instanceof JsonString s && allowed.contains(s.getString())) {
            return Optional.of(s.getString());
        }
        var list = Jsons.array();
        allowed.forEach(list::add);
        throw invalid(field, "参数 " + field + " 不受支持，可选值: " + String.join(", ", allowed)).field("allowed", list.build());
    }

    private static BigDecimal number(JsonValue value, Pattern stringForm) {
        if (value instanceof JsonNumber n) {
            try {
                return n.bigDecimalValue();
            } catch (RuntimeException e) {
                return null; // e.g. an exponent beyond what the parser allows: not a usable number
            }
        }
        if (value instanceof JsonString s && stringForm.matcher(s.getString().trim()).matches()) {
            return new BigDecimal(s.getString().trim());
        }
        return null;
    }
}
