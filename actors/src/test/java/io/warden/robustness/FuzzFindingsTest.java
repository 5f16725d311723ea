package io.warden.robustness;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.actors.config.FourLetterWords;
import io.warden.actors.config.ServerConfig;
import io.warden.actors.server.WardenServer;
import io.warden.api.data.AddWatchMode;
import io.warden.api.data.Code;
import io.warden.api.data.CreateMode;
import io.warden.api.wire.ClientRequest;
import io.warden.api.wire.Reply;
import io.warden.api.wire.Request;
import io.warden.api.wire.WireCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One test per server bug the client-port fuzzer found, each the smallest input that showed it,
 * so that a regression fails here by name rather than somewhere in a fuzz run.
 */
class FuzzFindingsTest {
    /** Small, so that a leak of the global outstanding count shows within a few requests. */
    private static final int GLOBAL_OUTSTANDING_LIMIT = 20;
    private static final int READ_TIMEOUT_MS = 20_000;

    @TempDir
    static Path dataDir;
    private static WardenServer.Node node;
    private static InetSocketAddress address;

    @BeforeAll
    static void startNode() {
        node = new WardenServer().start(ServerConfig.builder(dataDir).clientPortAddress("127.0.0.1").clientPort(0)
                .globalOutstandingLimit(GLOBAL_OUTSTANDING_LIMIT)
                .fourLetterWords(FourLetterWords.of("ruok"))
                .build());
        address = node.clientAddress();
    }

    @AfterAll
    static void stopNode() throws Exception {
        if (node != null) {
            node.close();
            node.whenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void readsAndLocallyAnsweredRequestsSettleTheOutstandingCount() throws Exception {
        try (RawConnection c = RawConnection.openSession(address, READ_TIMEOUT_MS)) {
            for (int xid = 1; xid <= 5 * GLOBAL_OUTSTANDING_LIMIT; xid++) {
                Request request = xid % 2 == 0 ? new Request.Exists("/", false) : Request.WhoAmI.INSTANCE;
                assertEquals(Code.OK, roundTrip(c, new ClientRequest(xid, request)).header().err(), "request " + xid);
            }
        }
        assertTrue(RawConnection.ask(address, "srvr", false).contains("Outstanding: 0\n"));
    }

    @Test
    void connectionClosedForAnUnreadableFrameIsForgotten() throws Exception {
        int baseline = RawConnection.openConnections(address);
        try (RawConnection c = RawConnection.openSession(address, READ_TIMEOUT_MS)) {
            ByteArrayOutputStream frames = new ByteArrayOutputStream();
            frames.writeBytes(Mutator.withPrefix(new byte[3], 3)); // no room for a request header
            for (int xid = 1; xid <= 30; xid++) {
                frames.writeBytes(RawConnection.bytes(WireCodec.encodeRequest(
                        new ClientRequest(xid, new Request.Exists("/", false)))));
            }
            c.write(frames.toByteArray());
            assertTrue(c.awaitClosedBy(1), "an unreadable request header closes the connection");
        }
        awaitConnectionsBackTo(baseline);
    }

    @Test
    void connectionResetByItsClientIsForgotten() throws Exception {
        int baseline = RawConnection.openConnections(address);
        for (int i = 0; i < 5; i++) {
            RawConnection c = RawConnection.openSession(address, READ_TIMEOUT_MS);
            c.send(new ClientRequest(1, new Request.GetData("/", true)));
            c.abort();
        }
        awaitConnectionsBackTo(baseline);
    }

    @Test
    void nullPathDataAclAndVectorsAreAnsweredNotFatal() throws Exception {
        // The codes are ZooKeeper 3.9.5's (see compat NullStringTest): MarshallingError where it
        // dereferences the null, BadArguments or an ordinary answer elsewhere.
        try (RawConnection c = RawConnection.openSession(address, READ_TIMEOUT_MS)) {
            assertEquals(Code.MARSHALLING_ERROR, roundTrip(c, new ClientRequest(1,
                    new Request.Create(null, null, null, CreateMode.PERSISTENT))).header().err());
            assertEquals(Code.BAD_ARGUMENTS, roundTrip(c, new ClientRequest(2,
                    new Request.SetData(null, null, -1))).header().err());
            assertEquals(Code.BAD_ARGUMENTS, roundTrip(c, new ClientRequest(3,
                    new Request.SetAcl(null, null, -1))).header().err());
            assertEquals(Code.MARSHALLING_ERROR, roundTrip(c, new ClientRequest(4,
                    new Request.SetWatches2(0, null, null, null, null, null))).header().err());
            assertEquals(Code.OK, roundTrip(c, new ClientRequest(5,
                    new Request.AddWatch(null, AddWatchMode.PERSISTENT_RECURSIVE))).header().err());
        }
        assertFalse(node.whenTerminated().toCompletableFuture().isDone(), "the node is still running");
    }

    @Test
    void multiOfThreeDependentOpsCommits() throws Exception {
        try (ZooKeeper zk = StockClients.connect(address)) {
            byte[] data = "three".getBytes(StandardCharsets.UTF_8);
            List<OpResult> results = zk.multi(List.of(
                    Op.create("/multi", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, org.apache.zookeeper.CreateMode.PERSISTENT),
                    Op.create("/multi/a", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, org.apache.zookeeper.CreateMode.PERSISTENT),
                    Op.setData("/multi/a", data, 0)));
            assertEquals(3, results.size());
            assertArrayEquals(data, zk.getData("/multi/a", false, null));
        }
    }

    @Test
    void fourLetterWordFollowedByMoreBytesIsStillAnswered() throws Exception {
        assertEquals("imok", RawConnection.ask(address, "ruok\r\n\r\n", false));
    }

    private static Reply roundTrip(RawConnection c, ClientRequest request) throws IOException {
        assertTrue(c.send(request), "the connection is open");
        byte[] payload = c.readFrame();
        assertNotNull(payload, "the server closed instead of answering " + request);
        return WireCodec.decodeReply(ByteBuffer.wrap(payload), request.request());
    }

    private static void awaitConnectionsBackTo(int baseline) {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> RawConnection.openConnections(address) <= baseline);
    }
}
