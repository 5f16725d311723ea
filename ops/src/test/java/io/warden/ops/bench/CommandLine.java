package io.warden.ops.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * GNU-style options for the bench mains: {@code --name value}, {@code --name=value} and bare
 * {@code --flag}. Unknown names, missing values and repeated options are errors, because a
 * mistyped option would otherwise silently benchmark the wrong thing.
 */
final class CommandLine {
    private final Map<String, String> values;
    private final Set<String> flags;

    private CommandLine(Map<String, String> values, Set<String> flags) {
        this.values = values;
        this.flags = flags;
    }

    static CommandLine parse(String[] args, Set<String> valueNames, Set<String> flagNames) {
        Map<String, String> values = new HashMap<>();
        Set<String> flags = new HashSet<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
            if (flagNames.contains(name)) {
                if (eq >= 0) {
                    throw new IllegalArgumentException("--" + name + " takes no value");
                }
                flags.add(name);
            } else if (valueNames.contains(name)) {
                String value;
                if (eq >= 0) {
                    value = arg.substring(eq + 1);
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw new IllegalArgumentException("--" + name + " needs a value");
                }
                if (values.put(name, value) != null) {
                    throw new IllegalArgumentException("--" + name + " given twice");
                }
            } else {
                throw new IllegalArgumentException("unknown option --" + name);
            }
        }
        return new CommandLine(values, flags);
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    String string(String name, String defaultValue) {
        return values.getOrDefault(name, defaultValue);
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    int integer(String name, int defaultValue, int min, int max) {
        String raw = values.get(name);
        if (raw == null) {
            return defaultValue;
        }
        int value;
        try {
            value = Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be an integer, got '" + raw + "'");
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException("--" + name + " must be in [" + min + ", " + max + "], got " + value);
        }
        return value;
    }

    Duration duration(String name, Duration defaultValue) {
        String raw = values.get(name);
        return raw == null ? defaultValue : parseDuration(name, raw);
    }

    /** {@code 500ms}, {@code 30s}, {@code 2m}; a bare number is seconds. */
    static Duration parseDuration(String name, String raw) {
        String text = raw.trim().toLowerCase(Locale.ROOT);
        long factorMs;
        String number;
        if (text.endsWith("ms")) {
            factorMs = 1;
            number = text.substring(0, text.length() - 2);
        } else if (text.endsWith("s")) {
            factorMs = 1_000;
            number = text.substring(0, text.length() - 1);
        } else if (text.endsWith("m")) {
            factorMs = 60_000;
            number = text.substring(0, text.length() - 1);
        } else {
            factorMs = 1_000;
            number = text;
        }
        long amount;
        try {
            amount = Long.parseLong(number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must look like 500ms, 30s or 2m, got '" + raw + "'");
        }
        if (amount < 0 || amount > 24L * 3600 * 1000 / factorMs) {
            throw new IllegalArgumentException("--" + name + " must be between 0 and 24h, got '" + raw + "'");
        }
        return Duration.ofMillis(amount * factorMs);
    }
}
