package io.text2media.shared.auth;

import java.util.Locale;
import java.util.regex.Pattern;

/** Email rules: the original's format check, and one normal form (trimmed, lower case) used as the USERS key. */
public final class Emails {
    private static final Pattern FORMAT = Pattern.compile("^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$", Pattern.UNICODE_CHARACTER_CLASS);

    private Emails() {
    }

    public static String normalize(String email) {
        return email == null ? null : email.trim().toLowerCase(Locale.ROOT);
    }

    /** The original's {@code ^[^\s@]+@[^\s@]+\.[^\s@]+$}, applied to the value as sent. */
    public static boolean isValid(String email) {
        return email != null && email.length() <= 254 && FORMAT.matcher(email).matches();
    }
}
