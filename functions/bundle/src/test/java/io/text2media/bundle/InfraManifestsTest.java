package io.text2media.bundle;

import io.text2media.shared.boot.FunctionProvider;
import io.text2media.shared.boot.FunctionVersion;
import io.text2media.shared.testing.Http;
import io.text2media.shared.testing.TestApp;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The cluster deployment (infra/) checked against the functions that exist: every YAML file under infra/knative is
 * parsed; each function found by ServiceLoader has exactly one Knative Service whose revision carries its version and
 * whose probes answer on the real function; no secret is in clear; the ingress equals infra/routes.tsv and every route a
 * function registers reaches that function through it; overlays, TLS, scripts/knative.sh's traffic blocks and the
 * Dockerfile are checked as well.
 */
class InfraManifestsTest {
    private static final Path ROOT = repositoryRoot();
    private static final Path KNATIVE = ROOT.resolve("infra/knative");
    private static final String SECRET = "text2media-secrets";
    private static final String CONFIG = "text2media-config";
    private static final String BASE_NAMESPACE = "text2media";
    private static final Pattern SECRET_LIKE = Pattern.compile("SECRET|TOKEN|PASSWORD|_KEY");
    // FunctionRoutes' registrations in the functions' sources: routes.get("/api/..."), routes.post(...), ...
    private static final Pattern ROUTE = Pattern.compile("routes\\s*\\.\\s*(get|post|patch|delete)\\(\\s*\"([^\"]+)\"");

    private static Map<String, FunctionProvider> functions;
    private static Map<Path, List<Map<String, Object>>> documents;
    private static Map<String, String> routeTable;

