package io.text2media.health.ops;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.PrintStream;

/** Prints report rows (JSON objects) as an aligned text table of the chosen columns, for the operator's terminal. */
final class TextTable {

    private TextTable() {
    }

    static void print(PrintStream out, JsonArray rows, String... columns) {
        if (rows.isEmpty()) {
            out.println("  (none)");
            return;
        }
        StringBuilder header = new StringBuilder(" ");
        for (String c : columns) {
            header.append(String.format(" %-22s", c));
        }
        out.println(header);
        for (JsonValue v : rows) {
            StringBuilder line = new StringBuilder(" ");
            for (String c : columns) {
                JsonValue cell = v.asJsonObject().get(c);
                String text = cell instanceof JsonString s ? s.getString()
                        : cell instanceof JsonNumber n ? n.toString() : String.valueOf(cell);
                line.append(String.format(" %-22s", text));
            }
            out.println(line);
        }
    }
}
