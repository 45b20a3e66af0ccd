package io.text2media.health;

import io.text2media.shared.config.Env;
import io.text2media.shared.http.Jsons;
import io.text2media.shared.observe.InternalCheck;

import jakarta.json.JsonArrayBuilder;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code config.required_env}: the variables production needs, with the original's stale list fixed (it checked
 * two variables nothing reads and missed the Pollinations token and Google). An alias that the code also reads
 * counts as set (POLLINATIONS_API_KEY, GOOGLE_CLIENT_SECRET_NEW, FRONTEND_URL for the redirect URI).
 */
final class RequiredEnvCheck implements InternalCheck {
    private final Env env;

    RequiredEnvCheck(Env env) {
        this.env = env;
    }

    @Override
    public String name() {
        return "config.required_env";
    }

    List<String> missing() {
        List<String> missing = new ArrayList<>();
        require(missing, "JWT_SECRET");
        require(missing, "POLLINATIONS_API_TOKEN", "POLLINATIONS_API_KEY");
        require(missing, "DEEPSEEK_API_KEY");
        if (env.isSet("GOOGLE_CLIENT_ID")) {
            require(missing, "GOOGLE_CLIENT_SECRET", "GOOGLE_CLIENT_SECRET_NEW");
            require(missing, "GOOGLE_REDIRECT_URI", "FRONTEND_URL");
        }
        return missing;
    }

    private void require(List<String> missing, String name, String... aliases) {
        if (env.isSet(name)) {
            return;
        }
        for (String alias : aliases) {
            if (env.isSet(alias)) {
                return;
            }
        }
        missing.add(name);
    }

    @Override
    public Result check() {
        List<String> missing = missing();
        JsonArrayBuilder list = Jsons.array();
        missing.forEach(list::add);
        return new Result(missing.isEmpty() ? Result.OK : Result.DEGRADED, Jsons.object().add("missing", list).build());
    }
}
