package io.warden.api.wire;

import static io.warden.api.wire.JuteCrossCheckTest.bytes;
import static io.warden.api.wire.JuteCrossCheckTest.payload;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.api.data.Acl;
import io.warden.api.data.Code;
import io.warden.api.data.CreateMode;
import io.warden.api.data.EventType;
import io.warden.api.data.KeeperState;
import io.warden.api.data.Stat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.apache.zookeeper.MultiResponse;
import org.apache.zookeeper.OpResult;
import org.junit.jupiter.api.Test;

/** The codec's decisions one case at a time: what ZooKeeper does at each edge. */
class WireCodecTest {
    private static final Stat STAT = new Stat(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);

    @Test
    void pingIsTwelveFixedBytes() {
        assertArrayEquals(new byte[] {0, 0, 0, 8, -1, -1, -1, -2, 0, 0, 0, 11},
                bytes(WireCodec.encodeRequest(ClientRequest.PING)));
    }

    @Test
    void anUnknownOpcodeIsReturnedForAnUnimplementedReplyWithItsXid() {
        for (int opCode : new int[] {0, 10, 20, 23, -10, 999}) {
            ByteBuffer payload = ByteBuffer.allocate(16).putInt(77).putInt(opCode).putLong(-1).flip();
            assertEquals(new ClientRequest(77, new Request.Unknown(opCode)), WireCodec.decodeRequest(payload));
        }
    }

    @Test
    void aCheckOnItsOwnIsNoRequestButInsideAMultiItIs() {
        ClientRequest alone = new ClientRequest(3, new Request.Check("/a", 1));
        assertEquals(new ClientRequest(3, new Request.Unknown(13)),
                roundTrip(alone));
        ClientRequest multi = new ClientRequest(4, new Request.Multi(List.of(new Request.Check("/a", 1))));
        assertEquals(multi, roundTrip(multi));
    }

    @Test
    void nullStringsInAclIdsAreKeptForTheAclFixupToDecide() {
        List<Acl> acl = List.of(new Acl(31, new io.warden.api.data.Id("auth", null)),
                new Acl(1, new io.warden.api.data.Id(null, "x")));
        ClientRequest create = new ClientRequest(5, new Request.Create("/a", null, acl, CreateMode.PERSISTENT));
        assertEquals(create, roundTrip(create));
    }

