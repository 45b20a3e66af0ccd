package io.text2media.shared.auth;

import io.text2media.shared.http.Jsons;

import io.jsonwebtoken.io.AbstractSerializer;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import java.io.OutputStream;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * jjwt's JSON writer on JSON-P, so tokens need no second JSON library. Header and claims keep the original's byte
 * layout: {@code {"alg":"HS256","typ":"JWT"}} and {@code {"userId","email","iat","exp",...}} in that order, so a token
 * we issue for the same claims is byte-identical to the original's (original-contract.md §8).
 */
public final class JsonpJwtSerializer extends AbstractSerializer<Map<String, ?>> {
    private static final List<String> FIRST = List.of("alg", "typ", "userId", "email", "iat", "exp");

    @Override
    protected void doSerialize(Map<String, ?> map, OutputStream out) {
        byte[] bytes = Jsons.bytes(toJson(ordered(map)));
        try {
            out.write(bytes);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Map<String, ?> ordered(Map<String, ?> map) {
        Map<String, Object> ordered = new LinkedHashMap<>();
        for (String key : FIRST) {
            if (map.containsKey(key)) {
                ordered.put(key, map.get(key));
            }
        }
        map.forEach((k, v) -> ordered.putIfAbsent(k, v));
        return ordered;
    }

    @SuppressWarnings("unchecked")
    private static JsonValue toJson(Object value) {
        if (value == null) {
            return JsonValue.NULL;
        }
        if (value instanceof Map<?, ?> m) {
            JsonObjectBuilder obj = Jsons.object();
            ((Map<Object, Object>) m).forEach((k, v) -> obj.add(String.valueOf(k), toJson(v)));
            return obj.build();
        }
        if (value instanceof Collection<?> c) {
            JsonArrayBuilder arr = Jsons.array();
            c.forEach(v -> arr.add(toJson(v)));
            return arr.build();
        }
        if (value instanceof Object[] a) {
            return toJson(List.of(a));
        }
        if (value instanceof Date d) {
            return Jsons.provider().createValue(d.getTime() / 1000);
        }
        if (value instanceof Boolean b) {
            return b ? JsonValue.TRUE : JsonValue.FALSE;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return Jsons.provider().createValue(((Number) value).longValue());
        }
        if (value instanceof Number n) {
            return Jsons.provider().createValue(n.doubleValue());
        }
        return Jsons.provider().createValue(String.valueOf(value));
    }
}
