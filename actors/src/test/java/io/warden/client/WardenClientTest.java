package io.warden.client;

import static io.warden.client.Clients.await;
import static io.warden.client.Clients.bytes;
import static io.warden.client.Clients.failure;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.api.client.ClientClosedException;
import io.warden.api.client.NodeData;
import io.warden.api.client.ReadConsistency;
import io.warden.api.client.TransactionFailedException;
import io.warden.api.client.WardenClient;
import io.warden.api.client.WatchEvent;
import io.warden.api.client.Watched;
import io.warden.api.data.Code;
import io.warden.api.data.CreateMode;
import io.warden.api.data.EventType;
import io.warden.api.data.KeeperException;
import io.warden.api.data.Stat;
import io.warden.api.wire.OpResult;
import io.warden.compat.harness.Compat;
import io.warden.compat.harness.CompatTest;
import io.warden.compat.harness.ServerSettings;
import io.warden.compat.harness.Target;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.extension.RegisterExtension;

/** WardenClient's operations, errors, chroot, transactions and one-shot watches, on both servers. */
class WardenClientTest {
    @RegisterExtension
    static final Compat compat = new Compat(ServerSettings.defaults());

    @CompatTest
    void crudRoundTripWithTypedErrors(Target target) throws Exception {
        WardenClient c = Clients.connect(compat, compat.server(target).connectString());
        String p = compat.uniquePath();
        assertEquals(p, await(c.create(p, bytes("v0"), CreateMode.PERSISTENT)));
        NodeData d = await(c.getData(p));
        assertArrayEquals(bytes("v0"), d.data());
        Stat s = await(c.setData(p, bytes("v1"), d.stat().version()));
        assertEquals(1, s.version());
        KeeperException bad = (KeeperException) failure(c.setData(p, bytes("v2"), 0));
        assertEquals(Code.BAD_VERSION, bad.code());
        assertEquals(p, bad.path());
        KeeperException exists = (KeeperException) failure(c.create(p, null, CreateMode.PERSISTENT));
        assertEquals(Code.NODE_EXISTS, exists.code());
        String seq = await(c.create(p + "/s-", null, CreateMode.PERSISTENT_SEQUENTIAL));
        assertTrue(seq.startsWith(p + "/s-") && seq.length() == (p + "/s-").length() + 10, seq);
        assertEquals(List.of(seq.substring(p.length() + 1)), await(c.getChildren(p)));
        assertEquals(Code.NOT_EMPTY, ((KeeperException) failure(c.delete(p, -1))).code());
        await(c.delete(seq, -1));
        await(c.delete(p, -1));
        assertEquals(Optional.empty(), await(c.exists(p)));
        assertEquals(Code.NO_NODE, ((KeeperException) failure(c.getData(p))).code());
        assertEquals(0, await(c.getData("/", ReadConsistency.LINEARIZABLE)).stat().czxid(), "the root, read after a sync");
    }

