package io.warden.actors.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.warden.actors.config.ClientService;
import io.warden.actors.config.ServerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * clientPortListenBacklog reaches the bind: on Linux, {@code ss -ltn} shows a listening socket's
 * backlog in its Send-Q column. Unset, the node binds with a backlog of 1024, not ZooKeeper's 50:
 * see {@link ClientService#UNSET_LISTEN_BACKLOG_BOUND} for the connect bursts that overflowed 50.
 */
@Timeout(120)
class ClientPortListenBacklogTest {

    @TempDir
    Path dataDir;

    @Test
    void theConfiguredBacklogIsTheListeningSocketsBacklog() throws Exception {
        assertEquals(7, backlogOfANodeWith(7));
    }

    @Test
    void unsetItIsBoundedForConnectBursts() throws Exception {
        assertEquals(ClientService.UNSET_LISTEN_BACKLOG_BOUND, backlogOfANodeWith(-1));
    }

    private int backlogOfANodeWith(int backlog) throws Exception {
        assumeTrue(ssWorks(), "ss (iproute2) is not available: the listening socket's backlog cannot be read");
        ServerConfig config = ServerConfig.builder(dataDir).clientPortAddress("127.0.0.1").clientPort(0)
                .listenBacklog(backlog).build();
        WardenServer.Node node = new WardenServer().start(config);
        try {
            return listenBacklog(node.clientAddress().getPort());
        } finally {
            node.close();
            node.whenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private static boolean ssWorks() {
        try {
            return run("ss", "-V").exit == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** The Send-Q of the socket listening on 127.0.0.1:port: its accept backlog. */
    private static int listenBacklog(int port) throws IOException, InterruptedException {
        Ran ss = run("ss", "-ltnH", "sport = :" + port);
        assertEquals(0, ss.exit, ss.output);
        List<String> lines = ss.output.lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), "one listening socket on port " + port + ": " + ss.output);
        // State Recv-Q Send-Q Local:Port Peer:Port
        String[] columns = lines.get(0).trim().split("\\s+");
        assertTrue(columns.length >= 4 && columns[3].endsWith(":" + port), ss.output);
        int sendQ = Integer.parseInt(columns[2]);
        // the kernel caps the backlog at net.core.somaxconn
        Path somaxconn = Path.of("/proc/sys/net/core/somaxconn");
        if (Files.isReadable(somaxconn)) {
            // read by lines: Files.readString trusts the size /proc reports and can cut the value short
            String max = Files.readAllLines(somaxconn).get(0).trim();
            assumeTrue(Integer.parseInt(max) >= ClientService.UNSET_LISTEN_BACKLOG_BOUND,
                    "net.core.somaxconn (" + max + ") is below the backlogs under test");
        }
        return sendQ;
    }

    private record Ran(int exit, String output) {}

    private static Ran run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish");
        }
        return new Ran(p.exitValue(), output);
    }
}
