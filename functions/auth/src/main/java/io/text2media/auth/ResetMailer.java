package io.text2media.auth;

import io.text2media.shared.http.Jsons;
import io.text2media.shared.observe.Log;
import io.text2media.shared.upstream.RetryPolicy;
import io.text2media.shared.upstream.UpstreamClient;
import io.text2media.shared.upstream.UpstreamException;
import io.text2media.shared.upstream.UpstreamRequest;
import io.text2media.shared.upstream.UpstreamResponse;
import io.text2media.shared.upstream.Upstreams;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Sends the reset email (original-contract.md §4.4) to a Resend-compatible API, in the background: the answer to
 * forgot-password must not depend on whether the address has an account (a send that only happens for known
 * addresses would show in the response time), nor wait for a slow email API. Every outcome is counted in
 * {@code auth_reset_emails_total{outcome=sent|failed|not_configured}}; a failure is logged with its status, never with
 * the link or the token.
 */
final class ResetMailer implements AutoCloseable {
    static final String SUBJECT = "AIStone密码重置";
    private static final Log LOG = Log.of(ResetMailer.class);

    private final EmailSettings settings;
    private final UpstreamClient client;
    private final MeterRegistry metrics;
    private final ExecutorService sends = Executors.newVirtualThreadPerTaskExecutor();

    ResetMailer(EmailSettings settings, Upstreams upstreams, MeterRegistry metrics) {
        this.settings = settings;
        // POSTs are retried only when the API surely did not take them (refused connection, 429, 503).
        this.client = upstreams.client("email", new RetryPolicy(2, Duration.ofMillis(500), settings.timeout(),
                settings.timeout().multipliedBy(2)));
        this.metrics = metrics;
    }

    /** Queues the email and returns at once. */
    void sendLater(String email, String token) {
        if (!settings.configured()) {
            LOG.warn("reset_email_not_configured", "email", email);
            count("not_configured");
            return;
        }
        try {
            sends.submit(() -> send(email, token));
        } catch (RejectedExecutionException e) {
            LOG.warn("reset_email_failed", "email", email, "reason", "shutting_down");
            count("failed");
        }
    }

    private void send(String email, String token) {
        byte[] body = Jsons.bytes(Jsons.object()
                .add("from", settings.from())
                .add("to", email)
                .add("subject", SUBJECT)
                .add("html", html(link(token)))
                .build());
        UpstreamRequest request = UpstreamRequest.post(settings.apiUrl(), "application/json", body)
                .header("Authorization", "Bearer " + settings.apiKey().orElseThrow());
        try (UpstreamResponse response = client.send(request)) {
            if (response.isSuccess()) {
                count("sent");
            } else {
                LOG.warn("reset_email_failed", "email", email, "status", response.status());
                count("failed");
            }
        } catch (UpstreamException e) {
            LOG.warn("reset_email_failed", "email", email, "kind", e.kind().name(), "status", e.lastStatus());
            count("failed");
        } catch (RuntimeException e) {
            LOG.warn("reset_email_failed", "email", email, "reason", e.getClass().getSimpleName());
            count("failed");
        }
    }

    String link(String token) {
        return settings.frontendUrl().orElseThrow() + "/reset-password?token="
                + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    /** Four paragraphs as the original's, the link HTML-escaped. */
    static String html(String link) {
        String href = link.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
        return "<p>您好，</p>"
                + "<p>我们收到了重置您 AIStone 账户密码的请求。请点击下面的链接设置新密码（24小时内有效）：</p>"
                + "<p><a href=\"" + href + "\">重置密码</a></p>"
                + "<p>如果这不是您本人的操作，请忽略此邮件，您的密码不会改变。</p>";
    }

    private void count(String outcome) {
        metrics.getOrCreate(Counter.builder("auth.reset.emails")
                .tags(List.of(Tag.create("outcome", outcome)))
                .description("Password-reset emails by outcome: sent, failed, not_configured")).increment();
    }

    /** Lets queued emails go out before the process stops (bounded by the send deadline). */
    @Override
    public void close() {
        sends.shutdown();
        try {
            if (!sends.awaitTermination(settings.timeout().multipliedBy(2).toMillis() + 1000, TimeUnit.MILLISECONDS)) {
                sends.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sends.shutdownNow();
        }
    }
}
