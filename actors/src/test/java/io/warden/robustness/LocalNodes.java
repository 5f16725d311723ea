package io.warden.robustness;

import io.warden.actors.config.ServerConfig;
import io.warden.actors.config.ServerConfigBuilder;
import io.warden.actors.server.WardenServer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A test's own node: loopback, a free port, its own data dir; stopped only once its files are let go. */
final class LocalNodes {
    private LocalNodes() {}

    /** A configuration on 127.0.0.1 and a port the OS picks, for the caller to adjust and build. */
    static ServerConfigBuilder loopback(Path dataDir) {
        return ServerConfig.builder(dataDir).clientPortAddress("127.0.0.1").clientPort(0);
    }

    static WardenServer.Node start(ServerConfigBuilder config) {
        return new WardenServer().start(config.build());
    }

    /** Closes the node and waits until it released its port and files, so its temp dir can go. */
    static void stop(WardenServer.Node node) throws Exception {
        if (node != null) {
            node.close();
            node.whenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }
}
