package io.warden.actors.config;

import java.util.Objects;

/** Invariant checks shared by the config records; each message names the setting and its value. */
final class Checks {
    static final int MAX_PORT = 65_535;

    private Checks() {}

    static <T> T notNull(String name, T value) {
        return Objects.requireNonNull(value, () -> name + " must not be null");
    }

    /** A port a peer or client dials: 1..65535. */
    static int port(String name, int port) {
        if (port < 1 || port > MAX_PORT) {
            throw new IllegalArgumentException(name + " (" + port + ") must be a port number (1-" + MAX_PORT + ")");
        }
        return port;
    }

    /** A port this server binds: 0 asks the OS for a free one (tests, in-process ensembles). */
    static int bindPort(String name, int port) {
        if (port < 0 || port > MAX_PORT) {
            throw new IllegalArgumentException(name + " (" + port + ") must be a port number (0-" + MAX_PORT
                    + ", 0 = any free port)");
        }
        return port;
    }

    static long atLeast(String name, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " (" + value + ") must be at least " + min);
        }
        return value;
    }

    static String notBlank(String name, String value) {
        notNull(name, value);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }
}
