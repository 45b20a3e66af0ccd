package io.text2media.auth;

import io.text2media.shared.http.IsoTimes;
import io.text2media.shared.auth.UserRecords;
import io.text2media.shared.http.ApiException;
import io.text2media.shared.http.Jsons;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.time.Clock;
import java.util.Optional;

/**
 * Signs a Google identity in, for both flows with one record shape (design.md §5.7):
 * <ul>
 *   <li>a new account: {@code id} (32 hex), {@code username}, {@code email}, {@code passwordHash:null},
 *       {@code salt:null}, {@code createdAt}, {@code lastLoginAt}, {@code isActive:true}, {@code authProvider:"google"},
 *       {@code emailVerified:true}, {@code tokenVersion:0}, {@code googleInfo{id,name,picture,locale,lastUpdated}};</li>
 *   <li>an existing account (any case of the email) is linked: {@code lastLoginAt}, {@code googleInfo} and
 *       {@code emailVerified:true} are set;</li>
 *   <li>a disabled account stays disabled: 401 and nothing is written (the original re-enabled it);</li>
 *   <li>a password account whose email was never verified loses its password and every token issued before
 *       ({@code tokenVersion} + 1): whoever registered the address first cannot keep a way in once the address's
 *       owner signs in with Google (pre-account takeover).</li>
 * </ul>
 */
final class GoogleAccounts {
    private final Accounts accounts;
    private final Clock clock;

    GoogleAccounts(Accounts accounts, Clock clock) {
        this.accounts = accounts;
        this.clock = clock;
    }

    /** The signed-in record (its id and token version are what the token carries). */
    JsonObject signIn(GoogleProfile profile) {
        Optional<JsonObject> linked = accounts.update(profile.email(), record -> link(record, profile));
        if (linked.isPresent()) {
            return linked.get();
        }
        JsonObject created = newAccount(profile);
        if (accounts.create(profile.email(), created)) {
            return created;
        }
        // Another request created the account meanwhile: link to it instead.
        return accounts.update(profile.email(), record -> link(record, profile))
                .orElseThrow(() -> new IllegalStateException("account vanished while signing in"));
    }

    private JsonObject link(JsonObject record, GoogleProfile profile) {
        if (!UserRecords.isActive(record)) {
            throw ApiException.failure(401, "user_disabled", Messages.ACCOUNT_DISABLED);
        }
        String now = IsoTimes.format(clock.instant());
        JsonObjectBuilder out = Jsons.object(record);
        if (hasPassword(record) && !JsonValue.TRUE.equals(record.get("emailVerified"))) {
            out.add("passwordHash", JsonValue.NULL)
                    .add("salt", JsonValue.NULL)
                    .remove("passwordAlgorithm")
                    .remove("passwordIterations")
                    .remove("passwordKeyLength")
                    .remove("passwordDigest")
                    .add("passwordClearedAt", now)
                    .add("authProvider", "google")
                    .add("tokenVersion", UserRecords.tokenVersion(record) + 1);
        }
        return out.add("emailVerified", true)
                .add("lastLoginAt", now)
                .add("googleInfo", googleInfo(profile, now))
                .build();
    }

    private JsonObject newAccount(GoogleProfile profile) {
        String now = IsoTimes.format(clock.instant());
        return Jsons.object()
                .add("id", Ids.userId())
                .add("username", username(profile))
                .add("email", profile.email())
                .add("passwordHash", JsonValue.NULL)
                .add("salt", JsonValue.NULL)
                .add("createdAt", now)
                .add("lastLoginAt", now)
                .add("isActive", true)
                .add("authProvider", "google")
                .add("emailVerified", true)
                .add("tokenVersion", 0)
                .add("googleInfo", googleInfo(profile, now))
                .build();
    }

    /** Google's name, else the email's local part (as the original), cleaned to the username rules. */
    static String username(GoogleProfile profile) {
        String name = Usernames.clean(profile.name());
        if (!name.isEmpty()) {
            return name;
        }
        String local = Usernames.clean(profile.email().substring(0, profile.email().indexOf('@')));
        return local.isEmpty() ? "user" : local;
    }

    private static JsonObject googleInfo(GoogleProfile profile, String now) {
        return Jsons.object()
                .add("id", Jsons.string(profile.googleId()))
                .add("name", Jsons.string(profile.name()))
                .add("picture", Jsons.string(profile.picture()))
                .add("locale", Jsons.string(profile.locale()))
                .add("lastUpdated", now)
                .build();
    }

    private static boolean hasPassword(JsonObject record) {
        return record.get("passwordHash") instanceof JsonString hash && !hash.getString().isEmpty();
    }
}
