package io.text2media.feedback;

/**
 * Removes HTML from feedback text. Tags go (the original's {@code <[^>]*>}), and unlike the original so does the
 * content of {@code script} and {@code style} elements and of comments: {@code <script>x</script>Hello} is
 * {@code Hello}, not {@code xHello}. One forward pass, linear in the input, whatever it holds (a regular expression
 * with lazy groups can go quadratic on crafted input).
 */
final class HtmlText {

    private HtmlText() {
    }

    static String strip(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int n = s.length();
        int i = 0;
        while (i < n) {
            int lt = s.indexOf('<', i);
            if (lt < 0) {
                out.append(s, i, n);
                break;
            }
            out.append(s, i, lt);
            if (s.startsWith("<!--", lt)) {
                int end = s.indexOf("-->", lt + 4);
                i = end < 0 ? n : end + 3;
                continue;
            }
            int gt = s.indexOf('>', lt + 1);
            if (gt < 0) {
                // no '>' anywhere after: nothing more can be a tag, the rest is text (as with the original's regex)
                out.append(s, lt, n);
                break;
            }
            i = gt + 1;
            String raw = rawTextElement(s, lt + 1, gt);
            if (raw != null) {
                int close = indexOfIgnoreCase(s, "</" + raw, i);
                if (close < 0) {
                    i = n;
                } else {
                    int closeEnd = s.indexOf('>', close);
                    i = closeEnd < 0 ? n : closeEnd + 1;
                }
            }
        }
        return out.toString();
    }

    /** {@code script} or {@code style} when the tag between {@code from} and {@code to} opens one (not self-closed). */
    private static String rawTextElement(String s, int from, int to) {
        for (String name : new String[] {"script", "style"}) {
            int end = from + name.length();
            if (end <= to && s.regionMatches(true, from, name, 0, name.length())
                    && (end == to || !Character.isLetterOrDigit(s.charAt(end))) && s.charAt(to - 1) != '/') {
                return name;
            }
        }
        return null;
    }

    private static int indexOfIgnoreCase(String s, String needle, int from) {
        for (int j = from; j <= s.length() - needle.length(); j++) {
            if (s.regionMatches(true, j, needle, 0, needle.length())) {
                return j;
            }
        }
        return -1;
    }

    /** JavaScript's {@code trim()}: Unicode white space, including no-break spaces and the byte order mark. */
    static String trim(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\uFEFF';
    }
}
