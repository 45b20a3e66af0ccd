package io.text2media.auth;

import io.text2media.shared.config.Env;

import java.util.Optional;

/** Everything the auth function reads from the environment beyond the shared settings (JWT, PBKDF2, pool). */
public record AuthSettings(Optional<String> frontendUrl, GoogleSettings google, EmailSettings email, AuthLimits limits) {

    public static AuthSettings from(Env env) {
        // The original strips trailing slashes before appending paths (its redirect-URI unit test).
        Optional<String> frontend = env.optionalUrl("FRONTEND_URL").map(u -> u.toString().replaceAll("/+$", ""));
        return new AuthSettings(frontend, GoogleSettings.from(env, frontend), EmailSettings.from(env, frontend),
                AuthLimits.from(env));
    }
}
