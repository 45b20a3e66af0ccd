package io.text2media.shared.generation;

import io.text2media.shared.http.ApiException;
import io.text2media.shared.upstream.RetryAfter;
import io.text2media.shared.upstream.UpstreamException;

/**
 * Turns a failed upstream call into the client's answer (design.md §5.9): the original's message prefix (e.g.
 * {@code 图片生成失败: }) with what went wrong, never the upstream's body; 502 for a bad answer, 503 when busy or the
 * circuit is open, 504 on timeout; {@code Retry-After} when the upstream said how long to wait.
 */
public final class UpstreamFailures {

    private UpstreamFailures() {
    }

    /** {@code prefix} is the route's message prefix, {@code api} the original's upstream name (e.g. "Pollinations Image API"). */
    public static ApiException from(UpstreamException e, String prefix, String api) {
        ApiException answer = switch (e.kind()) {
            case BUSY -> ApiException.error(503, "upstream_busy", prefix + api + " 繁忙，已重试 " + e.attempts() + " 次，请稍后再试");
            case CIRCUIT_OPEN -> ApiException.error(503, "upstream_unavailable", prefix + api + " 暂时不可用，请稍后再试");
            case TIMEOUT -> ApiException.error(504, "upstream_timeout", prefix + api + " 响应超时，请稍后再试");
            case BAD_ANSWER -> badAnswer(prefix, api, e.lastStatus());
        };
        e.retryAfter().ifPresent(d -> answer.header("Retry-After", String.valueOf(RetryAfter.seconds(d))));
        return answer;
    }

    /** The upstream answered with a status that is not worth retrying, or broke the connection (status 0). */
    public static ApiException badAnswer(String prefix, String api, int status) {
        String what = status > 0 ? api + "调用失败 (HTTP " + status + ")" : api + "调用失败: 连接中断";
        return ApiException.error(502, "upstream_bad_answer", prefix + what);
    }

    /** The upstream answered 2xx with something that is not what was asked for (e.g. HTML instead of an image). */
    public static ApiException wrongContent(String prefix, String api, String expected) {
        return ApiException.error(502, "upstream_bad_answer", prefix + api + " 返回的内容不是" + expected);
    }
}
