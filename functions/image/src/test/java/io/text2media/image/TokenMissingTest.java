package io.text2media.image;

import io.text2media.shared.store.Namespace;
import io.text2media.shared.testing.Http;
import io.text2media.shared.testing.TestApp;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Prod without a token: the original's token-missing error, no upstream call, and (unlike the original) no quota used. */
class TokenMissingTest {

    @Test
    void prodWithoutATokenAnswersTheOriginalsMessageWithoutCallingOrCounting() {
        try (FakePollinations fake = new FakePollinations()) {
            Map<String, String> env = new java.util.HashMap<>(fake.env());
            env.put("POLLINATIONS_API_TOKEN", null);
            env.put("RATE_LIMIT_ANON_PER_MINUTE", "1");
            try (TestApp app = TestApp.builder().provider(new ImageProvider()).env(env).start()) {
                for (int i = 0; i < 3; i++) {
                    Http.Res res = app.http().post("/api/generate", "{\"text\":\"cat\",\"type\":\"image\"}");
                    assertEquals(500, res.status(), res.toString());
                    assertEquals("图片生成失败: Pollinations API 需要认证。请在 Cloudflare Workers 环境变量中配置 POLLINATIONS_API_TOKEN。"
                            + "获取方式：访问 https://enter.pollinations.ai", res.json().getString("error"));
                    assertEquals("upstream_not_configured", res.json().getString("code"));
                }
                Http.Res proxy = app.http().post("/api/pollinations/image", "{\"prompt\":\"cat\"}");
                assertEquals("Pollinations图像生成失败: Pollinations API 需要认证。请在 Cloudflare Workers 环境变量中配置 "
                        + "POLLINATIONS_API_TOKEN。获取方式：访问 https://enter.pollinations.ai", proxy.json().getString("error"));
                assertEquals(0, fake.requests());
                assertEquals(0, app.store().count(Namespace.RATE_LIMITS), "a request that cannot be served uses no quota");
            }
        }
    }

    @Test
    void theKeyAliasIsAcceptedAsTheToken() {
        try (FakePollinations fake = new FakePollinations()) {
            Map<String, String> env = new java.util.HashMap<>(fake.env());
            env.put("POLLINATIONS_API_TOKEN", null);
            env.put("POLLINATIONS_API_KEY", "sk_alias");
            fake.server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(com.github.tomakehurst.wiremock.client.WireMock.anyUrl())
                    .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(200)
                            .withHeader("Content-Type", "image/jpeg").withBody(new byte[] {1})));
            try (TestApp app = TestApp.builder().provider(new ImageProvider()).env(env).start()) {
                assertEquals(200, app.http().post("/api/generate/image", "{\"text\":\"cat\"}").status());
                assertEquals("Bearer sk_alias", fake.server.getAllServeEvents().getFirst().getRequest().getHeader("Authorization"));
            }
        }
    }
}
