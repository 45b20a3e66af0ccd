package io.text2media.shared.config;

import java.util.Set;

/**
 * PBKDF2 parameters for new hashes (stored records keep their own), the longest password accepted, and the size of
 * the bounded hashing pool that keeps a login flood from starving other routes.
 */
public record PasswordSettings(int iterations, int keyLength, String digest, int maxPasswordLength,
                               int hashThreads, int hashQueue) {

    static PasswordSettings from(Env env) {
        int cores = Runtime.getRuntime().availableProcessors();
        return new PasswordSettings(
                env.integer("PBKDF2_ITERATIONS", 600_000, 10_000, 10_000_000),
                env.integer("PBKDF2_KEYLEN", 32, 32, 128),
                env.oneOf("PBKDF2_DIGEST", "sha256", Set.of("sha256", "sha384", "sha512")),
                1024,
                env.integer("PASSWORD_HASH_THREADS", cores, 1, 64),
                env.integer("PASSWORD_HASH_QUEUE", 64, 1, 10_000));
    }
}
