package io.warden.api.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Warden's codec against ZooKeeper's own jute classes, both ways, for every request and reply
 * type: Warden's frame must be byte-identical to the reference frame, the reference parser must
 * read Warden's frame back to the same fields, and Warden must read the reference frame back to
 * the same record.
 */
class JuteCrossCheckTest {
    private static final int SAMPLES_PER_OPERATION = 100;

    private final long seed = TestSeeds.seed("JuteCrossCheckTest");
    private final WireSamples samples = new WireSamples(new Random(seed));

    @Test
    void everyRequestTypeMatchesZooKeeper() throws IOException {
        for (Operation op : WireSamples.OPERATIONS) {
            for (int i = 0; i < SAMPLES_PER_OPERATION; i++) {
                checkRequest(new ClientRequest(samples.clientRequest().xid(), samples.request(op)));
            }
        }
        for (int i = 0; i < SAMPLES_PER_OPERATION; i++) {
            checkRequest(new ClientRequest(i, samples.unknown()));
        }
    }

    @Test
    void everyReplyTypeMatchesZooKeeper() throws IOException {
        for (Operation op : WireSamples.OPERATIONS) {
            for (int i = 0; i < SAMPLES_PER_OPERATION; i++) {
                Request sent = samples.request(op);
                checkReply(samples.reply(sent), sent);
            }
        }
    }

    @Test
    void eventsMatchZooKeeper() throws IOException {
        for (int i = 0; i < SAMPLES_PER_OPERATION; i++) {
            WatcherEvent event = samples.event();
            byte[] warden = bytes(WireCodec.encodeEvent(event));
            byte[] jute = JuteBridge.eventFrame(event);
            assertArrayEquals(jute, warden, event::toString);
            assertEquals(event, JuteBridge.readEvent(warden));
            assertEquals(event, WireCodec.decodeEvent(payload(jute)));
            assertEquals(-1, WireCodec.peekXid(payload(jute)));
        }
    }

    @Test
    void connectHandshakeMatchesZooKeeperWithAndWithoutTheReadOnlyFlag() throws IOException {
        for (int i = 0; i < SAMPLES_PER_OPERATION; i++) {
            ConnectRequest request = samples.connectRequest();
            byte[] warden = bytes(WireCodec.encodeConnectRequest(request));
            byte[] jute = JuteBridge.connectRequestFrame(request);
            assertArrayEquals(jute, warden, request::toString);
            assertEquals(request, JuteBridge.readConnectRequest(warden));
            assertEquals(request, WireCodec.decodeConnectRequest(payload(jute)));

            ConnectResponse response = samples.connectResponse();
            byte[] wardenResponse = bytes(WireCodec.encodeConnectResponse(response));
            byte[] juteResponse = JuteBridge.connectResponseFrame(response);
            assertArrayEquals(juteResponse, wardenResponse, response::toString);
            assertEquals(response, JuteBridge.readConnectResponse(wardenResponse, response.hasReadOnlyFlag()));
            assertEquals(response, WireCodec.decodeConnectResponse(payload(juteResponse)));
        }
    }

    private void checkRequest(ClientRequest request) throws IOException {
        byte[] warden = bytes(WireCodec.encodeRequest(request));
        byte[] jute = JuteBridge.requestFrame(request);
        assertArrayEquals(jute, warden, () -> "seed " + seed + ": " + request);
        assertEquals(request, JuteBridge.readRequest(warden), () -> "seed " + seed);
        assertEquals(request, WireCodec.decodeRequest(payload(jute)), () -> "seed " + seed);
    }

    private void checkReply(Reply reply, Request sent) throws IOException {
        byte[] warden = bytes(WireCodec.encodeReply(reply.header(), reply.response()));
        byte[] jute = JuteBridge.replyFrame(reply.header(), reply.response());
        assertArrayEquals(jute, warden, () -> "seed " + seed + ": " + reply);
        assertEquals(reply, JuteBridge.readReply(warden, sent), () -> "seed " + seed);
        assertEquals(reply, WireCodec.decodeReply(payload(jute), sent), () -> "seed " + seed);
        assertEquals(reply.header().xid(), WireCodec.peekXid(payload(jute)));
    }

    static byte[] bytes(ByteBuffer frame) {
        assertEquals(0, frame.position());
        return Arrays.copyOfRange(frame.array(), frame.arrayOffset(), frame.arrayOffset() + frame.limit());
    }

    static ByteBuffer payload(byte[] frame) {
        return Frames.payload(ByteBuffer.wrap(frame), Integer.MAX_VALUE - 4);
    }
}
