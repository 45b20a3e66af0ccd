package io.text2media.auth;

import io.text2media.shared.http.ApiException;

/**
 * Username rules (the original had none, original-contract.md §21.8): a string, trimmed, 1 to 50 characters (code
 * points), without control, format (bidi overrides, zero-width) or line/paragraph separator characters, which can
 * break or spoof the page that shows the name. Names from Google are cleaned to the same rules instead of refused.
 */
final class Usernames {
    static final int MAX_LENGTH = 50;

    private Usernames() {
    }

    /** The trimmed username, or a 400 saying what is wrong with it. */
    static String check(String raw) {
        String name = raw.strip();
        if (name.isEmpty()) {
            throw ApiException.failure(400, "missing_fields", Messages.FILL_ALL_FIELDS);
        }
        if (name.codePoints().anyMatch(Usernames::forbidden) || hasLoneSurrogate(name)) {
            throw ApiException.failure(400, "invalid_username", Messages.USERNAME_INVALID);
        }
        if (name.codePointCount(0, name.length()) > MAX_LENGTH) {
            throw ApiException.failure(400, "username_too_long", Messages.USERNAME_TOO_LONG);
        }
        return name;
    }

    /** A display name from Google made acceptable: forbidden characters dropped, cut to the maximum; may be empty. */
    static String clean(String raw) {
        if (raw == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        raw.strip().codePoints()
                .filter(cp -> !forbidden(cp) && !isSurrogate(cp))
                .limit(MAX_LENGTH)
                .forEach(out::appendCodePoint);
        return out.toString().strip();
    }

    private static boolean forbidden(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.CONTROL || type == Character.FORMAT
                || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }

    /** {@code codePoints()} yields an unpaired surrogate as itself. */
    private static boolean hasLoneSurrogate(String s) {
        return s.codePoints().anyMatch(Usernames::isSurrogate);
    }

    private static boolean isSurrogate(int codePoint) {
        return codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE;
    }
}
