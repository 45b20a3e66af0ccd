package io.text2media.prompt;

import io.text2media.shared.http.Jsons;
import io.text2media.shared.observe.InternalCheck;
import io.text2media.shared.upstream.Upstreams;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code llm.key_pool} on {@code /internal/health}: {@code ok} while at least one key may take a request and the
 * upstream's circuit is not open; {@code degraded} when every key is cooling down (they recover by themselves), when
 * the circuit is open, or when no key is configured; {@code error} when every key is disabled (401/402: an operator
 * must act). Details: per alias state, reason, until, success rate and latency. Reads memory only.
 */
final class KeyPoolCheck implements InternalCheck {
    private final KeyPool pool;
    private final Supplier<Optional<Upstreams>> upstreams;

    KeyPoolCheck(KeyPool pool, Supplier<Optional<Upstreams>> upstreams) {
        this.pool = pool;
        this.upstreams = upstreams;
    }

    @Override
    public String name() {
        return "llm.key_pool";
    }

    @Override
    public Result check() {
        JsonObject pool = this.pool.describe();
        String circuit = upstreams.get().map(u -> u.breakerStates().get(ChatClient.UPSTREAM)).orElse(null);
        JsonObjectBuilder details = Jsons.object(pool).add("upstream", ChatClient.UPSTREAM)
                .add("circuit", circuit == null ? "CLOSED" : circuit);
        String status;
        if (this.pool.size() == 0) {
            status = Result.DEGRADED;
            details.add("reason", "DEEPSEEK_API_KEY is not set");
        } else if (pool.getInt("active") == 0) {
            status = Result.ERROR;
            details.add("reason", "every key is disabled (401/402); fix the keys, then POST /internal/keys/reset or restart");
        } else if (pool.getInt("healthy") == 0) {
            status = Result.DEGRADED;
            details.add("reason", "every key is cooling down");
        } else if ("OPEN".equals(circuit)) {
            status = Result.DEGRADED;
            details.add("reason", "the upstream's circuit is open");
        } else {
            status = Result.OK;
        }
        return new Result(status, details.build());
    }
}
