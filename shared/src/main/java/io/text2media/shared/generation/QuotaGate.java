package io.text2media.shared.generation;

import io.text2media.shared.boot.FunctionContext;
import io.text2media.shared.ratelimit.GenerationQuota;

import io.helidon.webserver.http.ServerRequest;

/**
 * Counts one generation request against the caller's quota (original-contract.md §11 with design.md §5.8): a valid
 * token makes the caller that user, anything else (no token, an invalid one) is anonymous by client address, as in
 * the original. Called only once a request passed validation, so invalid requests never use up the quota.
 */
public final class QuotaGate {
    private final FunctionContext context;

    public QuotaGate(FunctionContext context) {
        this.context = context;
    }

    /** Counts the request, or throws the 429/402 answer. */
    public void admit(ServerRequest request) {
        GenerationQuota.Caller caller = context.authenticator().optional(request)
                .map(auth -> GenerationQuota.Caller.user(auth.userId()))
                .orElseGet(() -> GenerationQuota.Caller.anonymous(context.clientAddresses().of(request)));
        context.generationQuota().admit(caller);
    }
}
