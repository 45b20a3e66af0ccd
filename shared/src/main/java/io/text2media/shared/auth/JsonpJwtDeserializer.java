package io.text2media.shared.auth;

import io.text2media.shared.http.Jsons;

import io.jsonwebtoken.io.AbstractDeserializer;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** jjwt's JSON reader on JSON-P: objects become maps, integral numbers Long (or Integer when they fit). */
public final class JsonpJwtDeserializer extends AbstractDeserializer<Map<String, ?>> {

    @Override
    protected Map<String, ?> doDeserialize(Reader reader) throws IOException {
        StringBuilder text = new StringBuilder();
        char[] buf = new char[1024];
        int n;
        while ((n = reader.read(buf)) > 0) {
            text.append(buf, 0, n);
        }
        if (!(Jsons.parse(text.toString()) instanceof JsonObject object)) {
            throw new IOException("JWT part is not a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, ?> map = (Map<String, ?>) toJava(object);
        return map;
    }

    private static Object toJava(JsonValue value) {
        return switch (value.getValueType()) {
            case OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                ((JsonObject) value).forEach((k, v) -> map.put(k, toJava(v)));
                yield map;
            }
            case ARRAY -> {
                List<Object> list = new ArrayList<>();
                ((JsonArray) value).forEach(v -> list.add(toJava(v)));
                yield list;
            }
            case STRING -> ((JsonString) value).getString();
            case NUMBER -> {
                JsonNumber num = (JsonNumber) value;
                if (num.isIntegral()) {
                    long l = num.longValue();
                    yield (l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) ? (Object) (int) l : (Object) l;
                }
                yield num.doubleValue();
            }
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case NULL -> null;
        };
    }
}
