package io.text2media.shared.store;

import io.text2media.shared.auth.Emails;
import io.text2media.shared.http.Jsons;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Loads a Cloudflare KV bulk export ({@code [{"key","value","expiration"?}]}, what {@code wrangler kv bulk get} or the
 * dashboard export gives) into one namespace, applying this project's normalisations on the way in, so a site moving
 * from the original keeps its users:
 * <ul>
 *   <li>USERS: keys and {@code email} fields trimmed and lower-cased; the original's rate-limit counters and health
 *   probes that lived in USERS are skipped; two records that differ only by case keep the one already under the
 *   lower-case key (else the most recently active) and the other is reported.</li>
 *   <li>RESET_TOKENS: keyed by the SHA-256 of the token, the token itself dropped from the value; used tokens skipped.</li>
 *   <li>FEEDBACK: the 10-minute submission timers are skipped.</li>
 *   <li>everything: entries already expired are skipped; a value that is not JSON is stored as a JSON string.</li>
 * </ul>
 * Existing entries are kept unless {@code overwrite} is set, so an import can be repeated safely.
 */
public final class KvImport {
    private final KvStore store;
    private final Clock clock;

    public KvImport(KvStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** What an import did. */
    public record Report(int imported, int kept, Map<String, Integer> skipped, Map<String, String> merged) {
        public JsonObject json() {
            var skippedJson = Jsons.object();
            skipped.forEach(skippedJson::add);
            var mergedJson = Jsons.object();
            merged.forEach(mergedJson::add);
            return Jsons.object().add("imported", imported).add("keptExisting", kept)
                    .add("skipped", skippedJson).add("mergedCaseDuplicates", mergedJson).build();
        }
    }

    public Report load(Namespace ns, JsonArray export, boolean overwrite) {
        Map<String, Integer> skipped = new TreeMap<>();
        Map<String, String> merged = new TreeMap<>();
        Map<String, Pending> pending = new LinkedHashMap<>();
        Instant now = clock.instant();
        for (JsonValue item : export) {
            if (!(item instanceof JsonObject entry) || !(entry.get("key") instanceof JsonString keyValue)) {
                count(skipped, "malformed");
                continue;
            }
            String key = keyValue.getString();
            Instant expires = entry.get("expiration") instanceof JsonNumber n ? Instant.ofEpochSecond(n.longValue()) : null;
            if (expires != null && !expires.isAfter(now)) {
                count(skipped, "expired");
                continue;
            }
            String value = valueText(entry.get("value"));
            Optional<Pending> normalised = switch (ns) {
                case USERS -> user(key, value, expires, skipped);
                case RESET_TOKENS -> resetToken(key, value, expires, skipped);
                case FEEDBACK -> feedback(key, value, expires, skipped);
                default -> Optional.of(new Pending(key, value, expires));
            };
            if (normalised.isEmpty()) {
                continue;
            }
            Pending p = normalised.get();
            Pending existing = pending.get(p.key);
            if (existing != null) {
                Pending winner = preferred(existing, p, key);
                merged.put(p.key, "kept " + (winner == existing ? existing.originalKey : key)
                        + ", dropped " + (winner == existing ? key : existing.originalKey));
                pending.put(p.key, winner);
            } else {
                pending.put(p.key, p.withOriginalKey(key));
            }
        }
        int imported = 0;
        int kept = 0;
        for (Pending p : pending.values()) {
            Duration ttl = p.expires == null ? null : Duration.between(now, p.expires);
            if (overwrite) {
                store.put(ns, p.key, p.value, ttl);
                imported++;
            } else if (store.putIfAbsent(ns, p.key, p.value, ttl)) {
                imported++;
            } else {
                kept++;
            }
        }
        return new Report(imported, kept, skipped, merged);
    }

    private static Optional<Pending> user(String key, String value, Instant expires, Map<String, Integer> skipped) {
        if (key.startsWith("RATE_LIMIT:") || key.startsWith("USAGE:") || key.startsWith("__health__")) {
            count(skipped, "counters");
            return Optional.empty();
        }
        Optional<JsonObject> record = Jsons.parseObject(value);
        if (record.isEmpty() || !Emails.isValid(key.trim())) {
            count(skipped, "not_a_user");
            return Optional.empty();
        }
        String email = Emails.normalize(key);
        return Optional.of(new Pending(email, Jsons.text(Jsons.object(record.get()).add("email", email).build()), expires));
    }

    private static Optional<Pending> resetToken(String key, String value, Instant expires, Map<String, Integer> skipped) {
        Optional<JsonObject> record = Jsons.parseObject(value);
        if (record.isEmpty()) {
            count(skipped, "malformed");
            return Optional.empty();
        }
        if (Jsons.truthy(record.get(), "used")) {
            count(skipped, "used_reset_tokens");
            return Optional.empty();
        }
        var out = Jsons.object(record.get());
        out.remove("token");
        Jsons.string(record.get(), "email").ifPresent(e -> out.add("email", Emails.normalize(e)));
        // The original relied on a 24 h TTL; keep one even if the export lost it.
        Instant expiry = expires != null ? expires : Instant.now().plus(Duration.ofHours(24));
        return Optional.of(new Pending(sha256(key), Jsons.text(out.build()), expiry));
    }

    private static Optional<Pending> feedback(String key, String value, Instant expires, Map<String, Integer> skipped) {
        if (key.startsWith("feedback_rate_limit:")) {
            count(skipped, "feedback_timers");
            return Optional.empty();
        }
        return Optional.of(new Pending(key, value, expires));
    }

    /** Between two USERS records for one email: the one already under the lower-case key, else the most recently active. */
    private static Pending preferred(Pending a, Pending b, String bOriginalKey) {
        boolean aLower = a.originalKey.equals(a.key);
        boolean bLower = bOriginalKey.equals(b.key);
        if (aLower != bLower) {
            return aLower ? a : b.withOriginalKey(bOriginalKey);
        }
        return lastActive(b).compareTo(lastActive(a)) > 0 ? b.withOriginalKey(bOriginalKey) : a;
    }

    private static String lastActive(Pending p) {
        return Jsons.parseObject(p.value).map(r -> Jsons.stringOr(r, "lastLoginAt", Jsons.stringOr(r, "createdAt", "")))
                .orElse("");
    }

    /** Cloudflare exports values as strings holding the stored text; anything not JSON becomes a JSON string. */
    static String valueText(JsonValue value) {
        if (value instanceof JsonString s) {
            String text = s.getString();
            try {
                Jsons.parse(text);
                return text;
            } catch (RuntimeException notJson) {
                return Jsons.text(Jsons.string(text));
            }
        }
        return value == null ? "null" : Jsons.text(value);
    }

    public static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void count(Map<String, Integer> skipped, String reason) {
        skipped.merge(reason.toLowerCase(Locale.ROOT), 1, Integer::sum);
    }

    private record Pending(String key, String value, Instant expires, String originalKey) {
        Pending(String key, String value, Instant expires) {
            this(key, value, expires, key);
        }

        Pending withOriginalKey(String original) {
            return new Pending(key, value, expires, original);
        }
    }
}
