package io.warden.api.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;

/**
 * Every valid record survives encode then decode unchanged, and decoding leaves the caller's
 * buffer alone. jqwik prints its seed with each property; replay with {@code @Property(seed = ...)}.
 */
class WireRoundTripTest {

    @Property(tries = 1000)
    void requestsRoundTrip(@ForAll("requests") ClientRequest request) {
        ByteBuffer frame = WireCodec.encodeRequest(request);
        ByteBuffer payload = Frames.payload(frame, Integer.MAX_VALUE - 4);
        int position = payload.position();
        assertEquals(request, WireCodec.decodeRequest(payload));
        assertEquals(position, payload.position());
    }

    @Property(tries = 1000)
    void repliesRoundTrip(@ForAll("replies") Tuple2<Request, Reply> sentAndReply) {
        Reply reply = sentAndReply.get2();
        ByteBuffer frame = WireCodec.encodeReply(reply.header(), reply.response());
        ByteBuffer payload = Frames.payload(frame, Integer.MAX_VALUE - 4);
        assertEquals(reply.header().xid(), WireCodec.peekXid(payload));
        assertEquals(reply, WireCodec.decodeReply(payload, sentAndReply.get1()));
    }

    @Property(tries = 200)
    void eventsRoundTrip(@ForAll("events") WatcherEvent event) {
        ByteBuffer payload = Frames.payload(WireCodec.encodeEvent(event), Integer.MAX_VALUE - 4);
        assertEquals(event, WireCodec.decodeEvent(payload));
    }

    @Property(tries = 200)
    void connectHandshakeRoundTrips(@ForAll("connectRequests") ConnectRequest request,
                                    @ForAll("connectResponses") ConnectResponse response) {
        assertEquals(request, WireCodec.decodeConnectRequest(
                Frames.payload(WireCodec.encodeConnectRequest(request), Integer.MAX_VALUE - 4)));
        assertEquals(response, WireCodec.decodeConnectResponse(
                Frames.payload(WireCodec.encodeConnectResponse(response), Integer.MAX_VALUE - 4)));
    }

    @Provide
    Arbitrary<ClientRequest> requests() {
        return Arbitraries.randomValue(random -> new WireSamples(random).clientRequest());
    }

    @Provide
    Arbitrary<Tuple2<Request, Reply>> replies() {
        return Arbitraries.randomValue(random -> {
            WireSamples samples = new WireSamples(random);
            Request sent = samples.clientRequest().request();
            return Tuple.of(sent, samples.reply(sent));
        });
    }

    @Provide
    Arbitrary<WatcherEvent> events() {
        return Arbitraries.randomValue(random -> new WireSamples(random).event());
    }

    @Provide
    Arbitrary<ConnectRequest> connectRequests() {
        return Arbitraries.randomValue(random -> new WireSamples(random).connectRequest());
    }

    @Provide
    Arbitrary<ConnectResponse> connectResponses() {
        return Arbitraries.randomValue(random -> new WireSamples(random).connectResponse());
    }
}
