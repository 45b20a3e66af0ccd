package io.text2media.feedback;

import io.text2media.shared.http.RequestInfo;
import io.text2media.shared.testing.Http;
import io.text2media.shared.testing.TcpProxy;
import io.text2media.shared.testing.TestApp;

import org.h2.tools.Server;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The lists' failure rows (original-contract.md §4.13, §4.14): a list that cannot be read is the original's
 * {@code 400 获取反馈列表失败}, while a store outage stays the project's 503 {@code store_unavailable}.
 */
class FeedbackListFailureTest {

    @Test
    void anUnexpectedReadFailureOfTheAdminListIsTheOriginals400AndKeptForTheErrorLog() {
        try (TestApp app = FeedbackFixture.builder().start()) {
            List<RequestInfo> logged = new CopyOnWriteArrayList<>();
            app.context().addRequestListener((request, info, status, bytes) -> logged.add(info));
            // a statement that fails for a reason other than an unreachable database
            app.store().database().execute().dml("ALTER TABLE kv_entries ALTER COLUMN v RENAME TO v_gone");

            Http.Res res = FeedbackFixture.adminList(app, "");
            assertEquals(400, res.status(), res.toString());
            assertFalse(res.json().getBoolean("success"));
            assertEquals("获取反馈列表失败", res.json().getString("error"));
            assertEquals("list_failed", res.json().getString("code"));
            assertFalse(res.body().contains("v_gone"), "no SQL in the answer");
            app.awaitIdle();
            assertNotNull(logged.getFirst().failure(), "a 400, but a failure of ours: it goes to the error log");
        }
    }

    @Test
    void aStoreOutageIsThe503OfEveryStoreBackedRoute() throws Exception {
        Server h2 = Server.createTcpServer("-tcpPort", "0", "-tcpAllowOthers", "-ifNotExists").start();
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", h2.getPort())) {
            String url = "jdbc:h2:tcp://127.0.0.1:" + proxy.port() + "/mem:feedback" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
            try (TestApp app = FeedbackFixture.builder().env("DB_URL", url).env("DB_CONNECT_TIMEOUT_MS", "500").start()) {
                String token = FeedbackFixture.login(app, "u1", "a@example.com");
                assertEquals(200, FeedbackFixture.adminList(app, "").status());
                proxy.cut();
                for (Http.Res res : List.of(FeedbackFixture.adminList(app, ""), FeedbackFixture.mine(app, token))) {
                    assertEquals(503, res.status(), res.toString());
                    assertEquals("store_unavailable", res.json().getString("code"));
                    assertEquals("5", res.header("Retry-After").orElseThrow());
                }
            }
        } finally {
            h2.stop();
        }
    }
}
