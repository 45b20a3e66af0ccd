package io.text2media.shared.ratelimit;

import io.text2media.shared.config.RateLimitSettings;
import io.text2media.shared.http.ApiException;
import io.text2media.shared.store.Database;
import io.text2media.shared.store.KvStore;
import io.text2media.shared.testing.MutableClock;
import io.text2media.shared.testing.TestDatabases;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RateLimiterTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-05-05T23:59:00Z"));
    private final Database database = Database.open(TestDatabases.h2());
    private final RateLimiter limiter = new RateLimiter(new KvStore(database, clock), clock);

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void twentyParallelHitsAgainstALimitOfEightAdmitExactlyEight() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            results.add(pool.submit(() -> {
                go.await();
                return limiter.hit("k", 8, Duration.ofMinutes(1)).allowed();
            }));
        }
        go.countDown();
        int allowed = 0;
        for (Future<Boolean> f : results) {
            allowed += f.get() ? 1 : 0;
        }
        pool.shutdown();
        assertEquals(8, allowed);
    }

    @Test
    void releasingAfterTheWindowEndedGrantsNoExtraHit() {
        Duration window = Duration.ofSeconds(60);
        limiter.hit("r", 2, window);
        clock.advance(Duration.ofSeconds(61)); // the window ended between the hit and its release
        limiter.release("r", window);
        assertTrue(limiter.hit("r", 2, window).allowed());
        assertTrue(limiter.hit("r", 2, window).allowed());
        assertTrue(!limiter.hit("r", 2, window).allowed(), "the new window holds two hits, not three");
    }

    @Test
    void releasingInsideTheWindowGivesTheHitBack() {
        Duration window = Duration.ofSeconds(60);
        limiter.hit("g", 1, window);
        limiter.release("g", window);
        assertTrue(limiter.hit("g", 1, window).allowed());
        assertTrue(!limiter.hit("g", 1, window).allowed());
    }

    @Test
    void theWindowStartsAtTheFirstHitAndTellsHowLongToWait() {
        limiter.hit("w", 2, Duration.ofSeconds(60));
        clock.advance(Duration.ofSeconds(15));
        limiter.hit("w", 2, Duration.ofSeconds(60));
        RateLimiter.Window third = limiter.hit("w", 2, Duration.ofSeconds(60));
        assertTrue(!third.allowed());
        assertEquals(45, third.retryAfterSeconds());
        clock.advance(Duration.ofSeconds(45));
        assertTrue(limiter.hit("w", 2, Duration.ofSeconds(60)).allowed(), "a new window");
    }

    @Test
    void aHitOverTheWindowIsNotCountedAgainstTheDay() {
        Duration minute = Duration.ofSeconds(60);
        Duration day = Duration.ofDays(1);
        assertTrue(limiter.hitWindowAndDay("m", 1, minute, "d", 10, day).day().allowed());
        RateLimiter.WindowAndDay refused = limiter.hitWindowAndDay("m", 1, minute, "d", 10, day);
        assertTrue(!refused.window().allowed());
        assertEquals(null, refused.day(), "the day was not asked");
        assertEquals(1, limiter.peek("d", 10, day).count(), "only the admitted hit used the day");
    }

    @Test
    void aHitOverTheDayGivesItsWindowSlotBack() {
        Duration minute = Duration.ofSeconds(60);
        Duration day = Duration.ofDays(1);
        assertTrue(limiter.hitWindowAndDay("m2", 5, minute, "d2", 1, day).day().allowed());
        RateLimiter.WindowAndDay overDay = limiter.hitWindowAndDay("m2", 5, minute, "d2", 1, day);
        assertTrue(overDay.window().allowed());
        assertTrue(!overDay.day().allowed());
        assertEquals(1, limiter.peek("m2", 5, minute).count(), "the refused hit took its minute slot back");
        clock.advance(Duration.ofSeconds(15));
        assertEquals(45, limiter.hitWindowAndDay("m2", 5, minute, "d2", 1, day).window().retryAfterSeconds(),
                "the window started with the first hit");
    }

    @Test
    void generationQuotaAnswers429ThenThe402OfTheDay() {
        GenerationQuota quota = new GenerationQuota(limiter, new RateLimitSettings(2, 3, 30, 100), clock);
        GenerationQuota.Caller anon = GenerationQuota.Caller.anonymous("10.0.0.1");
        quota.admit(anon);
        quota.admit(anon);
        ApiException rate = assertThrows(ApiException.class, () -> quota.admit(anon));
        assertEquals(429, rate.status());
        assertEquals("请求过于频繁，请稍后再试", rate.body().getString("error"));
        assertEquals(60, rate.body().getInt("retry_after"));
        assertEquals("60", rate.headers().get("Retry-After"));
        assertTrue(!rate.body().containsKey("remaining"));

        clock.advance(Duration.ofSeconds(61)); // 00:00:01 on the next UTC day: a new minute window and a new day
        quota.admit(anon);
        clock.set(Instant.parse("2026-05-06T10:00:00Z"));
        quota.admit(anon);
        quota.admit(anon);
        clock.advance(Duration.ofMinutes(2));
        ApiException daily = assertThrows(ApiException.class, () -> quota.admit(anon));
        assertEquals(402, daily.status());
        assertEquals("今日额度已用完", daily.body().getString("error"));
        assertEquals(0, daily.body().getInt("remaining"));
        assertEquals(3, daily.body().getInt("total"));
        assertTrue(!daily.body().containsKey("retry_after"));
    }

    @Test
    void usersAndAnonymousCallersHaveSeparateBucketsAndLimits() {
        GenerationQuota quota = new GenerationQuota(limiter, new RateLimitSettings(1, 10, 3, 100), clock);
        quota.admit(GenerationQuota.Caller.anonymous("1.1.1.1"));
        assertThrows(ApiException.class, () -> quota.admit(GenerationQuota.Caller.anonymous("1.1.1.1")));
        quota.admit(GenerationQuota.Caller.anonymous("2.2.2.2"));
        for (int i = 0; i < 3; i++) {
            quota.admit(GenerationQuota.Caller.user("u1"));
        }
        assertEquals(429, assertThrows(ApiException.class, () -> quota.admit(GenerationQuota.Caller.user("u1"))).status());
    }
}
