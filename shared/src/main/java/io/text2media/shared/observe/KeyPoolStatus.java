package io.text2media.shared.observe;

import jakarta.json.JsonObject;

/**
 * What a function with a pool of upstream API keys (the prompt function's LLM keys) tells the operations layer:
 * counts for {@code active_api_keys}/{@code healthy_api_keys} and a per-alias description. Keys appear only as
 * aliases or fingerprints, never in clear. Offered with {@code FunctionContext.provide(KeyPoolStatus.class, ...)}.
 */
public interface KeyPoolStatus {

    /** Keys configured and not disabled. */
    int activeKeys();

    /** Keys that may take a request now (not cooling down, circuit not open). */
    int healthyKeys();

    /** Per alias: state, reason, until, success rate, latency. */
    JsonObject describe();
}
