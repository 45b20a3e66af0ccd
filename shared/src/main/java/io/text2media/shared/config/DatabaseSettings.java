package io.text2media.shared.config;

import java.nio.file.Path;

/**
 * Where the KV store and the operational tables live: an H2 file under the data directory by default,
 * PostgreSQL through {@code DB_URL}.
 */
public record DatabaseSettings(String url, String user, String password, int poolSize, int connectTimeoutMs) {

    /**
     * AUTO_SERVER lets several local processes (functions, kv.sh) share the file; WRITE_DELAY=0 makes each commit
     * reach the file at once, so a killed process loses nothing it acknowledged. (H2 refuses AUTO_SERVER together with
     * DB_CLOSE_ON_EXIT=FALSE; the launcher's signal handler stops gracefully before H2's own exit hook runs.)
     */
    static String defaultH2Url(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.resolve("text2media").toString().replace('\\', '/')
                + ";AUTO_SERVER=TRUE;WRITE_DELAY=0";
    }

    /** The database settings alone (for command-line tools that need no JWT secret). */
    public static DatabaseSettings fromEnv(Env env) {
        return from(env, Path.of(env.string("DATA_DIR", "data")).toAbsolutePath().normalize());
    }

    static DatabaseSettings from(Env env, Path dataDir) {
        String url = env.string("DB_URL", defaultH2Url(dataDir));
        if (!(url.startsWith("jdbc:h2:") || url.startsWith("jdbc:postgresql:"))) {
            throw new SettingsException("DB_URL", "must be a jdbc:h2: or jdbc:postgresql: URL");
        }
        String defaultUser = url.startsWith("jdbc:h2:") ? "sa" : "";
        return new DatabaseSettings(
                url,
                env.string("DB_USER", defaultUser),
                env.string("DB_PASSWORD", ""),
                env.integer("DB_POOL_SIZE", 10, 1, 200),
                env.integer("DB_CONNECT_TIMEOUT_MS", 2000, 250, 60_000));
    }

    public boolean isH2() {
        return url.startsWith("jdbc:h2:");
    }

    /** The URL without user-info or password parameters, safe for logs and health output. */
    public String redactedUrl() {
        return url.replaceAll("(?i)(password|pwd)=[^;&]*", "$1=***").replaceAll("//[^/@]*@", "//***@");
    }

    @Override
    public String toString() {
        return "DatabaseSettings[url=" + redactedUrl() + ", user=" + user + ", poolSize=" + poolSize + "]";
    }
}
