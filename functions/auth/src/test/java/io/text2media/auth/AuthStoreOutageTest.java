package io.text2media.auth;

import io.text2media.shared.testing.Http;
import io.text2media.shared.testing.TcpProxy;
import io.text2media.shared.testing.TestApp;
import io.text2media.shared.testing.Waits;

import org.h2.tools.Server;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A store outage is a 503 with Retry-After on the auth routes, never a 401: the original answered validate's
 * exceptions with 401 {@code internal_error}, and a frontend that sees 401 logs its user out over a database blip.
 */
class AuthStoreOutageTest {

    @Test
    void validateAndLoginAnswer503WhileTheStoreIsAwayAndWorkAgainAfter() throws Exception {
        Server h2 = Server.createTcpServer("-tcpPort", "0", "-tcpAllowOthers", "-ifNotExists").start();
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", h2.getPort());
             TestApp app = AuthApi.app()
                     .env("DB_URL", "jdbc:h2:tcp://127.0.0.1:" + proxy.port() + "/mem:auth" + System.nanoTime() + ";DB_CLOSE_DELAY=-1")
                     .env("DB_CONNECT_TIMEOUT_MS", "500").start()) {
            AuthApi api = new AuthApi(app);
            String token = api.registered("blip@example.com", "secret1");

            proxy.cut();
            for (Http.Res res : new Http.Res[] {api.validate(token), api.login("blip@example.com", "secret1")}) {
                assertEquals(503, res.status(), res.toString());
                assertEquals("store_unavailable", res.json().getString("code"));
                assertEquals("5", res.header("Retry-After").orElseThrow());
            }

            proxy.restore();
            Waits.until("the pool reconnects", 15_000, () -> api.validate(token).status() == 200);
            assertEquals(200, api.login("blip@example.com", "secret1").status());
        } finally {
            h2.stop();
        }
    }
}
