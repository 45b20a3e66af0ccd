package io.text2media.prompt;

import io.text2media.shared.http.Jsons;
import io.text2media.shared.observe.InternalCheck;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/**
 * {@code llm.key_pool} on {@code /internal/health}: {@code ok} while at least one key may take a request;
 * {@code degraded} when no key may right now (each is cooling down, open, or its circuit breaker is open: they recover
 * by themselves), or when no key is configured; {@code error} when every key is disabled (401/402: an operator must
 * act). Details: per alias state, circuit, reason, until, success rate and latency. Reads memory only.
 */
final class KeyPoolCheck implements InternalCheck {
    private final KeyPool pool;

    KeyPoolCheck(KeyPool pool) {
        this.pool = pool;
    }

    @Override
    public String name() {
        return "llm.key_pool";
    }

    @Override
    public Result check() {
        JsonObject pool = this.pool.describe();
        JsonObjectBuilder details = Jsons.object(pool).add("upstream", ChatClient.UPSTREAM);
        String status;
        if (this.pool.size() == 0) {
            status = Result.DEGRADED;
            details.add("reason", "DEEPSEEK_API_KEY is not set");
        } else if (pool.getInt("active") == 0) {
            status = Result.ERROR;
            details.add("reason", "every key is disabled (401/402); fix the keys, then POST /internal/keys/reset or restart");
        } else if (pool.getInt("healthy") == 0) {
            status = Result.DEGRADED;
            details.add("reason", "no key may take a request now (cooling down, open, or its circuit breaker is open)");
        } else {
            status = Result.OK;
        }
        return new Result(status, details.build());
    }
}
