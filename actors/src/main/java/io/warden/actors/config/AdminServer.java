package io.warden.actors.config;

/**
 * The HTTP admin server (ZooKeeper's AdminServer): the four-letter words as JSON commands.
 *
 * @param enabled       whether to start it
 * @param serverAddress the address to bind
 * @param serverPort    the port to bind; 0 = any free port
 * @param idleTimeoutMs how long an idle HTTP connection is kept
 * @param commandUrl    the URL path under which commands are listed and issued
 */
public record AdminServer(boolean enabled, String serverAddress, int serverPort, int idleTimeoutMs,
                          String commandUrl) {
    public static final String DEFAULT_SERVER_ADDRESS = "0.0.0.0";
    public static final int DEFAULT_SERVER_PORT = 8080;
    public static final int DEFAULT_IDLE_TIMEOUT_MS = 30_000;
    public static final String DEFAULT_COMMAND_URL = "/commands";

    public AdminServer {
        Checks.notBlank("admin.serverAddress", serverAddress);
        Checks.bindPort("admin.serverPort", serverPort);
        Checks.atLeast("admin.idleTimeout (ms)", idleTimeoutMs, 1);
        Checks.notBlank("admin.commandURL", commandUrl);
        if (!commandUrl.startsWith("/")) {
            throw new IllegalArgumentException("admin.commandURL (\"" + commandUrl + "\") must start with /");
        }
    }

    /**
     * ZooKeeper's defaults: enabled, on 0.0.0.0:8080. Not Warden's default: Warden has no admin
     * server yet, and {@link #disabled()} reserves no port.
     */
    public static AdminServer defaults() {
        return new AdminServer(true, DEFAULT_SERVER_ADDRESS, DEFAULT_SERVER_PORT, DEFAULT_IDLE_TIMEOUT_MS,
                DEFAULT_COMMAND_URL);
    }

    public static AdminServer disabled() {
        return new AdminServer(false, DEFAULT_SERVER_ADDRESS, DEFAULT_SERVER_PORT, DEFAULT_IDLE_TIMEOUT_MS,
                DEFAULT_COMMAND_URL);
    }
}
