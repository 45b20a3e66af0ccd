package io.text2media.shared.observe;

import java.util.Locale;

/** A user-agent family (what the request log keeps instead of the full, fingerprintable string). */
public final class UserAgents {

    private UserAgents() {
    }

    public static String family(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return "none";
        }
        String ua = userAgent.toLowerCase(Locale.ROOT);
        if (ua.contains("bot") || ua.contains("spider") || ua.contains("crawler")) {
            return "bot";
        }
        if (ua.startsWith("curl/")) {
            return "curl";
        }
        if (ua.contains("edg/")) {
            return "edge";
        }
        if (ua.contains("opr/") || ua.contains("opera")) {
            return "opera";
        }
        if (ua.contains("firefox/")) {
            return "firefox";
        }
        if (ua.contains("chrome/") || ua.contains("crios/")) {
            return "chrome";
        }
        if (ua.contains("safari/")) {
            return "safari";
        }
        if (ua.contains("java-http-client") || ua.startsWith("java/") || ua.contains("helidon")) {
            return "java";
        }
        if (ua.contains("python")) {
            return "python";
        }
        if (ua.startsWith("mozilla/")) {
            return "browser";
        }
        return "other";
    }
}
