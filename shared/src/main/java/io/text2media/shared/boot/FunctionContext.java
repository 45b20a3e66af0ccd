package io.text2media.shared.boot;

import io.text2media.shared.auth.Authenticator;
import io.text2media.shared.auth.HashingPool;
import io.text2media.shared.auth.JwtService;
import io.text2media.shared.auth.OperatorToken;
import io.text2media.shared.auth.PasswordHasher;
import io.text2media.shared.auth.UserRecords;
import io.text2media.shared.config.Env;
import io.text2media.shared.config.Settings;
import io.text2media.shared.http.ClientAddresses;
import io.text2media.shared.http.JsonBodies;
import io.text2media.shared.http.RequestListener;
import io.text2media.shared.lang.Lazy;
import io.text2media.shared.observe.InternalCheck;
import io.text2media.shared.observe.Log;
import io.text2media.shared.observe.MetricEvents;
import io.text2media.shared.observe.OpsLogWriter;
import io.text2media.shared.observe.RequestWindow;
import io.text2media.shared.ratelimit.GenerationQuota;
import io.text2media.shared.ratelimit.RateLimiter;
import io.text2media.shared.store.Database;
import io.text2media.shared.store.KvStore;
import io.text2media.shared.upstream.Upstreams;

import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the shared library gives every function of one process: settings, the store, password hashing, tokens, the
 * upstream clients, rate limits, request parsing and the observability hooks. Everything is built once per process;
 * the pool is opened beside the start (every process writes its request log), the rest on first use.
 */
public final class FunctionContext implements AutoCloseable {
    private static final Log LOG = Log.of(FunctionContext.class);
    private final Settings settings;
    private final Clock clock;
    private final Lazy<Database> database;
    private final Lazy<KvStore> store;
    private final Lazy<HashingPool> hashing;
    private final Lazy<JwtService> jwt;
    private final Lazy<Authenticator> authenticator;
    private final Lazy<Upstreams> upstreams;
    private final Lazy<RateLimiter> rateLimiter;
    private final Lazy<GenerationQuota> generationQuota;
    private final PasswordHasher passwords;
    private final JsonBodies json;
    private final ClientAddresses clientAddresses;
    private final MetricEvents metricEvents;
    private final OperatorToken operatorToken;
    private final RequestWindow requestWindow;
    private final Lazy<OpsLogWriter> opsLogWriter;
    private final List<InternalCheck> internalChecks = new CopyOnWriteArrayList<>();
    private final List<RequestListener> requestListeners = new CopyOnWriteArrayList<>();
    private final Map<Class<?>, Object> services = new ConcurrentHashMap<>();
    private final Map<String, String> functionVersions = new ConcurrentHashMap<>();
    private final Deque<Runnable> shutdownActions = new ConcurrentLinkedDeque<>();
    private final List<Runnable> afterStart = new CopyOnWriteArrayList<>();

    public FunctionContext(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.passwords = new PasswordHasher(settings.passwords());
        this.json = new JsonBodies(settings.http().maxBodyBytes());
        this.clientAddresses = new ClientAddresses(settings.http().trustedProxyHeader());
        this.metricEvents = new MetricEvents(settings.observe(), clock);
        this.operatorToken = new OperatorToken(settings.healthCheckToken());
        this.requestWindow = new RequestWindow(clock);
        this.database = new Lazy<>(() -> Database.start(settings.database()));
        this.store = new Lazy<>(() -> new KvStore(database.get(), clock));
        this.opsLogWriter = new Lazy<>(() -> new OpsLogWriter(database::get, settings.observe(), metrics()));
        this.hashing = new Lazy<>(() -> new HashingPool(settings.passwords()));
        this.jwt = new Lazy<>(() -> new JwtService(settings.jwt(), clock));
        this.authenticator = new Lazy<>(() -> new Authenticator(jwt.get(), new UserRecords(store.get())));
        this.upstreams = new Lazy<>(() -> new Upstreams(settings.upstream(), settings.outboundProxy(), clock));
        this.rateLimiter = new Lazy<>(() -> new RateLimiter(store.get(), clock));
        this.generationQuota = new Lazy<>(() -> new GenerationQuota(rateLimiter.get(), settings.rateLimits()));
        afterStart(() -> upstreams.ifBuilt().ifPresent(Upstreams::warmUp));
    }