    @CompatTest
    void manyPipelinedRequestsAreAnsweredInOrder(Target target) throws Exception {
        WardenClient c = Clients.connect(compat, compat.server(target).connectString());
        String p = compat.uniquePath();
        await(c.create(p, null, CreateMode.PERSISTENT));
        List<CompletionStage<Stat>> writes = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            writes.add(c.setData(p, bytes("v" + i), i)); // each expects the version the previous one made
        }
        for (int i = 0; i < writes.size(); i++) {
            assertEquals(i + 1, await(writes.get(i)).version());
        }
    }

    @CompatTest
    void aLinearizableReadOnAnotherSessionSeesEveryAcknowledgedWrite(Target target) throws Exception {
        WardenClient writer = Clients.connect(compat, compat.server(target).connectString());
        WardenClient reader = Clients.connect(compat, compat.server(target).connectString());
        String p = compat.uniquePath();
        await(writer.create(p, bytes("0"), CreateMode.PERSISTENT));
        for (int i = 1; i <= 30; i++) {
            String value = Integer.toString(i);
            // The read is issued from the write's acknowledgement, the earliest moment it may be.
            NodeData read = await(writer.setData(p, bytes(value), -1).thenCompose(ack ->
                    reader.getData(p, ReadConsistency.LINEARIZABLE).thenApply(d -> {
                        assertTrue(d.stat().mzxid() >= ack.mzxid(), "read older than the acknowledged write");
                        return d;
                    })));
            assertArrayEquals(bytes(value), read.data(), "round " + i);
            String child = p + "/c" + i;
            List<String> children = await(writer.create(child, null, CreateMode.PERSISTENT)
                    .thenCompose(created -> reader.getChildren(p, ReadConsistency.LINEARIZABLE)));
            assertTrue(children.contains("c" + i), "round " + i + ": " + children);
        }
    }

    @CompatTest
    void chrootIsAddedToRequestsAndRemovedFromAnswers(Target target) throws Exception {
        String root = compat.uniquePath();
        WardenClient plain = Clients.connect(compat, compat.server(target).connectString());
        await(plain.create(root, null, CreateMode.PERSISTENT));
        WardenClient c = Clients.connect(compat, compat.server(target).connectString(root));
        assertEquals("/a", await(c.create("/a", bytes("x"), CreateMode.PERSISTENT)));
        List<OpResult> results = await(c.transaction().create("/b", null, CreateMode.PERSISTENT).commit());
        assertEquals(new OpResult.CreateResult("/b"), results.get(0));
        Watched<NodeData> w = await(c.watchData("/a"));
        await(plain.setData(root + "/a", bytes("y"), -1));
        WatchEvent e = await(w.change());
        assertEquals(new WatchEvent(EventType.NODE_DATA_CHANGED, "/a", e.zxid()), e);
        assertArrayEquals(bytes("y"), await(plain.getData(root + "/a")).data());
        assertEquals(List.of("a", "b"), await(c.getChildren("/")).stream().sorted().toList());
    }

    @CompatTest
    void transactionIsAllOrNothingAndNamesTheFailingOp(Target target) throws Exception {
        WardenClient c = Clients.connect(compat, compat.server(target).connectString());
        String p = compat.uniquePath();
        TransactionFailedException f = (TransactionFailedException) failure(c.transaction()
                .create(p, null, CreateMode.PERSISTENT)
                .check(p + "/missing", -1)
                .commit());
        assertEquals(Code.NO_NODE, f.code());
        assertEquals(1, f.failedIndex());
        assertEquals(Optional.empty(), await(c.exists(p)));
        List<OpResult> ok = await(c.transaction().create(p, bytes("t"), CreateMode.PERSISTENT)
                .setData(p, bytes("u"), 0).commit());
        assertEquals(2, ok.size());
        List<OpResult> reads = await(c.readBatch().getData(p).getChildren(p).getData(p + "/none").execute());
        assertArrayEquals(bytes("u"), ((OpResult.GetDataResult) reads.get(0)).data());
        assertEquals(new OpResult.GetChildrenResult(List.of()), reads.get(1));
        assertEquals(new OpResult.ErrorResult(Code.NO_NODE), reads.get(2));
    }

    @CompatTest
    void badInputFailsAtTheCallAndAClosedClientNeverHangs(Target target) throws Exception {
        WardenClient c = Clients.connect(compat, compat.server(target).connectString());
        assertThrows(IllegalArgumentException.class, () -> c.getData("no-slash"));
        assertThrows(IllegalArgumentException.class, () -> c.create("/a/", null, CreateMode.PERSISTENT));
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
                () -> c.create(compat.uniquePath(), new byte[2 << 20], CreateMode.PERSISTENT));
        assertTrue(big.getMessage().contains("jute.maxbuffer"), big.getMessage());
        c.close();
        assertInstanceOf(ClientClosedException.class, failure(c.getData("/")));
    }

    @CompatTest
    void failsOverPastADeadServerInTheConnectString(Target target) throws Exception {
        int dead;
        try (ServerSocket s = new ServerSocket(0)) {
            dead = s.getLocalPort(); // closed again: connecting to it is refused
        }
        String live = compat.server(target).connectString();
        WardenClient c = Clients.connect(compat, "127.0.0.1:" + dead + "," + live);
        assertEquals(Optional.empty(), await(c.exists(compat.uniquePath())));
    }

    @CompatTest
    void oneShotWatchesFireOnce(Target target) throws Exception {
        WardenClient c = Clients.connect(compat, compat.server(target).connectString());
        String p = compat.uniquePath();
        Watched<Optional<Stat>> absent = await(c.watchExists(p));
        assertEquals(Optional.empty(), absent.value());
        await(c.create(p, null, CreateMode.PERSISTENT));
        assertEquals(EventType.NODE_CREATED, await(absent.change()).type());
        Watched<List<String>> kids = await(c.watchChildren(p));
        await(c.create(p + "/k", null, CreateMode.EPHEMERAL));
        WatchEvent e = await(kids.change());
        assertEquals(new WatchEvent(EventType.NODE_CHILDREN_CHANGED, p, e.zxid()), e);
        assertTrue(e.zxid() > 0 && e.zxid() <= c.lastZxidSeen());
    }
}
