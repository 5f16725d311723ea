package io.warden.robustness;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import io.warden.actors.config.FourLetterWords;
import io.warden.actors.server.WardenServer;
import io.warden.api.data.Code;
import io.warden.api.wire.ClientRequest;
import io.warden.api.wire.ConnectResponse;
import io.warden.api.wire.Reply;
import io.warden.api.wire.Request;
import io.warden.api.wire.WireCodec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The abuse a public client port sees, one case at a time, against one node: each misbehaving
 * connection is dealt with on its own while a well-behaved stock client keeps being served.
 */
class ClientPortAbuseTest {
    private static final int MAX_FRAME_BYTES = 4096;
    private static final int READ_TIMEOUT_MS = 20_000;

    @TempDir
    static Path dataDir;
    private static WardenServer.Node node;
    private static InetSocketAddress address;
    private ZooKeeper zk;

    @BeforeAll
    static void startNode() {
        node = LocalNodes.start(LocalNodes.loopback(dataDir)
                .juteMaxBufferBytes(MAX_FRAME_BYTES)
                .maxClientCnxns(1000)
                .fourLetterWords(FourLetterWords.of("srvr", "ruok")));
        address = node.clientAddress();
    }

    @AfterAll
    static void stopNode() throws Exception {
        LocalNodes.stop(node);
    }

    @BeforeEach
    void connectStockClient() throws Exception {
        zk = StockClients.connect(address);
    }

    @AfterEach
    void closeStockClient() throws Exception {
        if (zk != null) {
            zk.close();
        }
    }

    @Test
    void oversizedFrameClosesOnlyThatConnection() throws Exception {
        try (LogCapture log = LogCapture.attach();
             RawConnection bystander = RawConnection.openSession(address, READ_TIMEOUT_MS);
             RawConnection offender = RawConnection.openSession(address, READ_TIMEOUT_MS)) {
            byte[] oversized = Mutator.withPrefix(new byte[64], MAX_FRAME_BYTES + 1);
            offender.write(oversized);
            assertTrue(offender.awaitClosedBy(10), "the server closes the connection that announced 4097 bytes");

            assertStockClientWorks("/oversized");
            assertEquals(Code.OK, exists(bystander, 1).header().err(), "the other raw connection is still served");
            await().atMost(Duration.ofSeconds(10)).until(() -> log.lines(Level.WARN, "").stream().anyMatch(line ->
                    line.contains("Len error " + (MAX_FRAME_BYTES + 1)) && line.contains("jute.maxbuffer=" + MAX_FRAME_BYTES)));
        }
        assertNodeUp();
    }