    @Test
    void aNullPathIsMarshallingErrorWhereZooKeeperDereferencesItAndKeptWhereItDoesNot() {
        for (Request request : List.<Request>of(new Request.Create(null, null, Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                new Request.Delete(null, -1), new Request.Exists(null, false), new Request.GetData(null, true),
                new Request.GetChildren(null, false), new Request.GetChildren2(null, false), new Request.GetAcl(null),
                new Request.GetAllChildrenNumber(null), new Request.Multi(List.of(new Request.SetData(null, null, -1))),
                new Request.MultiRead(List.of(new Request.GetData(null, false))),
                new Request.SetWatches(0, List.of(), Arrays.asList("/a", null), List.of()),
                new Request.SetWatches(0, null, List.of(), List.of()))) {
            Request decoded = roundTrip(new ClientRequest(1, request))
                    .request();
            assertInstanceOf(Request.Malformed.class, decoded, request.toString());
            assertEquals(Code.MARSHALLING_ERROR, ((Request.Malformed) decoded).error(), request.toString());
        }
        for (Request request : List.<Request>of(new Request.SetData(null, null, -1),
                new Request.SetAcl(null, Acl.OPEN_ACL_UNSAFE, -1), new Request.Sync(null),
                new Request.GetEphemerals(null))) {
            ClientRequest sent = new ClientRequest(1, request);
            assertEquals(sent, roundTrip(sent), request.toString());
        }
    }

    @Test
    void aCreateWithAnUnknownModeFlagIsBadArguments() {
        ClientRequest create = new ClientRequest(5, new Request.Create("/a", null, Acl.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT));
        byte[] payload = payloadBytes(WireCodec.encodeRequest(create));
        ByteBuffer.wrap(payload).putInt(payload.length - 4, 9);
        ClientRequest decoded = WireCodec.decodeRequest(ByteBuffer.wrap(payload));
        assertEquals(new ClientRequest(5, new Request.Malformed(Code.BAD_ARGUMENTS,
                "Received an invalid flag value: 9 to convert to a CreateMode")), decoded);
    }

    @Test
    void aTruncatedBodyIsMarshallingErrorNamingTheField() {
        byte[] payload = payloadBytes(WireCodec.encodeRequest(new ClientRequest(3, new Request.GetData("/abc", true))));
        ClientRequest decoded = WireCodec.decodeRequest(ByteBuffer.wrap(payload, 0, payload.length - 1));
        assertEquals(3, decoded.xid());
        assertEquals(new Request.Malformed(Code.MARSHALLING_ERROR, "getData.watch: needs 1 bytes but the frame has 0 left"),
                decoded.request());
    }

    @Test
    void aRequestTooShortForItsHeaderOrABadAuthPacketIsAWireFormatError() {
        assertThrows(WireFormatException.class, () -> WireCodec.decodeRequest(ByteBuffer.allocate(7)));
        ByteBuffer auth = ByteBuffer.allocate(16).putInt(-4).putInt(100).putInt(0).putInt(50).flip();
        assertThrows(WireFormatException.class, () -> WireCodec.decodeRequest(auth));
    }

    @Test
    void bytesAfterACompleteBodyAreIgnoredAsZooKeeperIgnoresThem() {
        byte[] payload = payloadBytes(WireCodec.encodeRequest(new ClientRequest(1, new Request.Sync("/s"))));
        byte[] longer = Arrays.copyOf(payload, payload.length + 5);
        assertEquals(new ClientRequest(1, new Request.Sync("/s")), WireCodec.decodeRequest(ByteBuffer.wrap(longer)));
    }

    @Test
    void multiOpsOfTheWrongKindSpoilTheWholeRequest() {
        Request.Multi multi = new Request.Multi(List.of(new Request.Check("/a", 1)));
        byte[] payload = payloadBytes(WireCodec.encodeRequest(new ClientRequest(9, multi)));
        ByteBuffer.wrap(payload).putInt(8, 4); // the check op's type becomes getData
        Request decoded = WireCodec.decodeRequest(ByteBuffer.wrap(payload)).request();
        assertEquals(Code.MARSHALLING_ERROR, ((Request.Malformed) decoded).error());

        Request.MultiRead read = new Request.MultiRead(List.of(new Request.GetData("/a", false)));
        byte[] readPayload = payloadBytes(WireCodec.encodeRequest(new ClientRequest(9, read)));
        ByteBuffer.wrap(readPayload).putInt(8, 14); // a nested multi
        Request.Malformed m = (Request.Malformed) WireCodec.decodeRequest(ByteBuffer.wrap(readPayload)).request();
        assertEquals("multiRead op 0: invalid type of op 14", m.reason());
    }

    @Test
    void emptyMultiIsJustTheTerminator() {
        ByteBuffer frame = WireCodec.encodeRequest(new ClientRequest(1, new Request.Multi(List.of())));
        assertEquals(4 + 8 + 9, frame.limit());
        assertEquals(new Request.Multi(List.of()), WireCodec.decodeRequest(payload(bytes(frame))).request());
    }

    @Test
    void nullDataChildrenAndAclSurvive() {
        Request.Create create = new Request.Create("/n", null, null, CreateMode.EPHEMERAL);
        assertEquals(create, WireCodec.decodeRequest(payload(bytes(WireCodec.encodeRequest(
                new ClientRequest(1, create))))).request());
        Reply reply = new Reply(new ReplyHeader(1, 2, Code.OK), new Response.GetChildren2(null, STAT));
        assertEquals(reply, WireCodec.decodeReply(payload(bytes(WireCodec.encodeReply(reply.header(),
                reply.response()))), new Request.GetChildren2("/", false)));
        Reply data = new Reply(new ReplyHeader(1, 2, Code.OK), new Response.GetData(null, STAT));
        assertEquals(data, WireCodec.decodeReply(payload(bytes(WireCodec.encodeReply(data.header(),
                data.response()))), new Request.GetData("/", false)));
    }

    @Test
    void anErrorReplyHasNoBodyAndAStaleBodyFromZooKeeperIsIgnored() throws IOException {
        ReplyHeader nodeExists = new ReplyHeader(4, 100, Code.NODE_EXISTS);
        assertEquals(16, WireCodec.encodeReply(nodeExists, Response.Empty.INSTANCE).getInt(0));
        assertThrows(IllegalArgumentException.class,
                () -> WireCodec.encodeReply(nodeExists, new Response.Create("/a")));
        // ZooKeeper answers a failed create with the header and a CreateResponse of a null path.
        byte[] zk = JuteBridge.replyFrame(nodeExists, new Response.Create(null));
        assertEquals(new Reply(nodeExists, Response.Empty.INSTANCE),
                WireCodec.decodeReply(payload(zk), new Request.Create("/a", null, null, CreateMode.PERSISTENT)));
    }

    @Test
    void aFailedMultiIsAnOkReplyOfErrorResultsByteForByteAsZooKeepersMultiResponse() throws IOException {
        List<io.warden.api.wire.OpResult> results = List.of(new io.warden.api.wire.OpResult.ErrorResult(Code.OK),
                new io.warden.api.wire.OpResult.ErrorResult(Code.NO_NODE),
                new io.warden.api.wire.OpResult.ErrorResult(Code.RUNTIME_INCONSISTENCY));
        ByteBuffer frame = WireCodec.encodeReply(new ReplyHeader(7, 42, Code.OK), new Response.Multi(results));

        MultiResponse zk = new MultiResponse();
        zk.add(new OpResult.ErrorResult(0));
        zk.add(new OpResult.ErrorResult(-101));
        zk.add(new OpResult.ErrorResult(-2));
        byte[] expected = JuteBridge.replyFrame(new ReplyHeader(7, 42, Code.OK), new Response.Empty());
        byte[] body = toBytes(zk);
        byte[] whole = Arrays.copyOf(expected, expected.length + body.length);
        System.arraycopy(body, 0, whole, expected.length, body.length);
        ByteBuffer.wrap(whole).putInt(whole.length - 4);
        assertArrayEquals(whole, bytes(frame));
    }

    @Test
    void notificationsCarryTheZxidOfTheirChange() {
        WatcherEvent event = new WatcherEvent(EventType.NODE_DATA_CHANGED, KeeperState.SYNC_CONNECTED, "/w", 0x500000003L);
        ByteBuffer frame = WireCodec.encodeEvent(event);
        assertEquals(-1, frame.getInt(4));
        assertEquals(0x500000003L, frame.getLong(8));
        assertEquals(0, frame.getInt(16));
        assertEquals(event, WireCodec.decodeEvent(payload(bytes(frame))));
        assertThrows(WireFormatException.class,
                () -> WireCodec.decodeReply(payload(bytes(frame)), new Request.GetData("/w", true)));
        ByteBuffer reply = WireCodec.encodeReply(new ReplyHeader(3, 1, Code.OK), Response.Empty.INSTANCE);
        assertThrows(WireFormatException.class, () -> WireCodec.decodeEvent(payload(bytes(reply))));
    }

    @Test
    void oldClientsConnectWithoutTheReadOnlyFlagAndAreAnsweredWithoutIt() {
        ConnectRequest old = new ConnectRequest(0, 0, 30_000, 0, new byte[16], false, false);
        ByteBuffer frame = WireCodec.encodeConnectRequest(old);
        assertEquals(4 + 44, frame.limit());
        ConnectRequest decoded = WireCodec.decodeConnectRequest(payload(bytes(frame)));
        assertEquals(old, decoded);
        ConnectResponse answer = new ConnectResponse(0, 30_000, 0x1234L, new byte[16], false, decoded.hasReadOnlyFlag());
        assertEquals(4 + 36, WireCodec.encodeConnectResponse(answer).limit());
        assertThrows(IllegalArgumentException.class,
                () -> new ConnectRequest(0, 0, 30_000, 0, new byte[16], true, false));
    }

    @Test
    void malformedRequestsCannotBeEncoded() {
        assertThrows(IllegalArgumentException.class, () -> WireCodec.encodeRequest(
                new ClientRequest(1, new Request.Malformed(Code.MARSHALLING_ERROR, "x"))));
    }

    @Test
    void aGetDataReplyIsEncodedIntoExactlyOneArrayOfItsSize() {
        ByteBuffer frame = WireCodec.encodeReply(new ReplyHeader(1, 2, Code.OK), new Response.GetData(new byte[1024], STAT));
        assertEquals(frame.limit(), frame.array().length, "the size hint is exact, so the writer never grew");
        ByteBuffer request = WireCodec.encodeRequest(new ClientRequest(1, new Request.GetData("/path", true)));
        assertTrue(request.array().length >= request.limit());
    }

    @Test
    void recordsWithArraysCompareByContent() {
        assertEquals(new Request.SetData("/a", new byte[] {1}, 1), new Request.SetData("/a", new byte[] {1}, 1));
        assertEquals(new Response.GetData(new byte[] {1}, STAT).hashCode(),
                new Response.GetData(new byte[] {1}, STAT).hashCode());
        assertEquals("Auth[scheme=digest, auth=byte[3]]", new Request.Auth("digest", new byte[3]).toString());
        assertInstanceOf(Request.MultiOp.class, new Request.Check("/a", 1));
    }

    private static ClientRequest roundTrip(ClientRequest request) {
        return WireCodec.decodeRequest(ByteBuffer.wrap(payloadBytes(WireCodec.encodeRequest(request))));
    }

    private static byte[] payloadBytes(ByteBuffer frame) {
        return Arrays.copyOfRange(frame.array(), 4, frame.limit());
    }

    private static byte[] toBytes(org.apache.jute.Record record) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        record.serialize(org.apache.jute.BinaryOutputArchive.getArchive(out), "response");
        return out.toByteArray();
    }
}
