package io.text2media.shared.observe;

import io.text2media.shared.config.ObserveSettings;
import io.text2media.shared.store.Database;
import io.text2media.shared.store.DbErrors;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Writes request and error log rows off the request path: a bounded queue drained by one thread in JDBC batches
 * of up to {@code REQUEST_LOG_BATCH_SIZE} rows, written when full or when the first row has waited
 * {@code REQUEST_LOG_FLUSH_MS}. A full queue drops the row and counts it, so logging never slows a request down.
 *
 * <p>The writer also has a CPU budget, {@code REQUEST_LOG_CPU_PERCENT} of the machine (default 3%): after each batch it
 * rests in proportion to the time the batch took. A row costs ~20 µs of database work on H2 (~40 µs on PostgreSQL),
 * so the default writes several thousand rows a second on two cores; a flood beyond that fills the queue and is dropped
 * and counted rather than taking the CPU from the requests. Shutdown writes everything queued, without the budget. {@link #close()} writes everything still queued
 * before the database closes; while the database is away a batch is retried, and the queue absorbs what arrives.
 */
public final class OpsLogWriter implements AutoCloseable {
    private static final Log LOG = Log.of(OpsLogWriter.class);
    private static final String INSERT_REQUEST = "INSERT INTO request_logs (id, ts, function, function_version, route, "
            + "method, status_code, duration_ms, request_bytes, response_bytes, is_stream, has_error, error_code, user_id, "
            + "client_ip_prefix, ua_family, upstream, model, original_model, key_id, prompt_tokens, completion_tokens, "
            + "total_tokens, cache_hit, attempts, upstream_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_ERROR = "INSERT INTO error_logs (id, request_id, ts, function, route, status_code, "
            + "error_type, message, stack_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration WAKE_UP = Duration.ofMillis(100);
    private static final Duration MAX_REST = Duration.ofSeconds(1);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Resolved by the writer thread on its first batch: the start does not wait for the pool to be built. */
    private final Supplier<Database> database;
    private final RowQueue queue;
    private final int batchSize;
    private final Duration flushInterval;
    /** The share of one thread's time the writer may be busy: budget × cores, at most all of it. */
    private final double busyShare;
    private final Thread thread;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong done = new AtomicLong();
    private final Counter written;
    private final Counter dropped;
    private final Counter failed;
    private volatile boolean running = true;

    public OpsLogWriter(Supplier<Database> database, ObserveSettings settings, MeterRegistry registry) {
        this.database = database;
        this.queue = new RowQueue(settings.requestLogQueueSize());
        this.batchSize = settings.requestLogBatchSize();
        this.flushInterval = settings.requestLogFlushInterval();
        this.busyShare = Math.min(1.0,
                settings.requestLogCpuPercent() / 100.0 * Runtime.getRuntime().availableProcessors());
        this.written = registry.getOrCreate(Counter.builder("text2media.request_log.written")
                .description("Request and error log rows written to the database"));
        this.dropped = registry.getOrCreate(Counter.builder("text2media.request_log.dropped")
                .description("Log rows dropped because the queue was full"));
        this.failed = registry.getOrCreate(Counter.builder("text2media.request_log.failed")
                .description("Log rows given up after the database refused them"));
        registry.getOrCreate(Gauge.builder("text2media.request_log.queue", queue, q -> (double) q.size())
                .description("Log rows waiting to be written"));
        this.thread = Thread.ofPlatform().daemon().name("request-log-writer").start(this::drain);
    }

    /** Whether a row offered now would be taken; lets a caller skip building one that would be dropped. */
    public boolean hasRoom() {
        return running && queue.hasRoom();
    }

    /** Counts a row that was not even built because there was no room. */
    public void dropped() {
        dropped.increment();
    }

    /** Queues a row; false (and counted) when the queue is full or the writer is closing. */
    public boolean offer(OpsRow row) {
        if (!running || !queue.offer(row)) {
            dropped.increment();
            return false;
        }
        accepted.incrementAndGet();
        return true;
    }

    /** Waits until every row accepted so far is written (or given up); for tests and tools. */
    public boolean flush(Duration timeout) {
        long target = accepted.get();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (done.get() < target && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return done.get() >= target;
    }

    public long droppedCount() {
        return (long) dropped.count();
    }

    private void drain() {
        List<OpsRow> batch = new ArrayList<>(batchSize);
        while (running || !queue.isEmpty()) {
            try {
                collect(batch);
                if (!batch.isEmpty()) {
                    long cpuBefore = THREADS.getCurrentThreadCpuTime();
                    try {
                        writeWithRetry(batch);
                    } finally {
                        done.addAndGet(batch.size()); // written (or given up) now, not after the rest below
                        batch.clear();
                    }
                    rest(THREADS.getCurrentThreadCpuTime() - cpuBefore);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Fills the batch until it is full or its first row has waited {@code REQUEST_LOG_FLUSH_MS}; looks at the closing
     * flag at least every 100 ms, so a shutdown writes at once. (No interrupts: one can close H2's file channel.)
     */
    private void collect(List<OpsRow> batch) throws InterruptedException {
        OpsRow first = queue.poll(WAKE_UP.toMillis(), TimeUnit.MILLISECONDS);
        if (first == null) {
            return;
        }
        batch.add(first);
        long deadline = System.nanoTime() + flushInterval.toNanos();
        while (batch.size() < batchSize && running) {
            if (queue.drainTo(batch, batchSize - batch.size()) > 0) {
                continue;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            OpsRow next = queue.poll(Math.min(left, WAKE_UP.toNanos()), TimeUnit.NANOSECONDS);
            if (next != null) {
                batch.add(next);
            }
        }
        queue.drainTo(batch, batchSize - batch.size());
    }

    /**
     * Keeps the writer within its CPU budget; skipped while closing, when everything queued must be written. The
     * thread's own CPU time is what counts: waiting for the database costs the requests nothing.
     */
    private void rest(long busyNanos) {
        if (!running || busyShare >= 1.0) {
            return;
        }
        long pause = Math.min(MAX_REST.toNanos(), (long) (busyNanos * (1 / busyShare - 1)));
        long until = System.nanoTime() + pause;
        while (running && System.nanoTime() < until) {
            sleep(Math.max(1, Math.min(WAKE_UP.toMillis(), (until - System.nanoTime()) / 1_000_000)));
        }
    }

    private void writeWithRetry(List<OpsRow> batch) {
        long pause = 200;
        for (int attempt = 1; ; attempt++) {
            try {
                write(batch);
                written.increment(batch.size());
                return;
            } catch (SQLException | RuntimeException e) {
                boolean transientFailure = DbErrors.isUnavailable(e) || !database.get().isMigrated();
                if (DbErrors.isUniqueViolation(e)) {
                    writeOneByOne(batch); // a retried batch that had been committed: skip the rows already there
                    return;
                }
                int maxAttempts = running ? 30 : 2;
                if (!transientFailure || attempt >= maxAttempts) {
                    failed.increment(batch.size());
                    LOG.warn("request_log_write_failed", e, "rows", batch.size());
                    return;
                }
                sleep(pause);
                pause = Math.min(5_000, pause * 2);
            }
        }
    }

    private void writeOneByOne(List<OpsRow> batch) {
        for (OpsRow row : batch) {
            try {
                write(List.of(row));
                written.increment();
            } catch (SQLException | RuntimeException e) {
                if (!DbErrors.isUniqueViolation(e)) {
                    failed.increment();
                }
            }
        }
    }

    private void write(List<OpsRow> rows) throws SQLException {
        if (!database.get().isMigrated()) {
            throw new IllegalStateException("database not migrated");
        }
        try (Connection connection = database.get().client().unwrap(Connection.class)) {
            connection.setAutoCommit(false);
            try (PreparedStatement requests = connection.prepareStatement(INSERT_REQUEST);
                 PreparedStatement errors = connection.prepareStatement(INSERT_ERROR)) {
                boolean anyRequest = false;
                boolean anyError = false;
                for (OpsRow row : rows) {
                    if (row instanceof RequestLogRow r) {
                        bind(requests, r);
                        requests.addBatch();
                        anyRequest = true;
                    } else if (row instanceof ErrorLogRow r) {
                        bind(errors, r);
                        errors.addBatch();
                        anyError = true;
                    }
                }
                if (anyRequest) {
                    requests.executeBatch();
                }
                if (anyError) {
                    errors.executeBatch();
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    private static void bind(PreparedStatement ps, RequestLogRow r) throws SQLException {
        int i = 1;
        ps.setObject(i++, UUID.fromString(r.id()));
        ps.setTimestamp(i++, Timestamp.from(r.ts()));
        ps.setString(i++, r.function());
        ps.setString(i++, r.functionVersion());
        ps.setString(i++, r.route());
        ps.setString(i++, r.method());
        ps.setInt(i++, r.statusCode());
        ps.setInt(i++, r.durationMs());
        ps.setLong(i++, r.requestBytes());
        ps.setLong(i++, r.responseBytes());
        ps.setBoolean(i++, r.stream());
        ps.setBoolean(i++, r.hasError());
        ps.setString(i++, r.errorCode());
        ps.setString(i++, r.userId());
        ps.setString(i++, r.clientIpPrefix());
        ps.setString(i++, r.uaFamily());
        ps.setString(i++, r.upstream());
        ps.setString(i++, r.model());
        ps.setString(i++, r.originalModel());
        ps.setString(i++, r.keyId());
        setInt(ps, i++, r.promptTokens());
        setInt(ps, i++, r.completionTokens());
        setInt(ps, i++, r.totalTokens());
        if (r.cacheHit() == null) {
            ps.setNull(i++, Types.BOOLEAN);
        } else {
            ps.setBoolean(i++, r.cacheHit());
        }
        setInt(ps, i++, r.attempts());
        setInt(ps, i, r.upstreamMs());
    }

    private static void bind(PreparedStatement ps, ErrorLogRow r) throws SQLException {
        ps.setObject(1, UUID.fromString(r.id()));
        ps.setObject(2, UUID.fromString(r.requestId()));
        ps.setTimestamp(3, Timestamp.from(r.ts()));
        ps.setString(4, r.function());
        ps.setString(5, r.route());
        ps.setInt(6, r.statusCode());
        ps.setString(7, r.errorType());
        ps.setString(8, r.message());
        ps.setString(9, r.stackHash());
    }

    private static void setInt(PreparedStatement ps, int index, Integer value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setInt(index, value);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops accepting rows, writes everything queued (bounded by a timeout), then stops the thread. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(CLOSE_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("request_log_close_timeout", "queued", queue.size());
        }
    }
}
