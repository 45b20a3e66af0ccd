package io.text2media.health;

import io.text2media.shared.http.Jsons;
import io.text2media.shared.observe.InternalCheck;
import io.text2media.shared.store.KvStore;
import io.text2media.shared.store.Namespace;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code kv.users}: one read of the USERS namespace under a timeout. Unlike the original it writes nothing: a probe
 * that writes on every call fills the store and fails when the store is read-only.
 */
final class UsersStoreCheck implements InternalCheck {
    private static final ExecutorService READS = Executors.newVirtualThreadPerTaskExecutor();
    private final KvStore store;
    private final Duration timeout;

    UsersStoreCheck(KvStore store, Duration timeout) {
        this.store = store;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return "kv.users";
    }

    @Override
    public Result check() {
        Future<?> read = READS.submit(() -> store.get(Namespace.USERS, "__health__"));
        try {
            read.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Result(Result.OK, Jsons.object().build());
        } catch (TimeoutException e) {
            read.cancel(true);
            return error("read timed out after " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error("interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            String notReady = store.database().notReadyReason();
            return error(notReady != null ? notReady : "database unreachable");
        }
    }

    private static Result error(String reason) {
        return new Result(Result.ERROR, Jsons.object().add("reason", reason).build());
    }
}
