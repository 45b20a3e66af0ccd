package io.text2media.feedback;

import io.text2media.shared.http.ApiException;
import io.text2media.shared.http.RequestInfo;
import io.text2media.shared.observe.Log;
import io.text2media.shared.store.StoreUnavailableException;

import io.helidon.webserver.http.ServerRequest;

import java.util.function.Supplier;

/**
 * The original's answer when a feedback list cannot be read (original-contract.md §4.13, §4.14):
 * {@code 400 {"success":false,"error":"获取反馈列表失败"}}. A store outage is not such a failure: it stays the project's
 * {@code 503 store_unavailable} with {@code Retry-After}, which tells the client to come back (design.md §3).
 */
final class FeedbackListFailure {
    static final String MESSAGE = "获取反馈列表失败";
    private static final Log LOG = Log.of(FeedbackListFailure.class);

    private FeedbackListFailure() {
    }

    static ApiException answer() {
        return ApiException.failure(400, "list_failed", MESSAGE);
    }

    /** Runs the read; anything unexpected (a broken row, a failing statement, a bug) becomes the original's 400. */
    static <T> T guard(ServerRequest request, Supplier<T> read) {
        try {
            return read.get();
        } catch (ApiException | StoreUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.error("feedback_list_failed", e, "route", request.path().path());
            // kept for the error log: the client gets a 400, but this is ours to fix
            RequestInfo.of(request).failure(e);
            throw answer();
        }
    }
}
