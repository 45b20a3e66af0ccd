package io.text2media.shared.auth;

import io.text2media.shared.config.JwtSettings;
import io.text2media.shared.http.Jsons;
import io.text2media.shared.store.Database;
import io.text2media.shared.store.KvStore;
import io.text2media.shared.store.Namespace;
import io.text2media.shared.testing.MutableClock;
import io.text2media.shared.testing.TestDatabases;
import io.text2media.shared.testing.TestEnv;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuthenticatorTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final Database database = Database.open(TestDatabases.h2());
    private final KvStore store = new KvStore(database, clock);
    private final JwtService jwt = new JwtService(new JwtSettings(Optional.of(TestEnv.JWT_SECRET), Duration.ofDays(7), false), clock);
    private final Authenticator auth = new Authenticator(jwt, new UserRecords(store));

    @AfterEach
    void close() {
        database.close();
    }

    private void user(String key, String id, boolean active, long tokenVersion) {
        store.put(Namespace.USERS, key, Jsons.text(Jsons.object().add("id", id).add("email", key.toLowerCase())
                .add("isActive", active).add("tokenVersion", tokenVersion).build()), null);
    }

    @Test
    void aGoodTokenForAnActiveUserIsOk() {
        user("a@b.co", "u1", true, 0);
        Authentication result = auth.authenticate(jwt.issue("u1", "a@b.co", 0));
        assertEquals(Authentication.Status.OK, result.status());
        assertEquals("u1", result.userId());
        assertEquals("a@b.co", result.user().getString("email"));
    }

    @Test
    void aValidTokenForAMissingUserIsNotFoundAndWritesNothing() {
        long before = store.count(Namespace.USERS);
        assertEquals(Authentication.Status.USER_NOT_FOUND, auth.authenticate(jwt.issue("ghost", "ghost@b.co", 0)).status());
        assertEquals(before, store.count(Namespace.USERS));
    }

    @Test
    void aTokenOfAnotherAccountWithTheSameEmailIsNotFound() {
        user("a@b.co", "new-id", true, 0);
        assertEquals(Authentication.Status.USER_NOT_FOUND, auth.authenticate(jwt.issue("old-id", "a@b.co", 0)).status());
    }

    @Test
    void anOldTokenVersionIsRevoked() {
        user("a@b.co", "u1", true, 2);
        assertEquals(Authentication.Status.REVOKED, auth.authenticate(jwt.issue("u1", "a@b.co", 1)).status());
        assertEquals(Authentication.Status.OK, auth.authenticate(jwt.issue("u1", "a@b.co", 2)).status());
    }

    @Test
    void disabledOrMissingIsActiveIsDisabled() {
        user("a@b.co", "u1", false, 0);
        assertEquals(Authentication.Status.USER_DISABLED, auth.authenticate(jwt.issue("u1", "a@b.co", 0)).status());
        store.put(Namespace.USERS, "c@d.co", "{\"id\":\"u2\",\"email\":\"c@d.co\"}", null);
        assertEquals(Authentication.Status.USER_DISABLED, auth.authenticate(jwt.issue("u2", "c@d.co", 0)).status());
    }

    @Test
    void badTokensAreInvalid() {
        assertEquals(Authentication.Status.INVALID, auth.authenticate("garbage").status());
    }

    @Test
    void aRecordUnderAMixedCaseKeyIsFoundAndMovedOnlyWhenAsked() {
        user("Alice@Example.com", "u3", true, 0);
        assertEquals(Authentication.Status.OK, auth.authenticate(jwt.issue("u3", "alice@example.com", 0)).status());
        assertTrue(store.get(Namespace.USERS, "Alice@Example.com").isPresent(), "reading never moves");
        UserRecords users = new UserRecords(store);
        assertEquals("alice@example.com", users.findAndMove("ALICE@example.com").orElseThrow().key());
        assertTrue(store.get(Namespace.USERS, "Alice@Example.com").isEmpty());
        assertEquals("alice@example.com", store.get(Namespace.USERS, "alice@example.com").orElseThrow().json().orElseThrow().getString("email"));
    }
}
