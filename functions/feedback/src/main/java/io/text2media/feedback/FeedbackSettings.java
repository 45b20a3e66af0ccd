package io.text2media.feedback;

import io.text2media.shared.config.Env;

import java.util.Optional;

/** The feedback function's settings: {@code ADMIN_KEY} (unset: the admin routes always answer 403, as in the original). */
record FeedbackSettings(Optional<String> adminKey) {

    static FeedbackSettings from(Env env) {
        return new FeedbackSettings(env.optional("ADMIN_KEY"));
    }

    @Override
    public String toString() {
        return "FeedbackSettings[adminKey=" + (adminKey.isPresent() ? "***" : "unset") + "]";
    }
}
