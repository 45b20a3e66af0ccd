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
    private final Duration minute = Duration.ofSeconds(60);
    private final Duration day = Duration.ofDays(1);

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
        assertTrue(limiter.hitWindowAndDay("m", 1, minute, "d", 10, day).day().allowed());
        RateLimiter.WindowAndDay refused = limiter.hitWindowAndDay("m", 1, minute, "d", 10, day);
        assertTrue(!refused.window().allowed());
        assertEquals(null, refused.day(), "the day was not asked");
        assertEquals(1, limiter.peek("d", 10, day).count(), "only the admitted hit used the day");
    }

    @Test
    void aHitOverTheDayGivesItsWindowSlotBack() {
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
    void theMinuteAndDayPairRenewsTheDayAtUtcMidnight() {
        // 23:59:00 UTC: one minute to midnight
        RateLimiter.MinuteAndDay first = limiter.hitMinuteAndDay("p", 5, 1);
        assertTrue(first.day().allowed());
        assertEquals(60, first.secondsUntilMidnight());
        RateLimiter.MinuteAndDay overDay = limiter.hitMinuteAndDay("p", 5, 1);
        assertTrue(overDay.minute().allowed());
        assertTrue(!overDay.day().allowed());
        assertEquals(2, limiter.peek("p:day:2026-05-05", 1, day).count(), "today's key names the day");
        clock.advance(Duration.ofSeconds(61)); // 00:00:01 on 2026-05-06: a new day, though the entry lives on
        RateLimiter.MinuteAndDay nextDay = limiter.hitMinuteAndDay("p", 5, 1);
        assertTrue(nextDay.day().allowed());
        assertEquals(86_399, nextDay.secondsUntilMidnight());
        assertEquals(2, limiter.peek("p:day:2026-05-05", 1, day).count(), "yesterday's counter is kept until it expires");
    }

    @Test
    void generationQuotaAnswers429ThenThe402OfTheDay() {
        GenerationQuota quota = new GenerationQuota(limiter, new RateLimitSettings(2, 3, 30, 100));
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
        GenerationQuota quota = new GenerationQuota(limiter, new RateLimitSettings(1, 10, 3, 100));
        quota.admit(GenerationQuota.Caller.anonymous("1.1.1.1"));
        assertThrows(ApiException.class, () -> quota.admit(GenerationQuota.Caller.anonymous("1.1.1.1")));
        quota.admit(GenerationQuota.Caller.anonymous("2.2.2.2"));
        for (int i = 0; i < 3; i++) {
            quota.admit(GenerationQuota.Caller.user("u1"));
        }
        assertEquals(429, assertThrows(ApiException.class, () -> quota.admit(GenerationQuota.Caller.user("u1"))).status());
    }
}
