package io.text2media.image;

import io.text2media.shared.http.Jsons;
import io.text2media.shared.store.Namespace;
import io.text2media.shared.testing.TestApp;

/** Users with valid tokens for the locker tests. */
final class LockerFixture {

    private LockerFixture() {
    }

    /** Creates an active user and returns an {@code Authorization} header value for it. */
    static String login(TestApp app, String userId, String email) {
        app.store().put(Namespace.USERS, email, Jsons.text(Jsons.object().add("id", userId).add("email", email)
                .add("isActive", true).build()), null);
        return "Bearer " + app.context().jwt().issue(userId, email, 0);
    }
}
