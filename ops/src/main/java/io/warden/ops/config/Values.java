package io.warden.ops.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;

/** Typed values from zoo.cfg strings; each failure names the key, the value and the rule. */
final class Values {
    private Values() {}

    static int port(String key, String value) throws ConfigException {
        int port = parseIntOr(key, value, "is not a port number (1-65535)");
        if (port < 1 || port > 65_535) {
            throw ConfigException.badValue(key, value, "is not a port number (1-65535)");
        }
        return port;
    }

    static int positiveInt(String key, String value) throws ConfigException {
        return intAtLeast(key, value, 1, "is not a positive whole number");
    }

    static int nonNegativeInt(String key, String value) throws ConfigException {
        return intAtLeast(key, value, 0, "is not a whole number of 0 or more");
    }

    /** A positive int in decimal, or hex/octal as {@link Integer#decode} reads it (jute.maxbuffer=0xfffff). */
    static int decodedPositiveInt(String key, String value) throws ConfigException {
        try {
            int n = Integer.decode(value);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below, with the same words as a negative number
        }
        throw ConfigException.badValue(key, value, "is not a positive whole number (decimal, or hex as 0x...)");
    }

    static int anyInt(String key, String value) throws ConfigException {
        return parseIntOr(key, value, "is not a whole number");
    }

    static long anyLong(String key, String value) throws ConfigException {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ConfigException.badValue(key, value, "is not a whole number");
        }
    }

    static double anyDouble(String key, String value) throws ConfigException {
        try {
            double d = Double.parseDouble(value);
            if (!Double.isNaN(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ConfigException.badValue(key, value, "is not a number");
    }

    /** ZooKeeper spells its booleans both ways: true/false (most keys) and yes/no (forceSync, skipACL). */
    static boolean bool(String key, String value) throws ConfigException {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes" -> true;
            case "false", "no" -> false;
            default -> throw ConfigException.badValue(key, value, "is not a boolean (true, false, yes or no)");
        };
    }

    /** A path; a relative one is resolved against {@code baseDir} (the config file's directory). */
    static Path path(String key, String value, Path baseDir) throws ConfigException {
        if (value.isEmpty()) {
            throw ConfigException.badValue(key, value, "is not a path (empty)");
        }
        try {
            return baseDir.resolve(value).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw ConfigException.badValue(key, value, "is not a valid path: " + e.getReason());
        }
    }

    /** A host name or literal; an IPv6 literal may come with or without brackets and is kept without. */
    static String host(String key, String value) throws ConfigException {
        String host = value.startsWith("[") && value.endsWith("]") ? value.substring(1, value.length() - 1) : value;
        if (host.isEmpty() || host.chars().anyMatch(c -> Character.isWhitespace(c) || c == '[' || c == ']')) {
            throw ConfigException.badValue(key, value, "is not a host name or address");
        }
        return host;
    }

    private static int intAtLeast(String key, String value, int min, String rule) throws ConfigException {
        int n = parseIntOr(key, value, rule);
        if (n < min) {
            throw ConfigException.badValue(key, value, rule);
        }
        return n;
    }

    private static int parseIntOr(String key, String value, String rule) throws ConfigException {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw ConfigException.badValue(key, value, rule);
        }
    }
}
