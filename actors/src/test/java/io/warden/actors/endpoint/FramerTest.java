package io.warden.actors.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

class FramerTest {
    private static ByteString frame(String payload) {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        return ByteString.fromByteBuffer((ByteBuffer) ByteBuffer.allocate(4 + bytes.length).putInt(bytes.length).put(bytes).flip());
    }

    /** Feeds the chunks as a connection's stage does, taking every whole item after each one. */
    private static List<Inbound> run(int maxFrameBytes, List<ByteString> chunks) {
        Framer framer = new Framer(maxFrameBytes);
        List<Inbound> items = new ArrayList<>();
        for (ByteString chunk : chunks) {
            framer.add(chunk);
            for (Inbound item = framer.next(); item != null; item = framer.next()) {
                items.add(item);
            }
        }
        return items;
    }

    /** Every byte in its own chunk: the worst case for a framer. */
    private static List<ByteString> bytewise(ByteString all) {
        List<ByteString> chunks = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            chunks.add(all.slice(i, i + 1));
        }
        return chunks;
    }

    @Test
    void framesSplitAcrossAndPackedIntoChunksComeOutWhole() {
        ByteString all = frame("hello").concat(frame("")).concat(frame("world!"));
        List<Inbound> expected = List.of(
                new Inbound.Frame(ByteString.fromString("hello")),
                new Inbound.Frame(ByteString.emptyByteString()),
                new Inbound.Frame(ByteString.fromString("world!")));
        assertEquals(expected, run(100, List.of(all)));
        assertEquals(expected, run(100, bytewise(all)));
    }

    @Test
    void fourLetterWordIsRecognisedOnlyAtTheStart() {
        assertEquals(List.of(new Inbound.FourLetterWord("ruok")), run(100, List.of(ByteString.fromString("ruok"))));
        assertEquals(List.of(new Inbound.FourLetterWord("mntr")), run(100, bytewise(ByteString.fromString("mntr\n"))));
        List<Inbound> afterFrame = run(100, List.of(frame("x").concat(ByteString.fromString("ruok"))));
        assertEquals(2, afterFrame.size());
        assertInstanceOf(Inbound.Invalid.class, afterFrame.get(1), "a word after the first frame is just a huge length");
    }

    @Test
    void bytesAfterAFourLetterWordAreDropped() {
        ByteString junk = ByteString.fromArray(new byte[] {(byte) 0xff, 1, 2, 3, 4, 5});
        ByteString all = ByteString.fromString("conf").concat(junk).concat(ByteString.fromString("\r\n\r\n"));
        assertEquals(List.of(new Inbound.FourLetterWord("conf")), run(100, List.of(all)));
        assertEquals(List.of(new Inbound.FourLetterWord("conf")), run(100, bytewise(all)));
    }

    @Test
    void stmkCarriesTheEightByteMaskThatFollowsIt() {
        ByteString all = ByteString.fromString("stmk")
                .concat(ByteString.fromArray(new byte[] {0, 0, 0, 0, 0, 0, 1, 50}))
                .concat(ByteString.fromString("\n"));
        assertEquals(List.of(new Inbound.FourLetterWord("stmk", 306)), run(100, List.of(all)));
        assertEquals(List.of(new Inbound.FourLetterWord("stmk", 306)), run(100, bytewise(all)));
        assertEquals(List.of(), run(100, List.of(ByteString.fromString("stmk").concat(ByteString.fromArray(new byte[7])))),
                "a connection that ends before the whole mask gets no answer");
    }

    @Test
    void unknownWordIsALengthError() {
        List<Inbound> items = run(100, List.of(ByteString.fromString("abcd")));
        assertEquals(1, items.size());
        assertInstanceOf(Inbound.Invalid.class, items.get(0));
    }

    @Test
    void oversizedAndNegativeLengthsEndTheConnectionWithTheReason() {
        ByteString oversized = ByteString.fromByteBuffer((ByteBuffer) ByteBuffer.allocate(4).putInt(101).flip());
        assertEquals(List.of(new Inbound.Invalid("Len error 101: frame length must be between 0 and jute.maxbuffer=100")),
                run(100, List.of(oversized.concat(frame("never read")))));
        ByteString negative = ByteString.fromByteBuffer((ByteBuffer) ByteBuffer.allocate(4).putInt(-1).flip());
        assertInstanceOf(Inbound.Invalid.class, run(100, List.of(negative)).get(0));
    }

    @Test
    void frameOfExactlyTheLimitPasses() {
        String payload = "x".repeat(100);
        assertEquals(List.of(new Inbound.Frame(ByteString.fromString(payload))), run(100, List.of(frame(payload))));
    }

    @Test
    void partialFrameAtEndOfStreamIsDropped() {
        ByteString partial = frame("abc").concat(frame("truncated").slice(0, 7));
        assertEquals(List.of(new Inbound.Frame(ByteString.fromString("abc"))), run(100, List.of(partial)));
    }
}
