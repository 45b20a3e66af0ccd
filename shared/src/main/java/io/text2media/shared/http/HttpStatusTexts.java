package io.text2media.shared.http;

/** Fixed client-facing texts for errors that no route chose a message for. */
public final class HttpStatusTexts {

    private HttpStatusTexts() {
    }

    public static String message(int status) {
        return switch (status) {
            case 400 -> "请求格式错误";
            case 401 -> "未授权";
            case 403 -> "禁止访问";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "请求超时";
            case 413 -> JsonBodies.TOO_LARGE_MESSAGE;
            case 414 -> "请求地址过长";
            case 415 -> "不支持的媒体类型";
            case 431 -> "请求头过大";
            case 503 -> ErrorResponses.BUSY_MESSAGE;
            default -> status >= 500 ? ErrorResponses.INTERNAL_MESSAGE : "请求处理失败";
        };
    }

    public static String code(int status) {
        return switch (status) {
            case 404 -> "not_found";
            case 413 -> "payload_too_large";
            case 431 -> "headers_too_large";
            default -> status >= 500 ? "internal_error" : "bad_request";
        };
    }
}
