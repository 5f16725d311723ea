package io.warden.api.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.apache.jute.BinaryInputArchive;
import org.apache.jute.BinaryOutputArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JutePrimitivesTest {

    @Test
    void readsEachPrimitiveBigEndianWithoutMovingTheCallersBuffer() {
        ByteBuffer buf = ByteBuffer.wrap(new byte[] {0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 2, 7, 0, 0, 0, 2, 'h', 'i',
            -1, -1, -1, -1, 0, 0, 0, 0});
        JuteReader in = new JuteReader(buf.order(ByteOrder.LITTLE_ENDIAN));
        assertEquals(256, in.readInt("i"));
        assertEquals(2L, in.readLong("l"));
        assertTrue(in.readBool("b"), "any non-zero byte is true, as DataInput reads it");
        assertEquals("hi", in.readUstring("s"));
        assertNull(in.readBuffer("null buffer"));
        assertEquals("", in.readUstring("empty"));
        assertEquals(0, in.remaining());
        assertEquals(0, buf.position());
    }

    @ParameterizedTest
    @ValueSource(ints = {Integer.MAX_VALUE, 0x7fff_fff0, 5, 1 << 20})
    void aLengthPastTheFrameIsRejectedBeforeAllocating(int length) {
        ByteBuffer buf = ByteBuffer.allocate(8).putInt(length).putInt(0).flip();
        WireFormatException e = assertThrows(WireFormatException.class, () -> new JuteReader(buf).readBuffer("data"));
        assertEquals("data: length " + length + " runs past the end of the frame (4 bytes left)", e.getMessage());
        assertThrows(WireFormatException.class, () -> new JuteReader(buf).readUstring("path"));
    }

    @ParameterizedTest
    @ValueSource(ints = {-2, Integer.MIN_VALUE})
    void aNegativeLengthOtherThanNullIsRejected(int length) {
        ByteBuffer buf = ByteBuffer.allocate(4).putInt(length).flip();
        WireFormatException e = assertThrows(WireFormatException.class, () -> new JuteReader(buf).readUstring("path"));
        assertEquals("path: negative length " + length, e.getMessage());
        assertThrows(WireFormatException.class, () -> new JuteReader(buf).readUstringVector("children"));
    }

    @Test
    void aVectorCountIsBoundedByTheSmallestElementThatCouldFollow() {
        // 3 strings need at least 12 bytes; 8 are left.
        ByteBuffer buf = ByteBuffer.allocate(12).putInt(3).putInt(0).putInt(0).flip();
        WireFormatException e = assertThrows(WireFormatException.class,
                () -> new JuteReader(buf).readUstringVector("children"));
        assertEquals("children: vector count 3 cannot fit in the 8 bytes left in the frame", e.getMessage());
        ByteBuffer two = ByteBuffer.allocate(12).putInt(2).putInt(0).putInt(-1).flip();
        assertEquals(java.util.Arrays.asList("", null), new JuteReader(two).readUstringVector("children"));
        ByteBuffer nullVector = ByteBuffer.allocate(4).putInt(-1).flip();
        assertNull(new JuteReader(nullVector).readUstringVector("children"));
    }

    @Test
    void truncatedFieldsNameTheField() {
        ByteBuffer buf = ByteBuffer.allocate(3);
        WireFormatException e = assertThrows(WireFormatException.class, () -> new JuteReader(buf).readLong("zxid"));
        assertEquals("zxid: needs 8 bytes but the frame has 3 left", e.getMessage());
    }

    @Test
    void directAndReadOnlyBuffersReadTheSame() {
        JuteWriter out = new JuteWriter(16);
        out.writeUstring("/zoo/\u00e9t\u00e9");
        out.writeBuffer(new byte[] {1, 2, 3});
        byte[] bytes = out.toByteArray();
        for (ByteBuffer buf : List.of(ByteBuffer.wrap(bytes).asReadOnlyBuffer(),
                ByteBuffer.allocateDirect(bytes.length).put(bytes).flip())) {
            JuteReader in = new JuteReader(buf);
            assertEquals("/zoo/\u00e9t\u00e9", in.readUstring("path"));
            assertArrayEquals(new byte[] {1, 2, 3}, in.readBuffer("data"));
        }
    }

    @Test
    void stringsAreWrittenByteForByteAsJuteWritesThem() throws IOException {
        // Supplementary characters and lone surrogates come out per UTF-16 unit (CESU-8), as in jute.
        for (String s : List.of("", "/a", "\u00e9\u0800\uffff", "\ud83d\ude00", "x\ud800y", "\udc00")) {
            JuteWriter out = new JuteWriter(4);
            out.writeUstring(s);
            ByteArrayOutputStream jute = new ByteArrayOutputStream();
            BinaryOutputArchive.getArchive(jute).writeString(s, "s");
            assertArrayEquals(jute.toByteArray(), out.toByteArray(), s);

            String juteRead = BinaryInputArchive.getArchive(new DataInputStream(
                    new ByteArrayInputStream(jute.toByteArray()))).readString("s");
            assertEquals(juteRead, new JuteReader(ByteBuffer.wrap(out.toByteArray())).readUstring("s"),
                    "decoding replaces what UTF-8 cannot hold exactly as jute does");
        }
    }

    @Test
    void theWriterGrowsPastItsHintAndFramesCarryTheirLength() {
        JuteWriter out = JuteWriter.forFrame(0);
        out.writeUstring("\u00e9".repeat(100));
        out.writeBuffer(new byte[1000]);
        out.writeVector(List.of(1, 2, 3), JuteWriter::writeInt);
        ByteBuffer frame = out.finishFrame();
        assertEquals(0, frame.position());
        assertEquals(4 + 4 + 200 + 4 + 1000 + 4 + 12, frame.limit());
        assertEquals(frame.limit() - 4, frame.getInt(0));
        assertThrows(IllegalStateException.class, () -> new JuteWriter(8).finishFrame());
    }

    @Test
    void framesAreLimitedLikeZooKeepersJuteMaxbuffer() {
        assertEquals(0xfffff, Frames.checkPayloadLength(0xfffff, Frames.DEFAULT_MAX_PAYLOAD_BYTES));
        assertEquals(0, Frames.checkPayloadLength(0, Frames.DEFAULT_MAX_PAYLOAD_BYTES));
        WireFormatException tooLarge = assertThrows(WireFormatException.class,
                () -> Frames.checkPayloadLength(0x100000, Frames.DEFAULT_MAX_PAYLOAD_BYTES));
        assertEquals("frame length 1048576 is negative or greater than jute.maxbuffer=1048575: a malformed message"
                + " or one too large to process", tooLarge.getMessage());
        assertThrows(WireFormatException.class, () -> Frames.checkPayloadLength(-1, 100));
        assertThrows(WireFormatException.class, () -> Frames.payloadLength(ByteBuffer.allocate(3), 100));
        assertEquals(7, Frames.payloadLength(ByteBuffer.allocate(4).putInt(0, 7), 100));
    }

    @Test
    void payloadIsAViewOfAWholeFrame() {
        ByteBuffer frame = ByteBuffer.allocate(10).putInt(6).put(new byte[] {1, 2, 3, 4, 5, 6}).flip();
        ByteBuffer payload = Frames.payload(frame, 100);
        assertEquals(6, payload.remaining());
        assertEquals(1, payload.get(payload.position()));
        assertThrows(WireFormatException.class, () -> Frames.payload(frame.duplicate().limit(9), 100));
    }

    @Test
    void fourLetterWordsAreRecognisableFromTheLengthPrefix() {
        int prefix = ByteBuffer.wrap("ruok".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).getInt();
        assertEquals("ruok", Frames.asFourLetterWord(prefix));
    }
}
