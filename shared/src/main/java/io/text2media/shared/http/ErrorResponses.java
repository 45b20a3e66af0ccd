package io.text2media.shared.http;

import io.text2media.shared.observe.Log;
import io.text2media.shared.store.StoreUnavailableException;

import io.helidon.http.HttpException;
import io.helidon.http.NotFoundException;
import io.helidon.http.RequestException;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.util.concurrent.RejectedExecutionException;

/**
 * Turns anything a handler throws into the JSON the client gets. Only {@link ApiException}s carry a message of the
 * route's choosing; everything else gets a fixed text. No exception message, class name or stack ever reaches a
 * response; unexpected ones are logged with the request id and kept on the {@link RequestInfo} for the error log.
 */
public final class ErrorResponses {
    public static final String INTERNAL_MESSAGE = "服务器内部错误";
    public static final String STORE_UNAVAILABLE_MESSAGE = "存储服务暂时不可用，请稍后再试";
    public static final String BUSY_MESSAGE = "服务器繁忙，请稍后再试";
    private static final Log LOG = Log.of(ErrorResponses.class);

    private final StandardHeaders headers;

    public ErrorResponses(StandardHeaders headers) {
        this.headers = headers;
    }

    /** Writes the error answer on a response that was reset (or never written). */
    public void write(ServerRequest request, ServerResponse response, Throwable error) {
        RequestInfo info = RequestInfo.of(request);
        ApiException api = toApi(request, info, error);
        headers.apply(request.headers(), response.headers(), info);
        api.headers().forEach(response::header);
        info.errorCode(api.code());
        JsonResponses.send(response, api.status(), withTrace(api.body(), api.code(), info.id()));
    }

    /** The standard body additions: {@code code} and {@code requestId}, after the route's own fields. */
    public static JsonObject withTrace(JsonObject body, String code, String requestId) {
        JsonObjectBuilder json = Jsons.object(body);
        json.add("code", code);
        json.add("requestId", requestId);
        return json.build();
    }

    private ApiException toApi(ServerRequest request, RequestInfo info, Throwable error) {
        if (error instanceof ApiException api) {
            return api;
        }
        if (error instanceof NotFoundException) {
            return ApiException.error(404, "not_found", "Not Found").field("path", request.prologue().uriPath().rawPath());
        }
        if (error instanceof StoreUnavailableException) {
            LOG.warn("store_unavailable", "route", info.route(), "reason", error.getMessage());
            info.failure(error);
            return ApiException.error(503, "store_unavailable", STORE_UNAVAILABLE_MESSAGE).header("Retry-After", "5");
        }
        if (error instanceof RejectedExecutionException) {
            LOG.warn("busy_rejected", "route", info.route());
            return ApiException.error(503, "busy", BUSY_MESSAGE).header("Retry-After", "1");
        }
        int status = statusOf(error);
        if (status >= 400 && status < 500) {
            return ApiException.error(status, "bad_request", HttpStatusTexts.message(status));
        }
        LOG.error("unhandled_exception", error, "route", info.route(), "function", info.function());
        info.failure(error);
        return ApiException.error(500, "internal_error", INTERNAL_MESSAGE);
    }

    private static int statusOf(Throwable error) {
        if (error instanceof HttpException http) {
            return http.status().code();
        }
        if (error instanceof RequestException req) {
            return req.status().code();
        }
        return 500;
    }
}
