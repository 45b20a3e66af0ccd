package io.text2media.shared.observe;

import io.text2media.shared.http.RequestInfo;

import io.helidon.common.context.Contexts;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.text.MessageFormat;
import java.time.Instant;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * One JSON object per line: {@code ts}, {@code level}, {@code logger}, {@code event}, the request id when the line is
 * written while serving a request, the structured fields, and for errors the exception class, a scrubbed message
 * and the stack. Field values named like secrets are replaced by {@code [REDACTED]}; emails are masked.
 */
public final class JsonLogFormatter extends Formatter {

    @Override
    public String format(LogRecord record) {
        StringBuilder json = new StringBuilder(256).append('{');
        field(json, "ts", Instant.ofEpochMilli(record.getMillis()).toString());
        field(json, "level", levelName(record.getLevel()));
        field(json, "logger", record.getLoggerName());
        Object[] params = record.getParameters();
        Log.Fields fields = params != null && params.length == 1 && params[0] instanceof Log.Fields f ? f : null;
        field(json, "event", fields != null ? record.getMessage() : Redaction.scrub(plainMessage(record)));
        Contexts.context().flatMap(c -> c.get(RequestInfo.class)).ifPresent(info -> field(json, "requestId", info.id()));
        if (fields != null) {
            for (Map.Entry<String, Object> e : fields.values().entrySet()) {
                field(json, e.getKey(), safeValue(e.getKey(), e.getValue()));
            }
        }
        Throwable thrown = record.getThrown();
        if (thrown != null) {
            field(json, "error", thrown.getClass().getName());
            field(json, "errorMessage", Redaction.bounded(thrown.getMessage(), 500));
            field(json, "stack", stack(thrown));
        }
        return json.append("}\n").toString();
    }

    static String levelName(Level level) {
        int v = level.intValue();
        if (v >= Level.SEVERE.intValue()) {
            return "ERROR";
        }
        if (v >= Level.WARNING.intValue()) {
            return "WARN";
        }
        if (v >= Level.INFO.intValue()) {
            return "INFO";
        }
        return "DEBUG";
    }

    /** A field's value as it may be logged: {@code [REDACTED]} for secret-looking names, emails masked. */
    static Object safeValue(String name, Object value) {
        if (value == null) {
            return null;
        }
        if (Redaction.isSecretName(name)) {
            return "[REDACTED]";
        }
        if (name.toLowerCase(java.util.Locale.ROOT).contains("email")) {
            return Redaction.maskEmail(String.valueOf(value));
        }
        return value;
    }

    private static String plainMessage(LogRecord record) {
        String msg = record.getMessage();
        Object[] params = record.getParameters();
        if (msg == null || params == null || params.length == 0) {
            return msg;
        }
        try {
            return MessageFormat.format(msg, params);
        } catch (IllegalArgumentException e) {
            return msg;
        }
    }

    private static String stack(Throwable thrown) {
        StringWriter out = new StringWriter();
        thrown.printStackTrace(new PrintWriter(out));
        return Redaction.scrub(out.toString());
    }

    private static void field(StringBuilder json, String name, Object value) {
        if (json.length() > 1) {
            json.append(',');
        }
        quote(json, name);
        json.append(':');
        if (value == null) {
            json.append("null");
        } else if (value instanceof Number || value instanceof Boolean) {
            json.append(value);
        } else {
            quote(json, String.valueOf(value));
        }
    }

    static void quote(StringBuilder json, String s) {
        json.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