    /**
     * Work that the first requests should not wait for and the start should not either (building a client, a cache):
     * run once, in the background, as soon as the server serves. Whatever a request needs first it builds itself.
     */
    public void afterStart(Runnable task) {
        afterStart.add(task);
    }

    List<Runnable> afterStartTasks() {
        return List.copyOf(afterStart);
    }

    public Settings settings() {
        return settings;
    }

    /** The raw environment, for a function's own typed settings. */
    public Env env() {
        return settings.env();
    }

    public Clock clock() {
        return clock;
    }

    public Database database() {
        return database.get();
    }

    /**
     * Starts building the connection pool on a thread of its own and returns at once: the start goes on with the
     * routes while the JDBC and pool classes initialise (~50 ms of a cold start); whoever needs the database first
     * waits only for what is left.
     */
    public void openDatabaseInBackground() {
        Thread.ofPlatform().daemon().name("db-open").start(() -> {
            try {
                database.get();
            } catch (RuntimeException e) {
                LOG.warn("database_open_failed", e); // the next database() call tries again and throws to its caller
            }
        });
    }

    public Optional<Database> databaseIfStarted() {
        return database.ifBuilt();
    }

    public KvStore store() {
        return store.get();
    }

    public PasswordHasher passwords() {
        return passwords;
    }

    public HashingPool hashing() {
        return hashing.get();
    }

    public JwtService jwt() {
        return jwt.get();
    }

    public Authenticator authenticator() {
        return authenticator.get();
    }

    public Upstreams upstreams() {
        return upstreams.get();
    }

    public Optional<Upstreams> upstreamsIfStarted() {
        return upstreams.ifBuilt();
    }

    public RateLimiter rateLimiter() {
        return rateLimiter.get();
    }

    public GenerationQuota generationQuota() {
        return generationQuota.get();
    }

    public JsonBodies json() {
        return json;
    }

    public ClientAddresses clientAddresses() {
        return clientAddresses;
    }

    public MeterRegistry metrics() {
        return Metrics.globalRegistry();
    }

    /** Sliding windows over this process's calls: the figures of {@code /internal/health}'s {@code metrics}. */
    public RequestWindow requestWindow() {
        return requestWindow;
    }

    /** The queue and batch writer of {@code request_logs} and {@code error_logs}. */
    public OpsLogWriter opsLogWriter() {
        return opsLogWriter.get();
    }

    public Optional<OpsLogWriter> opsLogWriterIfStarted() {
        return opsLogWriter.ifBuilt();
    }

    /** The original's sampled {@code [METRIC]} log lines. */
    /** The token of the internal routes (HEALTH_CHECK_TOKEN). */
    public OperatorToken operatorToken() {
        return operatorToken;
    }

    public MetricEvents metricEvents() {
        return metricEvents;
    }

    /** Adds a check to {@code /internal/health} (e.g. the LLM key pool). */
    public void addInternalCheck(InternalCheck check) {
        internalChecks.add(check);
    }

    public List<InternalCheck> internalChecks() {
        return List.copyOf(internalChecks);
    }

    /** Adds a listener told about every completed call (metrics, request log). */
    public void addRequestListener(RequestListener listener) {
        requestListeners.add(listener);
    }

    public List<RequestListener> requestListeners() {
        return requestListeners;
    }

    /**
     * Offers a service to the other functions of this process (e.g. the audio function's speech generator, which the
     * image function uses for {@code type:"audio"} in the bundle instead of an HTTP hop).
     */
    public <T> void provide(Class<T> type, T service) {
        services.put(type, service);
    }

    public <T> Optional<T> service(Class<T> type) {
        return Optional.ofNullable(type.cast(services.get(type)));
    }

    void functionStarted(String name, String version) {
        functionVersions.put(name, version);
    }

    /** The functions served by this process and their versions. */
    public Map<String, String> functionVersions() {
        return Map.copyOf(functionVersions);
    }

    /** Work to do at shutdown, after the server stopped taking requests and before the database closes (LIFO). */
    public void onShutdown(Runnable action) {
        shutdownActions.push(action);
    }

    @Override
    public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        Runnable action;
        while ((action = shutdownActions.poll()) != null) {
            try {
                action.run();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        hashing.ifBuilt().ifPresent(HashingPool::close);
        // Rows queued by the last requests are written before the database closes.
        opsLogWriter.ifBuilt().ifPresent(OpsLogWriter::close);
        database.ifBuilt().ifPresent(Database::close);
        if (!failures.isEmpty()) {
            throw failures.getFirst();
        }
    }
}
