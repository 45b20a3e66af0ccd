package io.text2media.health.ops;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The words after an ops command, checked against what that command accepts: its flags ({@code --json}), its options
 * with a value ({@code --hours 6}) and a number of positional arguments. Anything else is a {@link UsageException},
 * so a mistyped option stops the command instead of being ignored (a cron line with {@code --max-error-rat 0.01}
 * would otherwise alert on the default threshold without anyone noticing).
 */
final class CommandLine {
    private final Set<String> flags = new HashSet<>();
    private final Map<String, String> values = new HashMap<>();
    private final List<String> positional = new ArrayList<>();

    private CommandLine() {
    }

    static CommandLine parse(List<String> words, Set<String> knownFlags, Set<String> knownOptions, int positionalCount) {
        CommandLine line = new CommandLine();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (!word.startsWith("-") || word.equals("-")) {
                line.positional.add(word);
            } else if (knownFlags.contains(word)) {
                line.flags.add(word);
            } else if (knownOptions.contains(word)) {
                if (i + 1 >= words.size()) {
                    throw new UsageException(word + " needs a value");
                }
                if (line.values.put(word, words.get(++i)) != null) {
                    throw new UsageException(word + " given twice");
                }
            } else {
                throw new UsageException("unknown option '" + word + "'");
            }
        }
        if (line.positional.size() != positionalCount) {
            throw new UsageException(positionalCount == 0 ? "unexpected argument '" + line.positional.getFirst() + "'"
                    : "expected " + positionalCount + " file argument" + (positionalCount == 1 ? "" : "s"));
        }
        return line;
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    Optional<String> value(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** A whole number of at least {@code min}. */
    Optional<Long> number(String name, long min) {
        return value(name).map(v -> {
            long n;
            try {
                n = Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new UsageException(name + " takes a whole number, got '" + v + "'");
            }
            if (n < min) {
                throw new UsageException(name + " must be at least " + min + ", got " + n);
            }
            return n;
        });
    }

    /** A decimal number within {@code [min, max]}. */
    Optional<Double> decimal(String name, double min, double max) {
        return value(name).map(v -> {
            double d;
            try {
                d = Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new UsageException(name + " takes a number, got '" + v + "'");
            }
            if (Double.isNaN(d) || d < min || d > max) {
                throw new UsageException(name + " must be between " + min + " and " + max + ", got " + v);
            }
            return d;
        });
    }

    String positional(int index) {
        return positional.get(index);
    }
}
