package io.warden.api.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.api.data.Code;
import io.warden.api.data.EventType;
import io.warden.api.data.KeeperState;
import io.warden.api.data.Stat;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The stock ZooKeeper 3.9 Java client against a toy single-connection server built on the codec:
 * handshake, pings, create, getData with a watch, setData firing the watch, exists on a missing
 * node, a failed multi, whoAmI and close. It proves the frames, xids and event shape, not any
 * server logic (the toy keeps a map and answers in order).
 */
class RealClientSmokeTest {
    private static final Stat STAT = new Stat(1, 2, 3, 4, 0, 0, 0, 0, 1, 0, 1);

    @Test
    @Timeout(60)
    void stockClientTalksToTheCodec() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> serve(listener), "toy-zk-server");
            server.setDaemon(true);
            server.start();
            CountDownLatch connected = new CountDownLatch(1);
            BlockingQueue<WatchedEvent> events = new LinkedBlockingQueue<>();
            ZooKeeper zk = new ZooKeeper("127.0.0.1:" + listener.getLocalPort(), 10_000, event -> {
                if (event.getState() == Watcher.Event.KeeperState.SyncConnected && event.getType()
                        == Watcher.Event.EventType.None) {
                    connected.countDown();
                }
            });
            try {
                assertTrue(connected.await(20, TimeUnit.SECONDS), "client connected");
                assertEquals(0x5eed0001L, zk.getSessionId());
                assertEquals("/a", zk.create("/a", new byte[] {1}, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
                org.apache.zookeeper.data.Stat stat = new org.apache.zookeeper.data.Stat();
                assertArrayEquals(new byte[] {1}, zk.getData("/a", events::add, stat));
                assertEquals(STAT.mzxid(), stat.getMzxid());
                zk.setData("/a", new byte[] {2}, -1);
                WatchedEvent fired = events.poll(20, TimeUnit.SECONDS);
                assertEquals(Watcher.Event.EventType.NodeDataChanged, fired.getType());
                assertEquals("/a", fired.getPath());
                assertEquals(0x700000007L, fired.getZxid());
                assertNull(zk.exists("/missing", false));
                KeeperException failed = assertThrows(KeeperException.class, () -> zk.multi(List.of(
                        Op.check("/a", 0), Op.delete("/missing", -1))));
                assertEquals(KeeperException.Code.NONODE, failed.code());
                List<OpResult> results = failed.getResults();
                assertEquals(0, ((OpResult.ErrorResult) results.get(0)).getErr());
                assertEquals(-101, ((OpResult.ErrorResult) results.get(1)).getErr());
                assertEquals("digest", zk.whoAmI().get(0).getAuthScheme());
            } finally {
                zk.close();
            }
        }
    }

    /** Answers one connection in order, like a server that has already done every write. */
    private static void serve(ServerSocket listener) {
        try (Socket socket = listener.accept()) {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            ConnectRequest hello = WireCodec.decodeConnectRequest(readPayload(in));
            send(out, WireCodec.encodeConnectResponse(new ConnectResponse(0, hello.sessionTimeoutMs(), 0x5eed0001L,
                    new byte[16], false, hello.hasReadOnlyFlag())));
            Map<String, byte[]> nodes = new HashMap<>();
            List<String> dataWatches = new ArrayList<>();
            while (true) {
                ClientRequest request = WireCodec.decodeRequest(readPayload(in));
                ReplyHeader ok = new ReplyHeader(request.xid(), 7, Code.OK);
                Request r = request.request();
                switch (r.operation()) {
                    case PING -> send(out, WireCodec.encodeReply(ok, Response.Empty.INSTANCE));
                    case CREATE -> {
                        Request.Create c = (Request.Create) r;
                        nodes.put(c.path(), c.data());
                        send(out, WireCodec.encodeReply(ok, new Response.Create(c.path())));
                    }
                    case GET_DATA -> {
                        Request.GetData g = (Request.GetData) r;
                        if (g.watch()) {
                            dataWatches.add(g.path());
                        }
                        send(out, WireCodec.encodeReply(ok, new Response.GetData(nodes.get(g.path()), STAT)));
                    }
                    case SET_DATA -> {
                        Request.SetData s = (Request.SetData) r;
                        nodes.put(s.path(), s.data());
                        if (dataWatches.remove(s.path())) {
                            send(out, WireCodec.encodeEvent(new WatcherEvent(EventType.NODE_DATA_CHANGED,
                                    KeeperState.SYNC_CONNECTED, s.path(), 0x700000007L)));
                        }
                        send(out, WireCodec.encodeReply(ok, new Response.NodeStat(STAT)));
                    }
                    case EXISTS -> send(out, WireCodec.encodeReply(new ReplyHeader(request.xid(), 7, Code.NO_NODE),
                            Response.Empty.INSTANCE));
                    case MULTI -> send(out, WireCodec.encodeReply(ok, new Response.Multi(List.of(
                            new io.warden.api.wire.OpResult.ErrorResult(Code.OK),
                            new io.warden.api.wire.OpResult.ErrorResult(Code.NO_NODE)))));
                    case WHO_AM_I -> send(out, WireCodec.encodeReply(ok,
                            new Response.WhoAmI(List.of(new ClientInfo("digest", "alice")))));
                    case CLOSE_SESSION -> {
                        send(out, WireCodec.encodeReply(ok, Response.Empty.INSTANCE));
                        return;
                    }
                    default -> send(out, WireCodec.encodeReply(new ReplyHeader(request.xid(), 7, Code.UNIMPLEMENTED),
                            Response.Empty.INSTANCE));
                }
            }
        } catch (IOException e) {
            // the client went away; the test's assertions tell whether that was early
        }
    }

    private static ByteBuffer readPayload(DataInputStream in) throws IOException {
        int length = Frames.checkPayloadLength(in.readInt(), Frames.DEFAULT_MAX_PAYLOAD_BYTES);
        byte[] payload = new byte[length];
        in.readFully(payload);
        return ByteBuffer.wrap(payload);
    }

    private static void send(OutputStream out, ByteBuffer frame) throws IOException {
        out.write(frame.array(), frame.arrayOffset(), frame.limit());
        out.flush();
    }
}
