package io.text2media.shared.boot;

import io.text2media.shared.auth.OperatorToken;
import io.text2media.shared.config.SettingsException;
import io.text2media.shared.http.ApiException;
import io.text2media.shared.http.JsonBodies;
import io.text2media.shared.http.JsonResponses;
import io.text2media.shared.http.Jsons;
import io.text2media.shared.http.RequestInfo;
import io.text2media.shared.observe.RuntimeSwitches;

import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /internal/config/reload} on every function: the emergency switches ({@link RuntimeSwitches}) without a
 * restart. A JSON body sets switches ({@code {"LOG_LEVEL":"debug","METRICS_ENABLED":true}}; null returns one to its
 * start-up value); no body re-reads the overrides file, as SIGHUP does. Guarded by HEALTH_CHECK_TOKEN in
 * {@code Authorization: Bearer}. Answers what is in force and what changed.
 */
final class ConfigReloadRoute {
    static final String PATH = "/internal/config/reload";
    private final RuntimeSwitches switches;
    private final OperatorToken token;
    private final JsonBodies bodies;

    ConfigReloadRoute(RuntimeSwitches switches, OperatorToken token, JsonBodies bodies) {
        this.switches = switches;
        this.token = token;
        this.bodies = bodies;
    }

    void register(HttpRouting.Builder routing) {
        routing.post(PATH, this::handle);
    }

    private void handle(ServerRequest request, ServerResponse response) {
        RequestInfo.of(request).handledBy("internal", FunctionVersion.of("shared"), PATH);
        token.requireBearer(request);
        Map<String, String> changed;
        try {
            if (request.content().hasEntity()) {
                changed = switches.apply(values(bodies.read(request, "body must be a JSON object of switches")), "api");
            } else {
                changed = switches.reloadFile("api");
            }
        } catch (SettingsException e) {
            throw ApiException.error(400, "invalid_switch", e.getMessage()).field("field", e.variable());
        }
        JsonObjectBuilder current = Jsons.object();
        switches.current().forEach(current::add);
        JsonObjectBuilder changes = Jsons.object();
        changed.forEach(changes::add);
        JsonResponses.ok(response, Jsons.object().add("current", current).add("changed", changes)
                .add("file", switches.overridesFile().toString()).build());
    }

    /** JSON values as the environment would spell them: strings as they are, numbers and booleans as text. */
    private static Map<String, String> values(JsonObject body) {
        Map<String, String> values = new LinkedHashMap<>();
        body.forEach((name, value) -> values.put(name, switch (value.getValueType()) {
            case NULL -> null;
            case STRING -> ((JsonString) value).getString();
            case TRUE, FALSE, NUMBER -> value.toString();
            default -> throw ApiException.error(400, "invalid_switch", name + ": must be a string, number or boolean")
                    .field("field", name);
        }));
        return values;
    }
}
