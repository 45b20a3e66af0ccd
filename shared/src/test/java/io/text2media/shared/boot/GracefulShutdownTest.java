package io.text2media.shared.boot;

import io.text2media.shared.testing.Http;
import io.text2media.shared.testing.ProbeFunction;
import io.text2media.shared.testing.TestApp;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GracefulShutdownTest {

    @Test
    void anInFlightRequestFinishesAndShutdownWorkRunsBeforeTheDatabaseCloses() throws Exception {
        TestApp app = TestApp.builder().provider(new ProbeFunction()).start();
        Http http = app.http();
        boolean[] flushedWhileDatabaseOpen = new boolean[1];
        app.context().onShutdown(() -> flushedWhileDatabaseOpen[0] = app.context().database().ping());

        CompletableFuture<Http.Res> slow = CompletableFuture.supplyAsync(() -> http.get("/probe/slow?ms=1500"));
        io.text2media.shared.testing.Waits.until("the slow request is being served", 10_000,
                () -> app.application().activeRequests() > 0);
        long start = System.nanoTime();
        app.close();
        long stopMillis = (System.nanoTime() - start) / 1_000_000;

        Http.Res res = slow.get(5, TimeUnit.SECONDS);
        assertEquals(200, res.status(), "the in-flight request was answered");
        assertEquals(1500, res.json().getInt("slept"));
        assertEquals(true, flushedWhileDatabaseOpen[0], "shutdown work ran while the database was still open");
        org.junit.jupiter.api.Assertions.assertTrue(stopMillis >= 900, "stop waited for the request: " + stopMillis);
        org.junit.jupiter.api.Assertions.assertTrue(stopMillis < 5000, "but not for idle keep-alive connections: " + stopMillis);
        assertThrows(Exception.class, () -> http.get("/probe/slow?ms=1"), "no new requests after stop");
    }
}
