package io.text2media.shared.testing;

import io.text2media.shared.http.Jsons;
import io.text2media.shared.observe.MetricEvents;

import jakarta.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The original's {@code [METRIC] {...}} lines in captured log output, found the way a log pipeline finds them. */
public final class MetricLines {
    /** What a pipeline matching the original's output greps for: the prefix at the very start of a line. */
    public static final Pattern LINE = Pattern.compile("^\\[METRIC\\] (\\{.*\\})$");

    private MetricLines() {
    }

    /** The JSON of every metric line, in order; fails on a line that starts like one but is not one. */
    public static List<JsonObject> in(String output) {
        List<JsonObject> metrics = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (!line.startsWith(MetricEvents.PREFIX)) {
                continue;
            }
            var m = LINE.matcher(line);
            if (!m.matches()) {
                throw new AssertionError("malformed metric line: " + line);
            }
            metrics.add(Jsons.parseObject(m.group(1)).orElseThrow(() -> new AssertionError("not JSON: " + line)));
        }
        return metrics;
    }
}
