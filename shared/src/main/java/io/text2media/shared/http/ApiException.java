package io.text2media.shared.http;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An answer the client should get instead of the route's success: the status, the body fields in the original's
 * envelope, a stable machine-readable {@code code}, and optional headers (e.g. {@code Retry-After}). The error
 * writer adds {@code code} and {@code requestId} to the body. It carries no stack trace: it is control flow.
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final Map<String, JsonValue> body = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();

    private ApiException(int status, String code) {
        super(code, null, false, false);
        this.status = status;
        this.code = code;
    }

    /** The generation/translate/404 envelope: {@code {"error": message}}. */
    public static ApiException error(int status, String code, String message) {
        return new ApiException(status, code).field("error", message);
    }

    /** The auth/feedback envelope: {@code {"success": false, "error": message}}. */
    public static ApiException failure(int status, String code, String message) {
        return new ApiException(status, code).field("success", JsonValue.FALSE).field("error", message);
    }

    /** A body of the caller's own shape (e.g. health's {@code {"status":"unauthorized"}}). */
    public static ApiException of(int status, String code) {
        return new ApiException(status, code);
    }

    public ApiException field(String name, String value) {
        body.put(name, Jsons.string(value));
        return this;
    }

    public ApiException field(String name, long value) {
        body.put(name, Jsons.number(value));
        return this;
    }

    public ApiException field(String name, JsonValue value) {
        body.put(name, value == null ? JsonValue.NULL : value);
        return this;
    }

    public ApiException header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** The body fields without {@code code}/{@code requestId}. */
    public JsonObject body() {
        JsonObjectBuilder json = Jsons.object();
        body.forEach(json::add);
        return json.build();
    }

    public Map<String, String> headers() {
        return headers;
    }
}
