package io.warden.actors.admin;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * Warden's version as the four-letter words print it: ZooKeeper's version line shape
 * ("3.9.5-..., built on ..."), because tools parse the leading protocol level; Warden's own
 * version follows the dash. The build fills in warden-version.properties.
 */
final class VersionInfo {
    /** The ZooKeeper release whose client protocol and behaviour Warden matches. */
    static final String ZOOKEEPER_LEVEL = "3.9.5";
    private static final String FULL = load();

    private VersionInfo() {}

    static String fullVersion() {
        return FULL;
    }

    private static String load() {
        Properties props = new Properties();
        try (InputStream in = VersionInfo.class.getResourceAsStream("/warden-version.properties")) {
            if (in != null) {
                props.load(in);
            }
        } catch (IOException e) {
            // Fall through to "unknown": a missing version must never stop the server.
        }
        return ZOOKEEPER_LEVEL + "-warden-" + props.getProperty("version", "unknown")
                + ", built on " + props.getProperty("built", "unknown");
    }
}
