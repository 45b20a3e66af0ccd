package io.text2media.shared.http;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;

import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * JSON-P with the provider looked up once ({@code Json.createXxx()} looks it up on every call), plus the JavaScript
 * truthiness rules the original's checks are written in ({@code if (!text)}).
 */
public final class Jsons {
    private static final JsonProvider PROVIDER = JsonProvider.provider();

    private Jsons() {
    }

    public static JsonProvider provider() {
        return PROVIDER;
    }

    public static JsonObjectBuilder object() {
        return PROVIDER.createObjectBuilder();
    }

    public static JsonObjectBuilder object(JsonObject copyOf) {
        return PROVIDER.createObjectBuilder(copyOf);
    }

    public static JsonArrayBuilder array() {
        return PROVIDER.createArrayBuilder();
    }

    public static JsonValue string(String s) {
        return s == null ? JsonValue.NULL : PROVIDER.createValue(s);
    }

    public static JsonValue number(long n) {
        return PROVIDER.createValue(n);
    }

    public static byte[] bytes(JsonValue value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (var writer = PROVIDER.createWriter(out)) {
            writer.write(value);
        }
        return out.toByteArray();
    }

    public static String text(JsonValue value) {
        return new String(bytes(value), StandardCharsets.UTF_8);
    }

    /** Parses any JSON value, refusing trailing content; throws {@link jakarta.json.JsonException} on bad input. */
    public static JsonValue parse(String text) {
        try (JsonParser parser = PROVIDER.createParser(new StringReader(text))) {
            return JsonBodies.single(parser);
        }
    }

    /** Parses a JSON object; empty when the text is not a JSON object. */
    public static Optional<JsonObject> parseObject(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return parse(text) instanceof JsonObject o ? Optional.of(o) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** JavaScript truthiness: null, false, 0, NaN and "" are falsy; objects and arrays are truthy. */
    public static boolean truthy(JsonValue value) {
        if (value == null) {
            return false;
        }
        return switch (value.getValueType()) {
            case NULL, FALSE -> false;
            case STRING -> !((JsonString) value).getString().isEmpty();
            case NUMBER -> ((JsonNumber) value).doubleValue() != 0;
            default -> true;
        };
    }

    public static boolean truthy(JsonObject object, String field) {
        return truthy(object.get(field));
    }

    /** The field when it is a JSON string. */
    public static Optional<String> string(JsonObject object, String field) {
        return object.get(field) instanceof JsonString s ? Optional.of(s.getString()) : Optional.empty();
    }

    public static String stringOr(JsonObject object, String field, String fallback) {
        return string(object, field).orElse(fallback);
    }
}