    @BeforeAll
    static void load() throws IOException {
        functions = new TreeMap<>();
        for (FunctionProvider p : ServiceLoader.load(FunctionProvider.class)) {
            // The shared test-jar registers test doubles (ProbeFunction); the real functions live in io.text2media.<name>.
            if (!p.getClass().getPackageName().startsWith("io.text2media.shared.")) {
                assertNull(functions.put(p.name(), p), "two providers named " + p.name());
            }
        }
        assertEquals(Set.of("auth", "image", "audio", "prompt", "feedback", "health"), functions.keySet(),
                "the functions on the bundle's class path");

        documents = new TreeMap<>();
        try (Stream<Path> files = Files.walk(KNATIVE)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).toList()) {
                List<Map<String, Object>> docs = new ArrayList<>();
                try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    for (Object doc : new Yaml().loadAll(in)) {
                        if (doc != null) {
                            assertTrue(doc instanceof Map, file + ": every document is a mapping");
                            docs.add(map(doc));
                        }
                    }
                }
                assertFalse(docs.isEmpty(), file + " is empty");
                documents.put(KNATIVE.relativize(file), docs);
            }
        }

        routeTable = new LinkedHashMap<>();
        for (String line : Files.readAllLines(ROOT.resolve("infra/routes.tsv"))) {
            if (line.isBlank()) {
                continue;
            }
            String[] cols = line.split("\t", -1);
            assertEquals(2, cols.length, "routes.tsv: prefix<TAB>function: " + line);
            assertTrue(cols[0].startsWith("/") && !cols[0].endsWith("/"), "routes.tsv prefix: " + cols[0]);
            assertNull(routeTable.put(cols[0], cols[1]), "routes.tsv lists " + cols[0] + " twice");
        }
    }

    // --- Knative Services ----------------------------------------------------------------------------------------

    @Test
    void everyFunctionHasExactlyOneKnativeServiceAndNoOtherExists() {
        Map<String, Integer> count = new TreeMap<>();
        all("serving.knative.dev/v1", "Service").forEach(s -> count.merge(name(s), 1, Integer::sum));
        assertEquals(functions.keySet(), count.keySet(), "Knative Services vs functions");
        count.forEach((fn, n) -> assertEquals(1, n, "Knative Services named " + fn));
        for (String fn : functions.keySet()) {
            assertTrue(documents.containsKey(Path.of("base", fn + ".yaml")), "base/" + fn + ".yaml");
        }
        // OPERATIONS.md applies everything but the functions with -l 'app.kubernetes.io/component!=function'.
        documents.forEach((file, docs) -> docs.forEach(doc -> {
            boolean function = "serving.knative.dev/v1".equals(doc.get("apiVersion")) && "Service".equals(doc.get("kind"));
            Object labels = doc.get("metadata") instanceof Map<?, ?> m ? m.get("labels") : null;
            Object component = labels instanceof Map<?, ?> l ? l.get("app.kubernetes.io/component") : null;
            assertEquals(function ? "function" : null, component, file + ": label app.kubernetes.io/component");
        }));
    }

    @Test
    void revisionNamesAndImagesCarryTheFunctionsVersionAndAllTrafficGoesToThatRevision() {
        for (Map<String, Object> svc : all("serving.knative.dev/v1", "Service")) {
            String fn = name(svc);
            String version = release(FunctionVersion.of(fn));
            String revision = fn + "-v" + version.replace('.', '-');
            assertEquals(revision, at(svc, "spec", "template", "metadata", "name"), fn + " revision name");
            assertEquals("ghcr.io/text2media/" + fn + ":" + version, at(container(svc), "image"), fn + " image");
            List<Object> traffic = list(at(svc, "spec", "traffic"));
            assertEquals(1, traffic.size(), fn + " traffic");
            assertEquals(revision, at(traffic.getFirst(), "revisionName"));
            assertEquals(Boolean.FALSE, at(traffic.getFirst(), "latestRevision"));
            assertEquals(100, at(traffic.getFirst(), "percent"));
        }
    }

    @Test
    void servicesScaleToZeroExceptTheOneRunningScheduledJobsAndAreSizedForTheHeap() {
        for (Map<String, Object> svc : all("serving.knative.dev/v1", "Service")) {
            String fn = name(svc);
            Map<String, Object> annotations = map(at(svc, "spec", "template", "metadata", "annotations"));
            // health hosts the daily_stats rollup and the log retention: exactly one instance, never zero.
            String min = fn.equals("health") ? "1" : "0";
            assertEquals(min, annotations.get("autoscaling.knative.dev/min-scale"), fn + " min-scale");
            if (fn.equals("health")) {
                assertEquals("1", annotations.get("autoscaling.knative.dev/max-scale"), "health max-scale");
            }
            assertTrue(annotations.containsKey("autoscaling.knative.dev/target"), fn + " target");
            int concurrency = (Integer) at(svc, "spec", "template", "spec", "containerConcurrency");
            assertTrue(concurrency > 0 && concurrency <= 100, fn + " containerConcurrency " + concurrency);
            Map<String, Object> c = container(svc);
            assertEquals(List.of(Map.of("name", "http1", "containerPort", 8080)), at(c, "ports"), fn + " port");
            assertEquals("256Mi", at(c, "resources", "limits", "memory"), fn);
            assertEquals("192Mi", at(c, "resources", "requests", "memory"), fn);
            assertEquals(Boolean.TRUE, at(c, "securityContext", "runAsNonRoot"), fn);
            assertEquals("cluster-local", at(svc, "metadata", "labels", "networking.knative.dev/visibility"),
                    fn + " is reached through the ingress only");
            assertEquals(List.of(Map.of("configMapRef", Map.of("name", CONFIG))), at(c, "envFrom"), fn + " envFrom");
        }
    }

    /** Starts each function alone, as its container does, and calls what its manifest and the route table name. */
    @Test
    void probesAndEveryRegisteredRouteAnswerOnTheRealFunction() throws IOException {
        Map<String, List<String[]>> declared = declaredRoutes();
        assertEquals(functions.keySet(), declared.keySet(), "functions with routes in their sources");
        for (Map<String, Object> svc : all("serving.knative.dev/v1", "Service")) {
            String fn = name(svc);
            Map<String, Object> c = container(svc);
            String ready = (String) at(c, "readinessProbe", "httpGet", "path");
            String live = (String) at(c, "livenessProbe", "httpGet", "path");
            assertEquals("/observe/health/ready", ready, fn);
            assertEquals("/observe/health/live", live, fn);
            assertEquals(8080, at(c, "readinessProbe", "httpGet", "port"), fn);
            assertEquals(8080, at(c, "livenessProbe", "httpGet", "port"), fn);
            try (TestApp app = TestApp.builder().provider(functions.get(fn)).env(Map.of(
                    "POLLINATIONS_API_TOKEN", "sk_test",
                    "POLLINATIONS_GEN_API_BASE", "http://127.0.0.1:9",
                    "DEEPSEEK_API_KEY", "sk-test",
                    "DEEPSEEK_API_URL", "http://127.0.0.1:9/v1/chat/completions",
                    "OPS_JOBS_ENABLED", "false")).start()) {
                for (String probe : List.of(ready, live)) {
                    int status = app.http().get(probe).status();
                    assertTrue(status >= 200 && status < 300, fn + " " + probe + " answered " + status);
                }
                for (String[] route : declared.get(fn)) {
                    String path = route[1].replaceAll("\\{[^}]+}", "x1");
                    Http.Res res = app.http().send(route[0].toUpperCase(), path, null);
                    assertFalse(res.status() == 404 && res.body().contains("\"error\":\"Not Found\""),
                            fn + " does not serve " + route[0] + " " + path + ": " + res);
                }
            }
        }
    }

    @Test
    void everyRouteAFunctionRegistersReachesThatFunctionThroughTheRouteTable() throws IOException {
        int routes = 0;
        for (Map.Entry<String, List<String[]>> e : declaredRoutes().entrySet()) {
            for (String[] route : e.getValue()) {
                String path = route[1].replaceAll("\\{[^}]+}", "x1");
                assertEquals(e.getKey(), routeOf(path), route[0] + " " + route[1] + " through infra/routes.tsv");
                routes++;
            }
        }
        assertTrue(routes >= 25, "found only " + routes + " routes in the sources");
        assertTrue(functions.keySet().containsAll(routeTable.values()), "routes.tsv names a missing function");
        // Longest prefix, whole segments: /api/generate/audio is audio's, the rest of /api/generate image's.
        assertEquals("audio", routeOf("/api/generate/audio"));
        assertEquals("image", routeOf("/api/generate"));
        assertEquals("image", routeOf("/api/generate/image"));
        assertNull(routeOf("/healthz"));
    }

    // --- secrets ---------------------------------------------------------------------------------------------------

    @Test
    void noSecretIsInClearAnywhere() {
        documents.forEach((file, docs) -> docs.forEach(doc -> {
            walk(doc, node -> {
                if (node.get("name") instanceof String name && SECRET_LIKE.matcher(name).find()
                        && (node.containsKey("value") || node.containsKey("valueFrom"))) {
                    assertFalse(node.containsKey("value"), file + ": env " + name + " has a value in clear");
                    Map<String, Object> ref = map(at(node, "valueFrom", "secretKeyRef"));
                    assertEquals(SECRET, ref.get("name"), file + ": " + name);
                    assertEquals(name, ref.get("key"), file + ": " + name);
                }
            });
            if ("ConfigMap".equals(doc.get("kind")) && doc.get("data") != null) {
                for (String key : map(doc.get("data")).keySet()) {
                    assertFalse(SECRET_LIKE.matcher(key).find(), file + ": ConfigMap holds " + key);
                }
            }
            if ("Secret".equals(doc.get("kind"))) {
                assertEquals(Path.of("base/secret.example.yaml"), file, "a Secret outside the example");
            }
        }));
    }

    @Test
    void theSecretExampleHoldsOnlyPlaceholdersForEveryKeyTheServicesUse() {
        List<Map<String, Object>> docs = documents.get(Path.of("base/secret.example.yaml"));
        assertEquals(1, docs.size());
        Map<String, Object> secret = docs.getFirst();
        assertEquals("Secret", secret.get("kind"));
        assertEquals(SECRET, name(secret));
        assertNull(secret.get("data"), "base64 data could hide a real value: stringData placeholders only");
        Map<String, Object> values = map(secret.get("stringData"));
        values.forEach((k, v) -> assertTrue(v instanceof String s && s.startsWith("<") && s.endsWith(">"),
                "not a placeholder: " + k + "=" + v));
        Set<String> used = new TreeSet<>();
        for (Map<String, Object> svc : all("serving.knative.dev/v1", "Service")) {
            for (Object env : list(container(svc).get("env"))) {
                used.add((String) at(env, "valueFrom", "secretKeyRef", "key"));
            }
        }
        assertEquals(used, values.keySet(), "the example's keys vs the keys the services read");
        assertFalse(list(at(documents.get(Path.of("base/kustomization.yaml")).getFirst(), "resources"))
                .contains("secret.example.yaml"), "the example must never be applied");
    }

    // --- ingress and TLS -------------------------------------------------------------------------------------------

    @Test
    void theIngressIsTheRouteTable() {
        Map<String, String> fromIngress = new TreeMap<>();
        for (Map<String, Object> ing : all("networking.k8s.io/v1", "Ingress")) {
            String fn = name(ing);
            assertTrue(functions.containsKey(fn), "Ingress for a missing function: " + fn);
            assertEquals(fn + "." + BASE_NAMESPACE + ".svc.cluster.local",
                    at(ing, "metadata", "annotations", "nginx.ingress.kubernetes.io/upstream-vhost"), fn);
            assertEquals("nginx", at(ing, "spec", "ingressClassName"), fn);
            for (Object rule : list(at(ing, "spec", "rules"))) {
                for (Object p : list(at(rule, "http", "paths"))) {
                    assertEquals("Prefix", at(p, "pathType"), fn);
                    assertEquals(fn, at(p, "backend", "service", "name"), fn + " " + at(p, "path"));
                    assertEquals(80, at(p, "backend", "service", "port", "number"), fn);
                    assertNull(fromIngress.put((String) at(p, "path"), fn), "two Ingress paths " + at(p, "path"));
                }
            }
        }
        assertEquals(new TreeMap<>(routeTable), fromIngress, "Ingress paths vs infra/routes.tsv");
        assertEquals(functions.keySet(), new TreeSet<>(routeTable.values()), "every function is routed");
    }

    @Test
    void tlsTerminatesForTheHostWithACertificateAndHttpRedirectsToHttps() {
        List<Map<String, Object>> certificates = all("cert-manager.io/v1", "Certificate");
        assertEquals(1, certificates.size());
        Map<String, Object> cert = certificates.getFirst();
        String secretName = (String) at(cert, "spec", "secretName");
        List<Object> dnsNames = list(at(cert, "spec", "dnsNames"));
        String issuer = (String) at(cert, "spec", "issuerRef", "name");
        assertEquals("ClusterIssuer", at(cert, "spec", "issuerRef", "kind"));
        assertTrue(all("cert-manager.io/v1", "ClusterIssuer").stream().anyMatch(i -> name(i).equals(issuer)),
                "an example ClusterIssuer named " + issuer);
        for (Map<String, Object> ing : all("networking.k8s.io/v1", "Ingress")) {
            String fn = name(ing);
            assertEquals("true", at(ing, "metadata", "annotations", "nginx.ingress.kubernetes.io/force-ssl-redirect"), fn);
            List<Object> tls = list(at(ing, "spec", "tls"));
            assertEquals(1, tls.size(), fn);
            assertEquals(secretName, at(tls.getFirst(), "secretName"), fn);
            for (Object rule : list(at(ing, "spec", "rules"))) {
                assertTrue(list(at(tls.getFirst(), "hosts")).contains(at(rule, "host")), fn + " host has TLS");
                assertTrue(dnsNames.contains(at(rule, "host")), fn + " host is in the Certificate");
            }
        }
    }

    @Test
    void theBaseKustomizationListsEveryManifestButTheSecretExample() throws IOException {
        List<Object> resources = list(at(documents.get(Path.of("base/kustomization.yaml")).getFirst(), "resources"));
        try (Stream<Path> files = Files.list(KNATIVE.resolve("base"))) {
            Set<String> manifests = files.map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith(".yaml") && !f.equals("kustomization.yaml") && !f.endsWith(".example.yaml"))
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(manifests, new TreeSet<>(resources.stream().map(String::valueOf).toList()));
        }
    }

    // --- overlays --------------------------------------------------------------------------------------------------

    @Test
    void productionAndStagingHaveTheirOwnNamespaceHostAndDatabaseOverTheSameBase() {
        Map<String, Map<String, String>> envs = new TreeMap<>();
        for (String env : List.of("production", "staging")) {
            Path dir = Path.of("overlays", env);
            Map<String, Object> k = documents.get(dir.resolve("kustomization.yaml")).getFirst();
            String ns = (String) k.get("namespace");
            assertTrue(list(k.get("resources")).contains("../../base"), env + " builds on the base");
            assertTrue(list(k.get("components")).contains("../../components/environment"), env);
            Map<String, Object> params = documents.get(dir.resolve("environment.yaml")).getFirst();
            assertEquals("true", at(params, "metadata", "annotations", "config.kubernetes.io/local-config"), env);
            assertEquals(ns, at(params, "data", "namespace"), env + ": environment.yaml's namespace");
            Map<String, Object> config = documents.get(dir.resolve("config.yaml")).getFirst();
            assertEquals(CONFIG, name(config), env);
            String dbUrl = (String) at(config, "data", "DB_URL");
            assertTrue(dbUrl.startsWith("jdbc:postgresql://"), env + " DB_URL " + dbUrl);
            assertEquals("http://audio." + ns + ".svc.cluster.local", at(config, "data", "AUDIO_FUNCTION_URL"), env);
            assertEquals(ns, at(documents.get(dir.resolve("namespace.yaml")).getFirst(), "metadata", "name"), env);
            envs.put(env, Map.of("namespace", ns, "host", (String) at(params, "data", "host"), "db", dbUrl,
                    "user", (String) at(config, "data", "DB_USER")));
        }
        for (String key : List.of("namespace", "host", "db", "user")) {
            assertNotEquals(envs.get("production").get(key), envs.get("staging").get(key), key);
        }
        assertEquals(BASE_NAMESPACE, envs.get("production").get("namespace"));
        // The component writes the environment's host and namespace over the base's placeholders.
        Map<String, Object> component = documents.get(Path.of("components/environment/kustomization.yaml")).getFirst();
        assertEquals("Component", component.get("kind"));
        Set<String> targets = new HashSet<>();
        for (Object r : list(component.get("replacements"))) {
            for (Object t : list(at(r, "targets"))) {
                list(at(t, "fieldPaths")).forEach(f -> targets.add(at(t, "select", "kind") + ":" + f));
            }
        }
        assertTrue(targets.containsAll(Set.of("Ingress:spec.rules.*.host", "Ingress:spec.tls.*.hosts.*",
                "Certificate:spec.dnsNames.*", "Ingress:metadata.annotations.[nginx.ingress.kubernetes.io/upstream-vhost]")),
                targets.toString());
    }

    // --- scripts/knative.sh ----------------------------------------------------------------------------------------

    @Test
    void knativeShPrintsTrafficBlocksForCanaryPromoteAndRollback(@TempDir Path tmp) throws Exception {
        Map<String, String> env = Map.of("DEPLOYS_LOG", tmp.resolve("none.log").toString());
        Run canary = knative(env, "canary", "image", "1.1.0", "10");
        assertEquals(0, canary.code, canary.toString());
        List<Map<String, Object>> traffic = traffic(canary);
        assertEquals(List.of(entry("image-v1-0-0", 90, null), entry("image-v1-1-0", 10, "canary")), traffic);
        assertEquals(100, traffic.stream().mapToInt(t -> (Integer) t.get("percent")).sum());
        assertEquals("image-v1-1-0", op(canary, "/spec/template/metadata/name"));
        assertEquals("ghcr.io/text2media/image:1.1.0", op(canary, "/spec/template/spec/containers/0/image"));

        Run promote = knative(env, "promote", "image", "1.1.0");
        assertEquals(List.of(entry("image-v1-1-0", 100, null)), traffic(promote));
        assertEquals("image-v1-0-0", op(promote, "/metadata/annotations/text2media.io~1previous-revision"));
        assertNull(op(promote, "/spec/template/metadata/name"), "promote moves traffic only");

        Run rollback = knative(env, "rollback", "image", "1.0.0");
        assertEquals(List.of(entry("image-v1-0-0", 100, null)), traffic(rollback));
        assertNull(op(rollback, "/spec/template/metadata/name"), "rollback moves traffic only");

        Run deploy = knative(env, "-n", "text2media-staging", "deploy", "audio", "1.2.0-rc.1");
        assertEquals(List.of(entry("audio-v1-2-0-rc-1", 100, null)), traffic(deploy));
        assertEquals("ghcr.io/text2media/audio:1.2.0-rc.1", op(deploy, "/spec/template/spec/containers/0/image"));
        assertTrue(deploy.out.contains("kubectl -n text2media-staging patch ksvc audio --type json"), deploy.out);
    }

    @Test
    void knativeShTakesTheCurrentAndPreviousVersionFromTheDeployLog(@TempDir Path tmp) throws Exception {
        Path log = tmp.resolve("DEPLOYS.log");
        Files.writeString(log, String.join("\n",
                "2025-01-01T10:00:00Z\talice\timage\t1.0.0\t1.0.5\tabc1234\tknative",
                "2025-01-02T10:00:00Z\talice\timage\t1.0.5\t9.9.9\tabc1235\tlocal",
                "2025-01-02T11:00:00Z\tbob\tauth\t1.0.0\t2.0.0\tabc1236\tknative", ""));
        Map<String, String> env = Map.of("DEPLOYS_LOG", log.toString());
        assertEquals(List.of(entry("image-v1-0-5", 80, null), entry("image-v1-1-0", 20, "canary")),
                traffic(knative(env, "canary", "image", "1.1.0", "20")));
        Run back = knative(env, "rollback", "image");
        assertEquals(List.of(entry("image-v1-0-0", 100, null)), traffic(back));
        assertEquals("image-v1-0-5", op(back, "/metadata/annotations/text2media.io~1previous-revision"));
        Run promote = knative(env, "promote", "auth");
        assertEquals(List.of(entry("auth-v2-0-0", 100, null)), traffic(promote));
        assertEquals("auth-v1-0-0", op(promote, "/metadata/annotations/text2media.io~1previous-revision"));

        Run none = knative(Map.of("DEPLOYS_LOG", tmp.resolve("missing.log").toString()), "rollback", "image");
        assertEquals(2, none.code, "no previous version known: " + none);
        assertTrue(none.err.contains("rollback image <version>"), none.err);
    }

    @Test
    void knativeShWithApplyReadsTheClusterAndPatchesThroughKubectl(@TempDir Path tmp) throws Exception {
        // A stand-in kubectl: a service in a 90/10 canary, and records the patches it is given.
        Path kubectl = tmp.resolve("kubectl");
        Path patches = tmp.resolve("patches");
        Files.writeString(kubectl, """
                #!/usr/bin/env bash
                args="$*"
                case "$args" in
                  *" patch "*) while [ $# -gt 0 ]; do [ "$1" = -p ] && printf '%%s\\n---\\n' "$2" >> "%s"; shift; done ;;
                  *"get revisions.serving.knative.dev image-v1-0-0"*|*"get revisions.serving.knative.dev image-v1-1-0"*) ;;
                  *"get revisions"*) exit 1 ;;
                  *spec.traffic*) printf 'image-v1-0-0|90|\\nimage-v1-1-0|10|canary\\n' ;;
                  *latestReadyRevisionName*) echo image-v1-1-0 ;;
                  *previous-revision*) echo image-v0-9-0 ;;
                  *containers*) echo registry.example.com/t2m/image:1.0.0 ;;
                  *generation*) echo "4 4 True" ;;
                  *) echo "unexpected: $args" >&2; exit 9 ;;
                esac
                """.formatted(patches));
        Files.setPosixFilePermissions(kubectl, PosixFilePermissions.fromString("rwx------"));
        Map<String, String> env = Map.of("KUBECTL", kubectl.toString(), "DEPLOYS_LOG", tmp.resolve("none").toString());

        Run rollback = knative(env, "--apply", "rollback", "image");
        assertEquals(0, rollback.code, rollback.toString());
        assertEquals(List.of(entry("image-v1-0-0", 100, null)), traffic(rollback), "a rollback drops the canary");
        assertNull(op(rollback, "/metadata/annotations/text2media.io~1previous-revision"));
        assertTrue(Files.readString(patches).contains("revisionName: image-v1-0-0"), "patched through kubectl");

        Run promote = knative(env, "--apply", "promote", "image");
        assertEquals(List.of(entry("image-v1-1-0", 100, null)), traffic(promote));
        assertEquals("image-v1-0-0", op(promote, "/metadata/annotations/text2media.io~1previous-revision"));

        Run canary = knative(env, "--apply", "canary", "image", "1.2.0", "25");
        assertEquals(List.of(entry("image-v1-0-0", 75, null), entry("image-v1-2-0", 25, "canary")), traffic(canary));
        assertEquals("registry.example.com/t2m/image:1.2.0", op(canary, "/spec/template/spec/containers/0/image"),
                "keeps the running image's repository");

        Run missing = knative(env, "--apply", "rollback", "image", "0.1.0");
        assertEquals(1, missing.code, missing.toString());
        assertTrue(missing.err.contains("image-v0-1-0 does not exist"), missing.err);
    }

    @Test
    void knativeShRefusesBadUsageWithExitCode2AndApplyWithoutKubectlWithAClearError() throws Exception {
        Map<String, String> env = Map.of("DEPLOYS_LOG", "/nonexistent/DEPLOYS.log");
        Run help = knative(env, "--help");
        assertEquals(0, help.code);
        assertTrue(help.out.contains("canary   <function> <version> <percent>"), help.out);
        for (String[] bad : List.of(new String[] {}, new String[] {"canary", "image", "1.1.0"},
                new String[] {"canary", "image", "1.1.0", "100"}, new String[] {"canary", "image", "1.1.0", "ten"},
                new String[] {"deploy", "nope", "1.0.0"}, new String[] {"deploy", "image", "1.0.0/x"},
                new String[] {"undo", "image"}, new String[] {"--bogus", "deploy", "image", "1.0.0"})) {
            Run run = knative(env, bad);
            assertEquals(2, run.code, String.join(" ", bad) + ": " + run);
            assertTrue(run.out.isEmpty() || bad.length == 0, "prints no patch on a usage error: " + run.out);
        }
        Run noKubectl = knative(Map.of("KUBECTL", "/nonexistent/kubectl"), "--apply", "deploy", "image", "1.1.0");
        assertEquals(1, noKubectl.code, noKubectl.toString());
        assertTrue(noKubectl.err.contains("needs kubectl"), noKubectl.err);
    }

    // --- container build -------------------------------------------------------------------------------------------

    @Test
    void theDockerfileBuildsOneFunctionOnTemurin25AndRunsItAsNonRootWithItsAotCache() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("infra/container/Dockerfile")).stream()
                .map(String::strip).filter(l -> !l.startsWith("#")).toList();
        String text = String.join("\n", lines);
        assertTrue(lines.contains("ARG FUNCTION"), "ARG FUNCTION");
        List<String> froms = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
        assertTrue(froms.size() >= 2, "multi-stage");
        for (String from : froms) {
            String image = from.split("\\s+")[1];
            assertTrue(image.matches(".*temurin-25.*|.*temurin:25.*|runtime"), "not a Temurin 25 image: " + from);
        }
        assertTrue(froms.getFirst().matches("FROM maven:\\S*eclipse-temurin-25\\S* AS build"), froms.getFirst());
        assertTrue(text.contains("eclipse-temurin:25-jre"), "a Temurin 25 JRE runtime");
        assertTrue(text.contains("mvn -B -ntp -pl \"functions/$FUNCTION\" -am package -DskipTests"), "builds one function");
        assertTrue(text.contains("RUN /src/scripts/aot-train.sh /app/app.jar /app/app.aot \"$FUNCTION\""), "AOT training");
        List<String> users = lines.stream().filter(l -> l.startsWith("USER ")).toList();
        assertFalse(users.isEmpty(), "a USER");
        String uid = users.getLast().substring(5).split(":")[0];
        assertTrue(uid.matches("[0-9]+") && Integer.parseInt(uid) > 0, "numeric non-root USER: " + users.getLast());
        assertTrue(lines.contains("EXPOSE 8080"));
        String entry = lines.stream().filter(l -> l.startsWith("ENTRYPOINT ")).reduce((a, b) -> b).orElseThrow();
        assertEquals("ENTRYPOINT [\"java\", \"@/app/jvm.options\", \"-XX:AOTCache=/app/app.aot\", \"-jar\", \"/app/app.jar\"]",
                entry);
        assertTrue(text.contains("COPY infra/jvm.options /app/jvm.options"), "the production flags");
    }

    @Test
    void jvmOptionsHoldTheProductionFlagsOnePerLine() throws IOException {
        List<String> flags = Files.readAllLines(ROOT.resolve("infra/jvm.options")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertEquals(List.of("-XX:+UseSerialGC", "-Xms16m", "-Xmx128m", "-XX:MaxMetaspaceSize=96m",
                "-XX:ReservedCodeCacheSize=48m", "-Xss512k", "-XX:TieredStopAtLevel=1"), flags);
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    private record Run(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n" + out + err;
        }
    }

    private static Run knative(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", ROOT.resolve("scripts/knative.sh").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile());
        pb.environment().remove("KNATIVE_NAMESPACE");
        pb.environment().remove("IMAGE_REGISTRY");
        pb.environment().putAll(env);
        Path out = Files.createTempFile("knative", ".out");
        Path err = Files.createTempFile("knative", ".err");
        try {
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("knative.sh " + String.join(" ", args) + " did not finish");
            }
            return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** The JSON patch knative.sh printed (YAML; its comment lines are ignored). */
    private static List<Object> patch(Run run) {
        assertEquals(0, run.code, run.toString());
        return list(new Yaml().load(run.out));
    }

    private static Object op(Run run, String path) {
        for (Object op : patch(run)) {
            if (path.equals(at(op, "path"))) {
                assertEquals("add", at(op, "op"));
                return at(op, "value");
            }
        }
        return null;
    }

    private static List<Map<String, Object>> traffic(Run run) {
        Object value = op(run, "/spec/traffic");
        assertTrue(value instanceof List, "a traffic block:\n" + run);
        List<Map<String, Object>> traffic = list(value).stream().map(InfraManifestsTest::map).toList();
        assertEquals(100, traffic.stream().mapToInt(t -> (Integer) t.get("percent")).sum(), "percents sum to 100");
        traffic.forEach(t -> assertEquals(Boolean.FALSE, t.get("latestRevision"), "pinned to revisions"));
        return traffic.stream().map(t -> {
            Map<String, Object> copy = new LinkedHashMap<>(t);
            copy.remove("latestRevision");
            return copy;
        }).toList();
    }

    private static Map<String, Object> entry(String revision, int percent, String tag) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("revisionName", revision);
        e.put("percent", percent);
        if (tag != null) {
            e.put("tag", tag);
        }
        return e;
    }

    /** Routes per function, from FunctionRoutes calls in functions/<name>/src/main: {method, path}. */
    private static Map<String, List<String[]>> declaredRoutes() throws IOException {
        Map<String, List<String[]>> routes = new TreeMap<>();
        try (Stream<Path> files = Files.walk(ROOT.resolve("functions"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Path rel = ROOT.resolve("functions").relativize(file);
                if (rel.getNameCount() < 3 || !rel.subpath(1, 3).equals(Path.of("src", "main"))) {
                    continue;
                }
                Matcher m = ROUTE.matcher(Files.readString(file));
                while (m.find()) {
                    routes.computeIfAbsent(rel.getName(0).toString(), k -> new ArrayList<>())
                            .add(new String[] {m.group(1), m.group(2)});
                }
            }
        }
        return routes;
    }

    /** The function infra/routes.tsv sends a path to: the longest prefix that matches whole segments. */
    private static String routeOf(String path) {
        String best = null;
        for (String prefix : routeTable.keySet()) {
            boolean matches = path.equals(prefix) || path.startsWith(prefix + "/");
            if (matches && (best == null || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        return best == null ? null : routeTable.get(best);
    }

    /** 1.0.0-SNAPSHOT, the development build of 1.0.0, is released as 1.0.0: the manifests carry the release. */
    private static String release(String version) {
        assertNotEquals("dev", version, "no version file on the class path");
        return version.replaceFirst("-SNAPSHOT$", "");
    }

    private static List<Map<String, Object>> all(String apiVersion, String kind) {
        return documents.values().stream().flatMap(List::stream)
                .filter(d -> apiVersion.equals(d.get("apiVersion")) && kind.equals(d.get("kind"))).toList();
    }

    private static Map<String, Object> container(Map<String, Object> svc) {
        List<Object> containers = list(at(svc, "spec", "template", "spec", "containers"));
        assertEquals(1, containers.size(), name(svc) + ": one container");
        return map(containers.getFirst());
    }

    private static String name(Map<String, Object> doc) {
        return (String) at(doc, "metadata", "name");
    }

    private static Object at(Object node, String... keys) {
        Object current = node;
        for (String key : keys) {
            if (!(current instanceof Map<?, ?> m) || !m.containsKey(key)) {
                fail("missing " + String.join(".", keys) + " (at " + key + ") in " + node);
            }
            current = ((Map<?, ?>) current).get(key);
        }
        return current;
    }

    private static void walk(Object node, Consumer<Map<String, Object>> visit) {
        if (node instanceof Map<?, ?>) {
            Map<String, Object> m = map(node);
            visit.accept(m);
            m.values().forEach(v -> walk(v, visit));
        } else if (node instanceof List<?> l) {
            l.forEach(v -> walk(v, visit));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        assertTrue(o instanceof Map, "not a mapping: " + o);
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        assertTrue(o instanceof List, "not a list: " + o);
        return (List<Object>) o;
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("infra/routes.tsv"))) {
                return dir;
            }
        }
        throw new UncheckedIOException(new IOException("no infra/routes.tsv above " + Path.of("").toAbsolutePath()));
    }
}
