package io.text2media.shared.observe;

import java.util.Locale;
import java.util.regex.Pattern;

/** What may appear in a log line: secrets never, emails masked, free text bounded. */
public final class Redaction {
    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i).*(password|passwd|secret|token|authorization|cookie|api_?key|admin_?key|credential).*");
    private static final Pattern EMAIL = Pattern.compile("([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+)");
    private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]+");

    private Redaction() {
    }

    public static boolean isSecretName(String fieldName) {
        return SECRET_NAME.matcher(fieldName).matches();
    }

    /** {@code alice@example.com} becomes {@code a***@example.com}. */
    public static String maskEmail(String email) {
        if (email == null) {
            return null;
        }
        int at = email.indexOf('@');
        if (at <= 0) {
            return "***";
        }
        return email.charAt(0) + "***" + email.substring(at).toLowerCase(Locale.ROOT);
    }

    /** Masks emails and bearer credentials inside free text (exception messages, third-party log lines). */
    public static String scrub(String text) {
        if (text == null) {
            return null;
        }
        String out = EMAIL.matcher(text).replaceAll("$1***@$2");
        return BEARER.matcher(out).replaceAll("$1***");
    }

    /** Scrubbed and cut to {@code max} characters. */
    public static String bounded(String text, int max) {
        String scrubbed = scrub(text);
        if (scrubbed == null || scrubbed.length() <= max) {
            return scrubbed;
        }
        return scrubbed.substring(0, max) + "...";
    }
}
