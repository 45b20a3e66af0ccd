package io.text2media.shared.store;

import io.text2media.shared.config.DatabaseSettings;
import io.text2media.shared.config.Env;
import io.text2media.shared.http.Jsons;
import io.text2media.shared.observe.Logging;
import io.text2media.shared.observe.Redaction;

import jakarta.json.JsonArray;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The operator's KV command ({@code scripts/kv.sh}), what {@code wrangler kv key ...} was for the original. It works
 * on the configured database ({@code DB_URL}, default the H2 file under {@code ./data}) while the functions run:
 * the H2 file is opened in AUTO_SERVER mode, PostgreSQL is shared anyway. Values are printed as JSON on stdout;
 * messages go to stderr. Exit codes: 0 done, 1 key not found, 2 usage error (also an unknown option), 3 database
 * unreachable, 4 the command failed (an unexpected SQL or runtime error; never the JVM's 1, which means "not found").
 */
public final class KvCli {
    static final String USAGE = """
            usage: kv.sh <command> ...
              get    <NAMESPACE> <key>                      print the value (exit 1 if missing)
              put    <NAMESPACE> <key> <json> [--ttl SECONDS]
              list   <NAMESPACE> [prefix] [--limit N] [--values]
              delete <NAMESPACE> <key>                      (exit 1 if missing)
              import <NAMESPACE> <file> [--overwrite]       load a Cloudflare KV bulk export
            namespaces: USERS, RESET_TOKENS, FEEDBACK, IMAGES_CACHE, RATE_LIMITS, STATE
            database:   DB_URL / DB_USER / DB_PASSWORD, default the H2 file in $DATA_DIR (./data)
            exit codes: 0 done, 1 key not found, 2 usage (unknown command or option, bad value),
                        3 database unreachable, 4 failed (unexpected SQL or runtime error)
            """;

    private KvCli() {
    }

    public static void main(String[] args) {
        Logging.configure("warn", System.err);
        int code;
        try {
            code = run(args, Env.system(), System.out, System.err);
        } catch (Throwable e) { // never the JVM's exit 1, which would read as "not found"
            System.err.println("kv: failed: " + e.getClass().getSimpleName());
            code = 4;
        }
        System.exit(code);
    }

    public static int run(String[] args, Env env, PrintStream out, PrintStream err) {
        List<String> words = new ArrayList<>(List.of(args));
        if (words.isEmpty() || words.contains("--help") || words.contains("-h") || words.getFirst().equals("help")) {
            (words.isEmpty() ? err : out).print(USAGE);
            return words.isEmpty() ? 2 : 0;
        }
        Optional<Long> ttl;
        Optional<Integer> limit;
        boolean values = words.remove("--values");
        boolean overwrite = words.remove("--overwrite");
        try {
            ttl = option(words, "--ttl").map(Long::parseLong);
            limit = option(words, "--limit").map(Integer::parseInt);
        } catch (NumberFormatException e) {
            err.println("kv: --ttl and --limit take a number");
            return 2;
        }
        Optional<String> unknown = words.stream().filter(w -> w.startsWith("--")).findFirst();
        if (unknown.isPresent()) {
            err.println("kv: unknown option '" + unknown.get() + "'");
            err.print(USAGE);
            return 2;
        }
        String command = words.getFirst();
        if (words.size() < 2) {
            err.print(USAGE);
            return 2;
        }
        Namespace ns;
        try {
            ns = Namespace.valueOf(words.get(1).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            err.println("kv: unknown namespace '" + words.get(1) + "'");
            return 2;
        }
        try (Database database = Database.open(DatabaseSettings.fromEnv(env))) {
            KvStore store = new KvStore(database, Clock.systemUTC());
            return switch (command) {
                case "get" -> get(store, ns, arg(words, 2), out, err);
                case "put" -> put(store, ns, arg(words, 2), arg(words, 3), ttl, out, err);
                case "list" -> list(store, ns, words.size() > 2 ? words.get(2) : "", limit.orElse(Integer.MAX_VALUE), values, out);
                case "delete" -> delete(store, ns, arg(words, 2), out, err);
                case "import" -> importFile(store, ns, Path.of(arg(words, 2)), overwrite, out, err);
                default -> {
                    err.println("kv: unknown command '" + command + "'");
                    err.print(USAGE);
                    yield 2;
                }
            };
        } catch (UsageException e) {
            err.println("kv: " + e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (RuntimeException e) {
            if (DbErrors.isUnavailable(e)) {
                err.println("kv: database unreachable (" + DatabaseSettings.fromEnv(env).redactedUrl() + ")");
                return 3;
            }
            err.println("kv: " + command + " failed: " + e.getClass().getSimpleName() + ": "
                    + Redaction.bounded(e.getMessage(), 300));
            return 4;
        }
    }

    private static int get(KvStore store, Namespace ns, String key, PrintStream out, PrintStream err) {
        Optional<KvEntry> entry = store.get(ns, key);
        if (entry.isEmpty()) {
            err.println("kv: " + ns + " " + key + ": not found");
            return 1;
        }
        out.println(entry.get().value() != null ? entry.get().value() : String.valueOf(entry.get().counter()));
        return 0;
    }

    private static int put(KvStore store, Namespace ns, String key, String json, Optional<Long> ttl, PrintStream out,
                           PrintStream err) {
        try {
            Jsons.parse(json);
        } catch (RuntimeException e) {
            err.println("kv: the value must be JSON (quote a string: '\"text\"')");
            return 2;
        }
        if (ttl.isPresent() && ttl.get() < 1) {
            err.println("kv: --ttl must be at least 1 second");
            return 2;
        }
        store.put(ns, key, json, ttl.map(Duration::ofSeconds).orElse(null));
        out.println(Jsons.text(Jsons.object().add("ok", true).add("namespace", ns.name()).add("key", key).build()));
        return 0;
    }

    private static int list(KvStore store, Namespace ns, String prefix, int limit, boolean values, PrintStream out) {
        var keys = Jsons.array();
        String cursor = null;
        int printed = 0;
        do {
            KvPage page = store.list(ns, prefix, cursor, Math.min(1000, limit - printed));
            for (KvEntry e : page.entries()) {
                var item = Jsons.object().add("key", e.key());
                item.add("expiration", e.expiresAt() == null ? JsonValue.NULL : Jsons.number(e.expiresAt().getEpochSecond()));
                if (values) {
                    item.add("value", e.value() == null ? Jsons.number(e.counter()) : Jsons.parse(e.value()));
                }
                keys.add(item);
                printed++;
            }
            cursor = page.nextCursor().orElse(null);
        } while (cursor != null && printed < limit);
        out.println(Jsons.text(keys.build()));
        return 0;
    }

    private static int delete(KvStore store, Namespace ns, String key, PrintStream out, PrintStream err) {
        if (!store.delete(ns, key)) {
            err.println("kv: " + ns + " " + key + ": not found");
            return 1;
        }
        out.println(Jsons.text(Jsons.object().add("deleted", true).add("key", key).build()));
        return 0;
    }

    private static int importFile(KvStore store, Namespace ns, Path file, boolean overwrite, PrintStream out, PrintStream err) {
        JsonValue export;
        try {
            export = Jsons.parse(Files.readString(file));
        } catch (IOException e) {
            err.println("kv: cannot read " + file);
            return 2;
        } catch (RuntimeException e) {
            err.println("kv: " + file + " is not JSON");
            return 2;
        }
        if (!(export instanceof JsonArray entries)) {
            err.println("kv: " + file + " is not a KV bulk export (a JSON array of {key, value, expiration?})");
            return 2;
        }
        KvImport.Report report = new KvImport(store, Clock.systemUTC()).load(ns, entries, overwrite);
        out.println(Jsons.text(report.json()));
        return 0;
    }

    private static String arg(List<String> words, int index) {
        if (words.size() <= index) {
            throw new UsageException("missing argument");
        }
        return words.get(index);
    }

    private static Optional<String> option(List<String> words, String name) {
        int i = words.indexOf(name);
        if (i < 0) {
            return Optional.empty();
        }
        if (i + 1 >= words.size()) {
            throw new NumberFormatException(name);
        }
        String value = words.get(i + 1);
        words.remove(i + 1);
        words.remove(i);
        return Optional.of(value);
    }

    private static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
