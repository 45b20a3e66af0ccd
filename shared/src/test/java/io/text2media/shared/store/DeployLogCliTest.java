package io.text2media.shared.store;

import io.text2media.shared.config.Env;
import io.text2media.shared.testing.TestDatabases;
import io.text2media.shared.testing.TestEnv;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The deploy log's database copy: lines go in as the scripts write them and come back the same, on H2 and PostgreSQL. */
class DeployLogCliTest {
    private static final String V1 = "2026-12-01T10:00:00Z\talice\timage\t-\t1.0.0\tabc1234\tlocal";
    private static final String V2 = "2026-12-01T11:30:00Z\tbob\timage\t1.0.0\t1.1.0\tdef5678\tlocal-canary-10";
    private static final String AUTH = "2026-12-01T12:00:00Z\tbob\tauth\t-\t1.0.0\tdef5678\tknative";

    private static int run(Env env, ByteArrayOutputStream out, String... args) {
        return DeployLogCli.run(List.of(args), env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    private static void roundTrip(Env env) {
        ByteArrayOutputStream ignored = new ByteArrayOutputStream();
        assertEquals(0, run(env, ignored, "append", V2));
        assertEquals(0, run(env, ignored, "append", AUTH));
        assertEquals(0, run(env, ignored, "append", V1));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, run(env, out, "history", "image"));
        assertEquals(V1 + "\n" + V2 + "\n", out.toString(StandardCharsets.UTF_8), "oldest first, only that function");
    }

    @Test
    void linesRoundTripOnH2() {
        roundTrip(Env.of(Map.of("DB_URL", TestEnv.h2MemoryUrl() + ";DB_CLOSE_DELAY=-1")));
    }

    @Test
    void linesRoundTripOnPostgres() {
        try (TestDatabases.Schema schema = TestDatabases.postgres()) {
            roundTrip(Env.of(Map.of("DB_URL", schema.settings().url(), "DB_USER", schema.settings().user())));
        }
    }

    @Test
    void malformedLinesAndUnreachableDatabasesHaveTheirExitCodes() {
        Env h2 = Env.of(Map.of("DB_URL", TestEnv.h2MemoryUrl()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(2, run(h2, out, "append", "not\ta\tline"));
        assertEquals(2, run(h2, out, "append", "yesterday\ta\tb\tc\td\te\tf"), "the time must be ISO");
        assertEquals(2, run(h2, out, "rewrite", "image"));
        assertEquals(3, run(Env.of(Map.of("DB_URL", "jdbc:postgresql://127.0.0.1:1/none", "DB_CONNECT_TIMEOUT_MS", "500")),
                out, "append", V1));
    }
}
