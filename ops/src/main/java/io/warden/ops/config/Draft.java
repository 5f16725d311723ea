package io.warden.ops.config;

import io.warden.actors.config.AdminServer;
import io.warden.actors.config.ServerConfig;
import io.warden.actors.config.ServerConfigBuilder;
import java.nio.file.Path;
import java.util.List;

/** The state of one parse: the builder the keys fill, plus what needs reconciling after all keys are read. */
final class Draft {
    final ServerConfigBuilder builder = ServerConfig.builder(null);
    /** The config file's directory: relative paths are resolved against it. */
    final Path baseDir;
    final List<String> warnings;
    Path dataDir;
    Integer clientPort;
    String clientPortAddress;
    /** peerType as written, if it was: checked against this server's own server.N line. */
    Boolean peerTypeObserver;
    String peerTypeSpelling;
    /**
     * admin.enableServer as written; Warden has no AdminServer yet, so the parsed config always
     * has it disabled (nothing reserves admin.serverPort) and {@code true} only earns a warning.
     */
    boolean adminEnableRequested;
    String adminAddress = AdminServer.DEFAULT_SERVER_ADDRESS;
    int adminPort = AdminServer.DEFAULT_SERVER_PORT;
    int adminIdleTimeoutMs = AdminServer.DEFAULT_IDLE_TIMEOUT_MS;
    String adminCommandUrl = AdminServer.DEFAULT_COMMAND_URL;

    Draft(Path baseDir, List<String> warnings) {
        this.baseDir = baseDir;
        this.warnings = warnings;
    }

    AdminServer admin() {
        return new AdminServer(false, adminAddress, adminPort, adminIdleTimeoutMs, adminCommandUrl);
    }

    void warn(String warning) {
        warnings.add(warning);
    }
}
