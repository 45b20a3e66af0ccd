package io.text2media.health.ops;

import io.text2media.shared.config.DatabaseSettings;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The operations SQL on an H2 file, the default database (a backup is written by the process owning the file). */
class H2OpsStoreTest extends OpsStoreContract {
    @TempDir
    Path dir;

    @Override
    protected DatabaseSettings settings() {
        return new DatabaseSettings("jdbc:h2:file:" + dir.resolve("ops").toAbsolutePath() + ";AUTO_SERVER=TRUE", "sa", "", 4, 2000);
    }
}