    @Test
    void connectionThatSendsNothingDoesNotBlockOthers() throws Exception {
        try (RawConnection silent = RawConnection.open(address, 500)) {
            long openedNanos = System.nanoTime();
            assertStockClientWorks("/silent");
            try (RawConnection other = RawConnection.openSession(address, READ_TIMEOUT_MS)) {
                assertEquals(Code.OK, exists(other, 1).header().err());
            }
            // Nothing to answer: after its handshake timeout (10 s) the server drops it.
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ZERO).until(() -> closedWithinReadTimeout(silent));
            assertTrue(System.nanoTime() - openedNanos < TimeUnit.SECONDS.toNanos(15));
        }
        assertNodeUp();
    }

    @Test
    void floodOfConnectsDoesNotStallSessions() throws Exception {
        int baseline = RawConnection.openConnections(address);
        CompletableFuture<Integer> flood = CompletableFuture.supplyAsync(ClientPortAbuseTest::flood);
        int operations = 0;
        zk.create("/flood", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        while (!flood.isDone() || operations < 10) {
            zk.setData("/flood", ("op " + operations).getBytes(StandardCharsets.UTF_8), operations);
            assertEquals("op " + operations, new String(zk.getData("/flood", false, null), StandardCharsets.UTF_8));
            operations++;
        }
        assertEquals(200, flood.get(60, TimeUnit.SECONDS), "connects the flood made");
        zk.delete("/flood", -1);
        // Every flooding connection is forgotten again.
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> RawConnection.openConnections(address) <= baseline);
        assertNodeUp();
    }

    /** 200 connects from one thread, each dropped a different way; returns how many were made. */
    private static int flood() {
        int made = 0;
        for (int i = 0; i < 200; i++) {
            try (RawConnection c = RawConnection.open(address, READ_TIMEOUT_MS)) {
                made++;
                byte[] connect = RawConnection.bytes(WireCodec.encodeConnectRequest(RawConnection.newSession(4000)));
                switch (i % 4) {
                    case 0 -> { }
                    case 1 -> c.write(connect, 0, connect.length / 2);
                    case 2 -> {
                        c.handshake(RawConnection.newSession(4000));
                        c.abort();
                    }
                    default -> c.write(new byte[] {(byte) 0x7f, 1, 2, 3});
                }
            } catch (IOException e) {
                throw new IllegalStateException("flood connect " + i + " failed", e);
            }
        }
        return made;
    }

    @Test
    void clientThatNeverReadsItsRepliesIsDisconnectedAlone() throws Exception {
        int baseline = RawConnection.openConnections(address);
        try (LogCapture log = LogCapture.attach();
             RawConnection deaf = RawConnection.open(address, READ_TIMEOUT_MS, 4096)) {
            assertNotNull(deaf.handshake(RawConnection.newSession(30_000)));
            zk.create("/big", new byte[MAX_FRAME_BYTES - 200], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            // 8000 small requests whose replies add up to ~30 MiB: more than the connection's
            // outbound queue takes (16 MiB) plus what the socket buffers hold. The server must
            // give up on this client rather than buffer without bound.
            java.io.ByteArrayOutputStream requests = new java.io.ByteArrayOutputStream();
            for (int xid = 1; xid <= 8000; xid++) {
                requests.writeBytes(RawConnection.bytes(WireCodec.encodeRequest(
                        new ClientRequest(xid, new Request.GetData("/big", false)))));
            }
            CompletableFuture<Boolean> sent = CompletableFuture.supplyAsync(() -> {
                try {
                    return deaf.write(requests.toByteArray());
                } catch (IOException e) {
                    return false;
                }
            });
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() ->
                    log.lines(Level.WARN, "").stream().anyMatch(l -> l.contains("does not read its replies")));
            assertStockClientWorks("/deaf");
            assertTrue(deaf.awaitClosedBy(20_000), "the server closed the connection that does not read");
            sent.get(30, TimeUnit.SECONDS);
            zk.delete("/big", 0);
        }
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> RawConnection.openConnections(address) <= baseline);
        assertNodeUp();
    }

    @Test
    void maxClientCnxnsRefusesTheExtraConnection(@TempDir Path ownDir) throws Exception {
        WardenServer.Node limited = LocalNodes.start(LocalNodes.loopback(ownDir).maxClientCnxns(2));
        InetSocketAddress limitedAddress = limited.clientAddress();
        try (LogCapture log = LogCapture.attach()) {
            RawConnection first = RawConnection.openSession(limitedAddress, READ_TIMEOUT_MS);
            try (RawConnection second = RawConnection.openSession(limitedAddress, READ_TIMEOUT_MS);
                 RawConnection third = RawConnection.open(limitedAddress, READ_TIMEOUT_MS)) {
                assertNull(third.handshake(RawConnection.newSession(4000)), "connection 3 of 2 gets no answer");
                assertTrue(third.awaitClosedBy(1), "and is closed");
                assertEquals(Code.OK, exists(second, 1).header().err(), "the two allowed ones are still served");
                assertEquals(Code.OK, exists(first, 1).header().err());
                assertTrue(log.lines(Level.WARN, "").stream().anyMatch(l -> l.contains("max is 2")),
                        "the refusal is logged");
                first.close();
                // Once one of the two is gone, a new connection gets in.
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                        .until(() -> handshakeSucceeds(limitedAddress));
            }
        } finally {
            LocalNodes.stop(limited);
        }
    }

    @Test
    void maxCnxnsRefusesTheConnectionOverTheTotal(@TempDir Path ownDir) throws Exception {
        WardenServer.Node limited = LocalNodes.start(LocalNodes.loopback(ownDir).maxClientCnxns(0).maxCnxns(2));
        InetSocketAddress limitedAddress = limited.clientAddress();
        try (LogCapture log = LogCapture.attach();
             RawConnection first = RawConnection.openSession(limitedAddress, READ_TIMEOUT_MS);
             RawConnection second = RawConnection.openSession(limitedAddress, READ_TIMEOUT_MS);
             RawConnection third = RawConnection.open(limitedAddress, READ_TIMEOUT_MS)) {
            assertNull(third.handshake(RawConnection.newSession(4000)), "connection 3 of 2 in total gets no answer");
            assertTrue(third.awaitClosedBy(1), "and is closed");
            assertEquals(Code.OK, exists(first, 1).header().err(), "the two allowed ones are still served");
            assertEquals(Code.OK, exists(second, 1).header().err());
            assertTrue(log.lines(Level.WARN, "").stream().anyMatch(l -> l.contains("Too many connections - max is 2")),
                    "the refusal is logged as ZooKeeper logs it");
        } finally {
            LocalNodes.stop(limited);
        }
    }

    /**
     * ZooKeeper answers an opcode it does not know with Unimplemented and then hangs up on that
     * connection (its UnimplementedRequestProcessor); nobody else notices.
     */
    @Test
    void unknownOpcodeGetsUnimplemented() throws Exception {
        try (RawConnection bystander = RawConnection.openSession(address, READ_TIMEOUT_MS)) {
            int xid = 1;
            for (int opCode : new int[] {999, 10, 23, 12_345, -3}) {
                try (RawConnection c = RawConnection.openSession(address, READ_TIMEOUT_MS)) {
                    Reply reply = roundTrip(c, new ClientRequest(xid, new Request.Unknown(opCode)));
                    assertEquals(xid, reply.header().xid());
                    assertEquals(Code.UNIMPLEMENTED, reply.header().err(), "opcode " + opCode);
                    assertTrue(c.awaitClosedBy(1), "then the connection is closed");
                }
                Reply exists = exists(bystander, ++xid);
                assertEquals(Code.OK, exists.header().err(), "another connection is still served");
            }
        }
        assertNodeUp();
    }

    @Test
    void fourLetterWordNotWhitelistedIsRefused() throws Exception {
        assertEquals("stat is not executed because it is not in the whitelist.\n",
                RawConnection.ask(address, "stat", false));
    }

    @Test
    void ruokAnswersImokEvenAfterHalfClose() throws Exception {
        assertEquals("imok", RawConnection.ask(address, "ruok", true));
    }

    // ---- helpers

    private void assertStockClientWorks(String path) throws Exception {
        byte[] data = path.getBytes(StandardCharsets.UTF_8);
        assertEquals(path, zk.create(path, data, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
        assertEquals(path, new String(zk.getData(path, false, null), StandardCharsets.UTF_8));
        zk.delete(path, 0);
        assertNull(zk.exists(path, false));
    }

    private static void assertNodeUp() {
        assertTrue(!node.whenTerminated().toCompletableFuture().isDone(), "the node is still running");
    }

    private static Reply exists(RawConnection c, int xid) throws IOException {
        return roundTrip(c, new ClientRequest(xid, new Request.Exists("/", false)));
    }

    private static Reply roundTrip(RawConnection c, ClientRequest request) throws IOException {
        assertTrue(c.send(request), "the connection is open");
        byte[] payload = c.readFrame();
        assertNotNull(payload, "the server closed instead of answering " + request);
        return WireCodec.decodeReply(ByteBuffer.wrap(payload), request.request());
    }

    private static boolean closedWithinReadTimeout(RawConnection c) throws IOException {
        try {
            return c.readFrame() == null;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    private static boolean handshakeSucceeds(InetSocketAddress server) throws IOException {
        try (RawConnection c = RawConnection.open(server, READ_TIMEOUT_MS)) {
            ConnectResponse response = c.handshake(RawConnection.newSession(4000));
            return response != null && response.sessionId() != 0;
        }
    }
}
