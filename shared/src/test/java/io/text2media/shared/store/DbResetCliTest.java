package io.text2media.shared.store;

import io.text2media.shared.config.DatabaseSettings;
import io.text2media.shared.config.Env;
import io.text2media.shared.testing.TestDatabases;
import io.text2media.shared.testing.TestEnv;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The development reset: guarded for prod, confirmed on a terminal, and leaves an empty migrated schema. */
class DbResetCliTest {
    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    private static int run(Env env, String answer, String... args) throws Exception {
        BufferedReader terminal = answer == null ? null : new BufferedReader(new StringReader(answer + "\n"));
        return DbResetCli.run(List.of(args), env, terminal, QUIET, QUIET);
    }

    /** Puts one entry in the store of a database and says whether it is still there. */
    private static boolean seededEntrySurvives(Env env, ThrowingRun reset) throws Exception {
        try (Database db = Database.open(DatabaseSettings.fromEnv(env))) {
            new KvStore(db, Clock.systemUTC()).put(Namespace.STATE, "keep-me", "{\"v\":1}", null);
            reset.run();
            return new KvStore(db, Clock.systemUTC()).get(Namespace.STATE, "keep-me").isPresent();
        }
    }

    interface ThrowingRun {
        void run() throws Exception;
    }

    private static Env h2(String profile) {
        return Env.of(Map.of("DB_URL", TestEnv.h2MemoryUrl() + ";DB_CLOSE_DELAY=-1", "PROFILE", profile));
    }

    @Test
    void aConfirmedResetLeavesAnEmptyMigratedSchema() throws Exception {
        Env env = h2("dev");
        assertTrue(!seededEntrySurvives(env, () -> assertEquals(0, run(env, null, "--yes"))));
        try (Database db = Database.open(DatabaseSettings.fromEnv(env))) {
            long versions = db.execute().get("SELECT COUNT(*) FROM schema_version").orElseThrow().column(1).get(Long.class);
            assertTrue(versions >= 5, "migrated again: " + versions);
        }
    }

    @Test
    void onATerminalItAsksAndOnlyResetSaysYes() throws Exception {
        Env env = h2("dev");
        assertTrue(seededEntrySurvives(env, () -> assertEquals(1, run(env, "yes please"))), "anything but 'reset' keeps the data");
        assertTrue(seededEntrySurvives(env, () -> assertEquals(1, run(env, null))), "no terminal and no --yes: refused");
        assertTrue(!seededEntrySurvives(env, () -> assertEquals(0, run(env, "reset"))));
    }

    @Test
    void theProdProfileIsRefusedWithoutForce() throws Exception {
        Env env = h2("prod");
        assertTrue(seededEntrySurvives(env, () -> assertEquals(1, run(env, null, "--yes"))));
        assertTrue(!seededEntrySurvives(env, () -> assertEquals(0, run(env, null, "--yes", "--force"))));
        assertEquals(2, run(env, null, "--everything"));
    }

    @Test
    void onPostgresOnlyTheConfiguredSchemaIsReset() throws Exception {
        try (TestDatabases.Schema mine = TestDatabases.postgres(); TestDatabases.Schema other = TestDatabases.postgres()) {
            Env env = Env.of(Map.of("DB_URL", mine.settings().url(), "DB_USER", mine.settings().user(), "PROFILE", "dev"));
            Env otherEnv = Env.of(Map.of("DB_URL", other.settings().url(), "DB_USER", other.settings().user(), "PROFILE", "dev"));
            assertTrue(seededEntrySurvives(otherEnv, () ->
                    assertTrue(!seededEntrySurvives(env, () -> assertEquals(0, run(env, null, "--yes"))))),
                    "the other schema keeps its data");
        }
    }
}
