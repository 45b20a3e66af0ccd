package io.text2media.health.ops;

import io.text2media.shared.config.DatabaseSettings;
import io.text2media.shared.testing.TestDatabases;

import org.junit.jupiter.api.AfterEach;

/** The operations SQL on PostgreSQL (a private schema; mandatory under CI=true). */
class PostgresOpsStoreTest extends OpsStoreContract {
    private TestDatabases.Schema schema;

    @Override
    protected DatabaseSettings settings() {
        if (schema == null) {
            schema = TestDatabases.postgres();
        }
        return schema.settings();
    }

    @AfterEach
    void dropSchema() {
        if (schema != null) {
            schema.close();
        }
    }
}
