package io.text2media.health;

import io.text2media.shared.boot.FunctionContext;
import io.text2media.shared.boot.FunctionVersion;
import io.text2media.shared.http.JsonResponses;
import io.text2media.shared.http.Jsons;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.lang.management.ManagementFactory;

/** {@code GET /health}: public liveness with {@code status}, {@code version} and {@code uptime} (seconds) only. */
final class PublicHealthService {
    private final String version;

    PublicHealthService(FunctionContext context) {
        this.version = FunctionVersion.of("health");
    }

    void handle(ServerRequest request, ServerResponse response) {
        JsonResponses.ok(response, Jsons.object()
                .add("status", "ok")
                .add("version", version)
                .add("uptime", ManagementFactory.getRuntimeMXBean().getUptime() / 1000)
                .build());
    }
}
