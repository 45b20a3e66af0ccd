package io.text2media.feedback;

import io.text2media.shared.testing.TestApp;
import io.text2media.shared.testing.TestDatabases;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The feedback flows on PostgreSQL (a private schema per test): skipped with a printed reason when no server answers
 * on 127.0.0.1:5432, mandatory under {@code CI=true}.
 */
class FeedbackPostgresTest extends FeedbackFlowsContract {
    private TestDatabases.Schema schema;

    @BeforeEach
    void createSchema() {
        schema = TestDatabases.postgres();
    }

    @AfterEach
    void dropSchema() {
        if (schema != null) {
            schema.close();
        }
    }

    @Override
    protected TestApp.Builder builder() {
        return FeedbackFixture.builder()
                .env("DB_URL", schema.settings().url())
                .env("DB_USER", schema.settings().user())
                .env("DB_PASSWORD", schema.settings().password());
    }
}
