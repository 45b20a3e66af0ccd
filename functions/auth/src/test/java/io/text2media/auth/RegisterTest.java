package io.text2media.auth;

import io.text2media.shared.http.Jsons;
import io.text2media.shared.store.Namespace;
import io.text2media.shared.testing.Http;
import io.text2media.shared.testing.TestApp;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.text2media.auth.AuthApi.assertFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /api/auth/register: original-contract.md §4.1 with design.md §5.1, §5.2, §5.5. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegisterTest {
    private TestApp app;
    private AuthApi api;

    @BeforeAll
    void start() {
        app = AuthApi.app().start();
        api = new AuthApi(app);
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void successIs201WithTheOriginalsFieldsAndAWorkingToken() {
        Http.Res res = api.register("  Alice  ", " Alice@Example.COM ", "secret1");
        assertEquals(201, res.status(), res.toString());
        JsonObject body = res.json();
        assertTrue(body.getBoolean("success"));
        assertEquals("注册成功", body.getString("message"));
        JsonObject user = body.getJsonObject("user");
        assertEquals(Set.of("id", "username", "email", "createdAt"), user.keySet(), "no lastLoginAt in register's answer");
        assertTrue(user.getString("id").matches("[0-9a-f]{32}"), user.toString());
        assertEquals("Alice", user.getString("username"));
        assertEquals("alice@example.com", user.getString("email"));
        assertTrue(user.getString("createdAt").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"), user.toString());

        Http.Res validate = api.validate(body.getString("token"));
        assertEquals(200, validate.status(), validate.toString());
        assertEquals(user.getString("id"), validate.json().getJsonObject("user").getString("id"));

        JsonObject stored = Stores.user(app.store(), "alice@example.com").orElseThrow();
        assertEquals("pbkdf2", stored.getString("passwordAlgorithm"));
        assertEquals(10_000, stored.getInt("passwordIterations"), "PBKDF2_ITERATIONS of the test env");
        assertEquals(32, stored.getInt("passwordKeyLength"));
        assertEquals("sha256", stored.getString("passwordDigest"));
        assertEquals(64, stored.getString("passwordHash").length());
        assertTrue(stored.getString("salt").matches("[0-9a-f]{32}"));
        assertTrue(stored.isNull("lastLoginAt"));
        assertTrue(stored.getBoolean("isActive"));
        assertFalse(stored.getBoolean("emailVerified"));
        assertEquals(0, stored.getInt("tokenVersion"));
        assertFalse(Stores.keys(app.store(), Namespace.USERS).contains("Alice@Example.COM"), "the key is the normalised email");
    }

    @Test
    void anEmailDifferingOnlyByCaseIsTakenAndTheRefusalChangesNothing() {
        api.registered("Dup@Example.com", "secret1");
        List<String> before = Stores.snapshot(app.store(), Namespace.USERS);
        assertFailure(api.register("other", "dup@example.com", "another1"), 400, "该邮箱已被注册");
        assertFailure(api.register("other", "DUP@EXAMPLE.COM", "another1"), 400, "该邮箱已被注册");
        assertEquals(before, Stores.snapshot(app.store(), Namespace.USERS));
    }

    @Test
    void aRecordTheOriginalStoredUnderAMixedCaseKeyCountsAsTaken() {
        Stores.putUser(app.store(), "Carol@Example.com", Jsons.object().add("id", "c0ffee").add("email", "carol@example.com")
                .add("isActive", true).build());
        assertFailure(api.register("carol", "carol@example.com", "secret1"), 400, "该邮箱已被注册");
        assertTrue(Stores.user(app.store(), "carol@example.com").isEmpty(), "nothing created beside it");
    }

    @Test
    void fiftyConcurrentRegistrationsOfOneEmailCreateExactlyOneAccount() throws Exception {
        int n = 50;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Http.Res>> calls = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                String email = i % 2 == 0 ? "race@example.com" : "RACE@example.com";
                int index = i;
                calls.add(threads.submit(() -> {
                    go.await();
                    return api.register("racer" + index, email, "secret1");
                }));
            }
            go.countDown();
            int created = 0;
            String token = null;
            for (Future<Http.Res> call : calls) {
                Http.Res res = call.get();
                if (res.status() == 201) {
                    created++;
                    token = res.json().getString("token");
                } else {
                    assertFailure(res, 400, "该邮箱已被注册");
                }
            }
            assertEquals(1, created);
            assertEquals(200, api.validate(token).status(), "the winner's token is the account's");
        }
        long accounts = Stores.keys(app.store(), Namespace.USERS).stream().filter(k -> k.equalsIgnoreCase("race@example.com")).count();
        assertEquals(1, accounts);
    }

    @Test
    void eachValidationErrorHasTheOriginalsMessageAndPersistsNothing() {
        List<String> before = Stores.snapshot(app.store(), Namespace.USERS);
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("{\"email\":\"v1@example.com\",\"password\":\"secret1\"}", "请填写所有必填字段");
        cases.put("{\"username\":\"u\",\"password\":\"secret1\"}", "请填写所有必填字段");
        cases.put("{\"username\":\"u\",\"email\":\"v1@example.com\"}", "请填写所有必填字段");
        cases.put("{\"username\":\"\",\"email\":\"v1@example.com\",\"password\":\"secret1\"}", "请填写所有必填字段");
        cases.put("{\"username\":\"u\",\"email\":\"v1@example.com\",\"password\":0}", "请填写所有必填字段");
        cases.put("{\"username\":\"u\",\"email\":false,\"password\":\"secret1\"}", "请填写所有必填字段");
        cases.put("{\"username\":\"u\",\"email\":\"no-at-sign\",\"password\":\"secret1\"}", "邮箱格式不正确");
        cases.put("{\"username\":\"u\",\"email\":\"a b@example.com\",\"password\":\"secret1\"}", "邮箱格式不正确");
        cases.put("{\"username\":\"u\",\"email\":12,\"password\":\"secret1\"}", "邮箱格式不正确");
        cases.put("{\"username\":\"u\",\"email\":[\"v1@example.com\"],\"password\":\"secret1\"}", "邮箱格式不正确");
        cases.put("{\"username\":\"u\",\"email\":\"v1@example.com\",\"password\":\"12345\"}", "密码长度至少6位");
        cases.put("{\"username\":\"u\",\"email\":\"v1@example.com\",\"password\":123456}", "注册失败，请稍后重试");
        cases.put("{\"username\":\"u\",\"email\":\"v1@example.com\",\"password\":[\"secret1\"]}", "注册失败，请稍后重试");
        cases.put("{\"username\":123,\"email\":\"v1@example.com\",\"password\":\"secret1\"}", "注册失败，请稍后重试");
        cases.put("{\"username\":{\"a\":1},\"email\":\"v1@example.com\",\"password\":\"secret1\"}", "注册失败，请稍后重试");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            assertFailure(api.post("/api/auth/register", c.getKey()), 400, c.getValue());
        }
        assertEquals(before, Stores.snapshot(app.store(), Namespace.USERS));
    }

    @Test
    void passwordsOver1024CharactersAre400AndExactly1024IsAccepted() {
        assertFailure(api.register("u", "long1@example.com", "x".repeat(1025)), 400, "密码长度不能超过1024位");
        assertTrue(Stores.user(app.store(), "long1@example.com").isEmpty());
        assertEquals(201, api.register("u", "long2@example.com", "x".repeat(1024)).status());
        assertEquals(200, api.login("long2@example.com", "x".repeat(1024)).status());
    }

    @Test
    void usernamesAreTrimmedBoundedAndFreeOfControlAndFormatCharacters() {
        assertFailure(api.register("   ", "name1@example.com", "secret1"), 400, "请填写所有必填字段");
        assertFailure(api.register("n".repeat(51), "name1@example.com", "secret1"), 400, "用户名长度不能超过50个字符");
        for (String bad : List.of("nul\u0000byte", "line\nbreak", "right\u202Eleft", "zero\u200Bwidth", "tab\there")) {
            assertFailure(api.register(bad, "name1@example.com", "secret1"), 400, "用户名包含非法字符");
        }
        // An unpaired surrogate can only arrive as a JSON escape (a UTF-8 client cannot encode it).
        assertFailure(api.post("/api/auth/register",
                "{\"username\":\"\\uD800lone\",\"email\":\"name1@example.com\",\"password\":\"secret1\"}"),
                400, "用户名包含非法字符");
        assertTrue(Stores.user(app.store(), "name1@example.com").isEmpty());
        Http.Res fifty = api.register("名".repeat(50), "name2@example.com", "secret1");
        assertEquals(201, fifty.status(), "50 characters, whatever their byte length");
        assertEquals("名".repeat(50), fifty.json().getJsonObject("user").getString("username"));
        assertEquals(201, api.register("Ann-Marie O'Neil 😀", "name3@example.com", "secret1").status());
    }

    @Test
    void aUnicodeEmailRegistersAndItsTokenWorks() {
        // The original's btoa threw here after the account was written (400 and a half-made account).
        Http.Res res = api.register("unicode", "用户@例子.中国", "secret1");
        assertEquals(201, res.status(), res.toString());
        assertEquals(200, api.validate(res.json().getString("token")).status());
        assertEquals(200, api.login("用户@例子.中国", "secret1").status());
    }

    @Test
    void bodiesThatAreNotOneJsonObjectAre400WithTheRoutesMessage() {
        for (String body : List.of("", "{", "null", "[]", "[{\"a\":1}]", "42", "\"text\"", "{} x")) {
            Http.Res res = api.post("/api/auth/register", body);
            assertEquals(400, res.status(), body + " -> " + res);
            assertEquals("注册请求体必须为 JSON", res.json().getString("error"));
            assertEquals("invalid_json", res.json().getString("code"));
        }
        Http.Res plain = app.http().post("/api/auth/register",
                "{\"username\":\"p\",\"email\":\"plain@example.com\",\"password\":\"secret1\"}", "Content-Type", "text/plain");
        assertEquals(201, plain.status(), "JSON sent as text/plain is read, as the original did");
    }
}
