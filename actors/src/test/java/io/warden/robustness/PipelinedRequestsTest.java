package io.warden.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.actors.server.WardenServer;
import io.warden.api.data.Acl;
import io.warden.api.data.Code;
import io.warden.api.data.CreateMode;
import io.warden.api.wire.ClientRequest;
import io.warden.api.wire.ConnectResponse;
import io.warden.api.wire.Reply;
import io.warden.api.wire.Request;
import io.warden.api.wire.WireCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that pipeline: many requests in one TCP write, which reach the session as several
 * batches of frames, some while it is still connecting (when the socket delivered them with the
 * connect request) or already at its outstanding bounds. Every request is answered, in order,
 * with nothing dropped or reordered at a batch boundary. Where the batch boundaries fall is up to
 * the socket and the scheduler, so these are end-to-end guards, not tests of one boundary.
 */
class PipelinedRequestsTest {
    private static final int READ_TIMEOUT_MS = 20_000;
    /** Enough frames for several inbound batches (a batch holds about 50 small frames). */
    private static final int REQUESTS = 300;

    @TempDir
    Path dataDir;

    @Test
    void requestsWrittenTogetherWithTheConnectRequestAreAllAnsweredInOrder() throws Exception {
        WardenServer.Node node = LocalNodes.start(LocalNodes.loopback(dataDir));
        try (RawConnection c = RawConnection.open(node.clientAddress(), READ_TIMEOUT_MS)) {
            List<ClientRequest> requests = mixedRequests("/connecting");
            ByteArrayOutputStream oneWrite = new ByteArrayOutputStream();
            oneWrite.writeBytes(RawConnection.bytes(WireCodec.encodeConnectRequest(RawConnection.newSession(30_000))));
            for (ClientRequest request : requests) {
                oneWrite.writeBytes(RawConnection.bytes(WireCodec.encodeRequest(request)));
            }
            assertTrue(c.write(oneWrite.toByteArray()), "the connection is open");

            byte[] connected = c.readFrame();
            assertNotNull(connected, "the server closed instead of answering the connect request");
            ConnectResponse response = WireCodec.decodeConnectResponse(ByteBuffer.wrap(connected));
            assertTrue(response.sessionId() != 0, "a new session: " + response);
            assertAnsweredInOrder(c, requests);
        } finally {
            LocalNodes.stop(node);
        }
    }

    @Test
    void aSessionAtTheGlobalOutstandingLimitIsThrottledNotStalled() throws Exception {
        WardenServer.Node node = LocalNodes.start(LocalNodes.loopback(dataDir).globalOutstandingLimit(4));
        try (RawConnection c = RawConnection.openSession(node.clientAddress(), READ_TIMEOUT_MS)) {
            List<ClientRequest> requests = mixedRequests("/throttled");
            ByteArrayOutputStream oneWrite = new ByteArrayOutputStream();
            for (ClientRequest request : requests) {
                oneWrite.writeBytes(RawConnection.bytes(WireCodec.encodeRequest(request)));
            }
            assertTrue(c.write(oneWrite.toByteArray()), "the connection is open");
            assertAnsweredInOrder(c, requests);
        } finally {
            LocalNodes.stop(node);
        }
    }

    /** A parent create, then creates of its children interleaved with reads of the parent. */
    private static List<ClientRequest> mixedRequests(String parent) {
        List<ClientRequest> requests = new ArrayList<>();
        requests.add(new ClientRequest(1, new Request.Create(parent, new byte[0], Acl.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT)));
        for (int xid = 2; xid <= REQUESTS; xid++) {
            Request request = xid % 3 == 0
                    ? new Request.Exists(parent, false)
                    : new Request.Create(parent + "/n" + xid, new byte[] {(byte) xid}, Acl.OPEN_ACL_UNSAFE,
                            CreateMode.PERSISTENT);
            requests.add(new ClientRequest(xid, request));
        }
        return requests;
    }

    private static void assertAnsweredInOrder(RawConnection c, List<ClientRequest> requests) throws IOException {
        long lastZxid = 0;
        for (ClientRequest request : requests) {
            byte[] payload = c.readFrame();
            assertNotNull(payload, "the server closed before answering xid " + request.xid());
            Reply reply = WireCodec.decodeReply(ByteBuffer.wrap(payload), request.request());
            assertEquals(request.xid(), reply.header().xid(), "replies come in request order");
            assertEquals(Code.OK, reply.header().err(), "xid " + request.xid() + " " + request.request());
            assertTrue(reply.header().zxid() >= lastZxid, "reply zxids never go back");
            lastZxid = reply.header().zxid();
        }
    }
}
