package io.warden.ops.config;

import java.util.Optional;

/** A configuration that cannot run; the message names the key, the bad value and the rule. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String key;

    public ConfigException(String key, String message) {
        super(key == null ? message : key + ": " + message);
        this.key = key;
    }

    public ConfigException(String key, String message, Throwable cause) {
        super(key == null ? message : key + ": " + message, cause);
        this.key = key;
    }

    /** {@code key: "value" reason}, e.g. {@code clientPort: "abc" is not a port number (1-65535)}. */
    static ConfigException badValue(String key, String value, String reason) {
        return new ConfigException(key, "\"" + value + "\" " + reason);
    }

    /** The key (or {@code myid}) at fault, when one key is. */
    public Optional<String> key() {
        return Optional.ofNullable(key);
    }
}
