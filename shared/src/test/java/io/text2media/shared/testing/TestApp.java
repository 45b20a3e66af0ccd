package io.text2media.shared.testing;

import io.text2media.shared.boot.Application;
import io.text2media.shared.boot.FunctionContext;
import io.text2media.shared.boot.FunctionProvider;
import io.text2media.shared.boot.Launcher;
import io.text2media.shared.config.Env;
import io.text2media.shared.config.Settings;
import io.text2media.shared.store.KvStore;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A real server on a random loopback port, started through the same Launcher as production. */
public final class TestApp implements AutoCloseable {
    private final Application app;
    private final Http http;

    private TestApp(Application app) {
        this.app = app;
        this.http = new Http(URI.create("http://127.0.0.1:" + app.port() + "/"));
    }

    public static Builder builder() {
        return new Builder();
    }

    public Http http() {
        return http;
    }

    public int port() {
        return app.port();
    }

    public URI uri(String path) {
        return http.base().resolve(path);
    }

    public FunctionContext context() {
        return app.context();
    }

    public KvStore store() {
        return app.context().store();
    }

    public Application application() {
        return app;
    }

    /**
     * Waits until no request is being served. A call's listeners (metrics, its log row) run just after its response
     * was sent, so a client can see the answer before they did; after this they all have.
     */
    public void awaitIdle() {
        Waits.until("no request in flight", 30_000, () -> app.activeRequests() == 0);
    }

    @Override
    public void close() {
        app.stop();
    }

    /** Collects the environment and functions of a test server. */
    public static final class Builder {
        private final Map<String, String> env = TestEnv.defaults();
        private final List<FunctionProvider> providers = new ArrayList<>();
        private Clock clock = Clock.systemUTC();
        private boolean waitForDatabase = true;

        public Builder env(String name, String value) {
            if (value == null) {
                env.remove(name);
            } else {
                env.put(name, value);
            }
            return this;
        }

        public Builder env(Map<String, String> values) {
            values.forEach(this::env);
            return this;
        }

        public Builder provider(FunctionProvider... more) {
            providers.addAll(List.of(more));
            return this;
        }

        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        /** Do not wait for migrations (for tests that start with the database down). */
        public Builder noDatabaseWait() {
            this.waitForDatabase = false;
            return this;
        }

        public Settings settings() {
            return Settings.from(Env.of(env));
        }

        public TestApp start() {
            Application app = Launcher.start(settings(), providers, clock);
            if (waitForDatabase) {
                app.context().databaseIfStarted().ifPresent(db -> Waits.until("database migrated", 15_000, db::isMigrated));
            }
            return new TestApp(app);
        }
    }
}
