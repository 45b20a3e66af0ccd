package io.text2media.prompt;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code target_language} of {@code /api/translate}: a common language code ({@code en}, {@code ja},
 * {@code zh-CN}, ...) mapped to its name, or a language name of letters, spaces, hyphens and brackets (at most 40
 * characters). The name goes into the instruction, so nothing else is accepted. Absent, null or empty means English.
 */
record TargetLanguage(String name) {
    static final TargetLanguage ENGLISH = new TargetLanguage("English");
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{M}][\\p{L}\\p{M} ()\\-]{0,39}");
    private static final Map<String, String> CODES = Map.ofEntries(
            Map.entry("en", "English"), Map.entry("en-us", "English"), Map.entry("en-gb", "English"),
            Map.entry("english", "English"), Map.entry("英文", "English"), Map.entry("英语", "English"),
            Map.entry("zh", "简体中文"), Map.entry("zh-cn", "简体中文"), Map.entry("zh-hans", "简体中文"),
            Map.entry("zh-tw", "繁體中文"), Map.entry("zh-hk", "繁體中文"), Map.entry("zh-hant", "繁體中文"),
            Map.entry("ja", "日本語"), Map.entry("ko", "한국어"), Map.entry("fr", "Français"), Map.entry("de", "Deutsch"),
            Map.entry("es", "Español"), Map.entry("it", "Italiano"), Map.entry("pt", "Português"),
            Map.entry("ru", "Русский"), Map.entry("ar", "العربية"), Map.entry("hi", "हिन्दी"), Map.entry("th", "ไทย"),
            Map.entry("vi", "Tiếng Việt"), Map.entry("id", "Bahasa Indonesia"), Map.entry("ms", "Bahasa Melayu"),
            Map.entry("tr", "Türkçe"), Map.entry("nl", "Nederlands"), Map.entry("pl", "Polski"),
            Map.entry("uk", "Українська"));

    /** The language for a request value; empty when the value is not acceptable. */
    static Optional<TargetLanguage> parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return Optional.of(ENGLISH);
        }
        String value = raw.strip();
        String known = CODES.get(value.toLowerCase(Locale.ROOT).replace('_', '-'));
        if (known != null) {
            return Optional.of(new TargetLanguage(known));
        }
        if (!NAME.matcher(value).matches()) {
            return Optional.empty();
        }
        return Optional.of(value.equalsIgnoreCase("english") ? ENGLISH : new TargetLanguage(value));
    }

    boolean isEnglish() {
        return name.equals(ENGLISH.name);
    }
}
