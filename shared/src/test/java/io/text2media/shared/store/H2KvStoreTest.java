package io.text2media.shared.store;

import io.text2media.shared.testing.TestDatabases;

/** The KV contract on embedded H2 (the default database). */
class H2KvStoreTest extends KvStoreContract {

    @Override
    protected Database openDatabase() {
        return Database.open(TestDatabases.h2());
    }
}
