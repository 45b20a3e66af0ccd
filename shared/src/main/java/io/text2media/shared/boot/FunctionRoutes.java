package io.text2media.shared.boot;

import io.text2media.shared.http.RequestInfo;
import io.text2media.shared.http.StandardHeaders;

import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;

/**
 * Registers one function's routes. Every handler is wrapped so that the call is tagged with the function, its
 * version ({@code X-Function-Version}) and the route template, which the request log and metrics read.
 */
public final class FunctionRoutes {
    private final HttpRouting.Builder routing;
    private final String function;
    private final String version;

    FunctionRoutes(HttpRouting.Builder routing, String function, String version) {
        this.routing = routing;
        this.function = function;
        this.version = version;
    }

    public String function() {
        return function;
    }

    public String version() {
        return version;
    }

    public FunctionRoutes get(String path, Handler handler) {
        return route(Method.GET, path, handler);
    }

    public FunctionRoutes post(String path, Handler handler) {
        return route(Method.POST, path, handler);
    }

    public FunctionRoutes delete(String path, Handler handler) {
        return route(Method.DELETE, path, handler);
    }

    public FunctionRoutes patch(String path, Handler handler) {
        return route(Method.PATCH, path, handler);
    }

    public FunctionRoutes route(Method method, String path, Handler handler) {
        routing.route(method, path, (request, response) -> {
            RequestInfo.of(request).handledBy(function, version, path);
            response.header(StandardHeaders.X_FUNCTION_VERSION, version);
            handler.handle(request, response);
        });
        return this;
    }
}
