package io.text2media.shared.store;

import io.text2media.shared.testing.TestDatabases;

import org.junit.jupiter.api.AfterEach;

/** The KV contract on PostgreSQL (a private schema in the local server; mandatory under CI=true). */
class PostgresKvStoreTest extends KvStoreContract {
    private TestDatabases.Schema schema;

    @Override
    protected Database openDatabase() {
        schema = TestDatabases.postgres();
        return Database.open(schema.settings());
    }

    @AfterEach
    void dropSchema() {
        if (schema != null) {
            schema.close();
        }
    }
}
