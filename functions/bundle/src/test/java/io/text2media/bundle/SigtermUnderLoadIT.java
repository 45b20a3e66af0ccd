package io.text2media.bundle;

import io.text2media.shared.config.DatabaseSettings;
import io.text2media.shared.config.Env;
import io.text2media.shared.store.Database;
import io.text2media.shared.store.KvStore;
import io.text2media.shared.store.Namespace;
import io.text2media.shared.testing.Http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kills the bundle with SIGTERM while 16 clients write through it, then opens its database: every write that was
 * answered 201 is there, and every answered call has its request_logs row (the queue was flushed before the database
 * closed). (The probe function from the shared test classes gives the bundle a write route.)
 */
class SigtermUnderLoadIT {

    @Test
    void noAcknowledgedWriteIsLost(@TempDir Path dir) throws Exception {
        Map<String, String> env = FunctionJarIT.env(dir);
        String classpath = JarProcess.jar("bundle") + File.pathSeparator + JarProcess.sharedTestClasses();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Set<String> answeredIds = ConcurrentHashMap.newKeySet();
        AtomicInteger refused = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        int exit;
        try (JarProcess bundle = JarProcess.start(classpath, env)) {
            Http http = bundle.http();
            ExecutorService clients = Executors.newFixedThreadPool(16);
            for (int c = 0; c < 16; c++) {
                int client = c;
                clients.submit(() -> {
                    for (int n = 0; !stop.get(); n++) {
                        String key = client + "-" + n;
                        try {
                            Http.Res res = http.post("/probe/kv/" + key, "{\"client\":" + client + ",\"n\":" + n + "}");
                            if (res.status() != 503) {
                                res.header("X-Request-Id").ifPresent(answeredIds::add);
                            }
                            if (res.status() == 201) {
                                acknowledged.add(key);
                            } else {
                                refused.incrementAndGet();
                            }
                        } catch (RuntimeException e) {
                            refused.incrementAndGet(); // connection refused or reset: not acknowledged
                        }
                    }
                });
            }
            while (acknowledged.size() < 200) {
                Thread.sleep(20);
            }
            exit = bundle.terminate();
            stop.set(true);
            clients.shutdown();
            assertTrue(clients.awaitTermination(30, TimeUnit.SECONDS));
            assertTrue(bundle.output().contains("shutdown_complete"), bundle.output());
        }
        assertEquals(0, exit, "a graceful exit");
        assertTrue(acknowledged.size() >= 200);

        DatabaseSettings db = DatabaseSettings.fromEnv(Env.of(Map.of("DATA_DIR", dir.toString())));
        try (Database database = Database.open(db)) {
            KvStore store = new KvStore(database, Clock.systemUTC());
            List<String> missing = acknowledged.stream()
                    .filter(key -> store.get(Namespace.STATE, "probe:" + key).isEmpty())
                    .toList();
            assertEquals(List.of(), missing, "acknowledged writes missing after SIGTERM (" + acknowledged.size()
                    + " acknowledged, " + refused.get() + " refused)");
            long notLogged = answeredIds.stream().filter(id -> database.execute()
                    .createGet("SELECT id FROM request_logs WHERE id = CAST(:id AS UUID)").addParam("id", id)
                    .execute().isEmpty()).count();
            assertEquals(0, notLogged, "answered calls without a request_logs row, of " + answeredIds.size());
            assertTrue(answeredIds.size() >= acknowledged.size());
        }
    }
}
