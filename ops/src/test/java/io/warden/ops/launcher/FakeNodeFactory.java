package io.warden.ops.launcher;

import io.warden.actors.config.ServerConfig;
import io.warden.actors.server.WardenNode;
import io.warden.actors.server.WardenNodeFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A stand-in server for launcher and script tests: binds the client port and answers {@code ruok}
 * and {@code srvr} like ZooKeeper, nothing else. Chosen with {@code -Dwarden.node.factory=} so it
 * never competes with a real implementation; it is registered as a service only in temp dirs.
 */
public final class FakeNodeFactory implements WardenNodeFactory {
    static final String SRVR_REPLY = "Zookeeper version: fake-for-tests\nLatency min/avg/max: 0/0.0/0\n"
            + "Received: 0\nSent: 0\nConnections: 1\nOutstanding: 0\nZxid: 0x0\nMode: standalone\nNode count: 5\n";

    @Override
    public WardenNode start(ServerConfig config) {
        try {
            return new FakeNode(new ServerSocket(config.clientPort(), 50, null));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind client port " + config.clientPort(), e);
        }
    }

    static final class FakeNode implements WardenNode {
        private final ServerSocket socket;
        private final CompletableFuture<Void> terminated = new CompletableFuture<>();

        FakeNode(ServerSocket socket) {
            this.socket = socket;
            Thread acceptor = new Thread(this::serve, "fake-node-" + socket.getLocalPort());
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void serve() {
            while (!socket.isClosed()) {
                try (Socket client = socket.accept()) {
                    client.setSoTimeout(2000);
                    InputStream in = client.getInputStream();
                    String word = new String(in.readNBytes(4), StandardCharsets.US_ASCII);
                    OutputStream out = client.getOutputStream();
                    out.write(switch (word) {
                        case "ruok" -> "imok".getBytes(StandardCharsets.US_ASCII);
                        case "srvr" -> SRVR_REPLY.getBytes(StandardCharsets.US_ASCII);
                        default -> new byte[0];
                    });
                    out.flush();
                } catch (IOException e) {
                    // a closed server socket ends the loop; a misbehaving client is just dropped
                }
            }
            terminated.complete(null);
        }

        @Override
        public CompletionStage<Void> whenTerminated() {
            return terminated;
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                terminated.completeExceptionally(e);
            }
        }

        @Override
        public String mode() {
            return "standalone";
        }
    }
}
