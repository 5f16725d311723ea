package io.warden.api.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PekkoFramingTest {
    private static ActorSystem system;

    @BeforeAll
    static void start() {
        // The failing streams below are expected; keep their stage errors out of the build log.
        system = ActorSystem.create("PekkoFramingTest",
                ConfigFactory.parseString("pekko.loglevel = OFF\npekko.stdout-loglevel = OFF"));
    }

    @AfterAll
    static void stop() {
        system.terminate();
    }

    @Test
    void framesSplitAcrossChunksComeOutWholeAndDecode() throws Exception {
        ClientRequest first = new ClientRequest(1, new Request.GetData("/a", true));
        ClientRequest second = new ClientRequest(2, new Request.SetData("/b", new byte[3000], -1));
        ByteString stream = PekkoFraming.toByteString(WireCodec.encodeRequest(first))
                .concat(PekkoFraming.toByteString(WireCodec.encodeRequest(second)));
        List<ByteString> chunks = new ArrayList<>();
        for (int i = 0; i < stream.length(); i += 7) {
            chunks.add(stream.slice(i, Math.min(stream.length(), i + 7)));
        }
        List<ClientRequest> decoded = Source.from(chunks)
                .via(PekkoFraming.frames(Frames.DEFAULT_MAX_PAYLOAD_BYTES))
                .map(frame -> WireCodec.decodeRequest(PekkoFraming.payload(frame)))
                .runWith(Sink.seq(), system)
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(List.of(first, second), decoded);
    }

    @Test
    void anOversizedOrNegativeLengthFailsTheStreamWithAWireFormatException() {
        for (int length : new int[] {101, -1, Integer.MIN_VALUE}) {
            ByteString bytes = ByteString.fromArrayUnsafe(ByteBuffer.allocate(8).putInt(length).array());
            ExecutionException e = assertThrows(ExecutionException.class, () -> Source.single(bytes)
                    .via(PekkoFraming.frames(100))
                    .runWith(Sink.seq(), system)
                    .toCompletableFuture().get(10, TimeUnit.SECONDS));
            assertInstanceOf(WireFormatException.class, e.getCause(), () -> "length " + length);
        }
    }

    @Test
    void encodedFramesBecomeByteStringsWithoutACopy() {
        ByteBuffer frame = WireCodec.encodeRequest(ClientRequest.PING);
        ByteString bytes = PekkoFraming.toByteString(frame);
        assertEquals(frame.limit(), bytes.length());
        ByteString compact = bytes.compact();
        assertSame(compact.toArrayUnsafe(), PekkoFraming.payload(compact).array());
    }
}
