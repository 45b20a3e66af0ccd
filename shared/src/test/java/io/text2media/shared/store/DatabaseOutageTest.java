package io.text2media.shared.store;

import io.text2media.shared.testing.Http;
import io.text2media.shared.testing.ProbeFunction;
import io.text2media.shared.testing.TcpProxy;
import io.text2media.shared.testing.TestApp;
import io.text2media.shared.testing.Waits;

import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A database that is unreachable at start and that goes away later: the function starts anyway, readiness and the
 * store-backed routes answer 503 JSON, and everything recovers by itself when the database is back. The database
 * is an H2 TCP server behind a loopback proxy the test cuts and restores.
 */
class DatabaseOutageTest {
    private Server h2;
    private TcpProxy proxy;

    @BeforeEach
    void startDatabase() throws Exception {
        h2 = Server.createTcpServer("-tcpPort", "0", "-tcpAllowOthers", "-ifNotExists").start();
        proxy = TcpProxy.startCut("127.0.0.1", h2.getPort());
    }

    @AfterEach
    void stopDatabase() {
        proxy.close();
        h2.stop();
    }

    @Test
    void startsWithoutTheDatabaseAnswers503AndRecoversWhenItComesBackAndAfterALaterCut() throws Exception {
        String url = "jdbc:h2:tcp://127.0.0.1:" + proxy.port() + "/mem:outage" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        try (TestApp app = TestApp.builder().provider(new ProbeFunction()).noDatabaseWait()
                .env("DB_URL", url).env("DB_CONNECT_TIMEOUT_MS", "500").start()) {
            Http http = app.http();

            Http.Res write = http.post("/probe/kv/a", "{\"v\":1}");
            assertEquals(503, write.status(), write.toString());
            assertEquals("store_unavailable", write.json().getString("code"));
            assertEquals("5", write.header("Retry-After").orElseThrow());
            assertEquals(503, http.get("/observe/health/ready").status());
            assertEquals(200, http.get("/observe/health/live").status(), "liveness does not depend on the database");
            assertEquals(400, http.post("/probe/echo", "null").status(), "routes without the store still work");

            proxy.restore();
            Waits.until("migrations ran in the background", 15_000, () -> app.context().database().isMigrated());
            assertEquals(201, http.post("/probe/kv/a", "{\"v\":1}").status());
            assertEquals(1, http.get("/probe/kv/a").json().getInt("v"));
            Waits.until("ready", 5_000, () -> http.get("/observe/health/ready").status() == 200);

            proxy.cut();
            Http.Res during = http.get("/probe/kv/a");
            assertEquals(503, during.status(), during.toString());
            assertEquals("store_unavailable", during.json().getString("code"));
            assertEquals(503, http.get("/observe/health/ready").status());

            proxy.restore();
            Waits.until("the pool reconnects", 15_000, () -> http.get("/probe/kv/a").status() == 200);
            assertEquals(1, http.get("/probe/kv/a").json().getInt("v"), "nothing was lost");
            assertEquals(200, http.get("/observe/health/ready").status());
        }
    }
}
