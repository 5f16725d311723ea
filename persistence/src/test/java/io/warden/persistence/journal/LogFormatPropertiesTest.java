package io.warden.persistence.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** The frame codec and the event envelope against their obvious models: decode(encode(x)) == x. */
class LogFormatPropertiesTest {

    @Provide
    Arbitrary<List<LogRecord>> records() {
        Arbitrary<String> pids = Arbitraries.strings().ofMinLength(1).ofMaxLength(20);
        Arbitrary<Long> seqs = Arbitraries.longs().between(1, Long.MAX_VALUE);
        Arbitrary<byte[]> data = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        return Combinators.combine(pids, seqs, data).as(LogRecord::new).list().ofMinSize(1).ofMaxSize(20);
    }

    @Property(tries = 200)
    void framesDecodeToWhatWasEncoded(@ForAll("records") List<LogRecord> records,
                                      @ForAll @IntRange(min = 1, max = 1_000_000) int firstLogIndex) throws Exception {
        FrameBuilder builder = new FrameBuilder(64, 1 << 20);
        builder.begin(firstLogIndex);
        for (LogRecord r : records) {
            builder.putAppend(r.persistenceId().getBytes(StandardCharsets.UTF_8), r.sequenceNr(), r.data());
        }
        ByteBuffer frame = builder.finish();
        assertEquals(0, frame.remaining() % LogFormat.ALIGNMENT);
        int bodyLength = frame.getInt(0);
        ByteBuffer body = frame.slice(LogFormat.FRAME_HEADER_SIZE, bodyLength);
        assertEquals(frame.getInt(4), LogFormat.crc(body));
        assertEquals(firstLogIndex, LogFormat.firstLogIndex(body));
        List<LogRecord> decoded = new ArrayList<>();
        List<Long> indexes = new ArrayList<>();
        LogFormat.decodeBody(body, new LogFormat.EntryVisitor() {
            @Override
            public void append(long logIndex, String pid, long seq, ByteBuffer data) {
                byte[] bytes = new byte[data.remaining()];
                data.get(bytes);
                decoded.add(new LogRecord(pid, seq, bytes));
                indexes.add(logIndex);
            }

            @Override
            public void deleteTo(long logIndex, String pid, long to) {
                throw new AssertionError("no deletions were encoded");
            }
        });
        assertEquals(records, decoded);
        assertEquals(firstLogIndex + records.size() - 1, (long) indexes.get(indexes.size() - 1));
    }

    @Property(tries = 200)
    void bodiesWithTrailingBytes_areMalformed(@ForAll("records") List<LogRecord> records) {
        FrameBuilder builder = new FrameBuilder(64, 1 << 20);
        builder.begin(1);
        LogRecord r = records.get(0);
        builder.putAppend(r.persistenceId().getBytes(StandardCharsets.UTF_8), r.sequenceNr(), r.data());
        ByteBuffer frame = builder.finish();
        int bodyLength = frame.getInt(0);
        ByteBuffer longer = ByteBuffer.allocate(bodyLength + 1).put(frame.slice(LogFormat.FRAME_HEADER_SIZE, bodyLength))
                .put((byte) 1).flip();
        LogFormat.EntryVisitor ignore = new LogFormat.EntryVisitor() {
            @Override
            public void append(long logIndex, String pid, long seq, ByteBuffer data) {
            }

            @Override
            public void deleteTo(long logIndex, String pid, long to) {
            }
        };
        assertThrows(LogFormat.MalformedFrameException.class, () -> LogFormat.decodeBody(longer, ignore));
    }

    @Property(tries = 200)
    void serializedEventsRoundTrip(@ForAll int serializerId, @ForAll String serializerManifest,
                                   @ForAll String eventManifest, @ForAll String writerUuid,
                                   @ForAll long timestampMs, @ForAll byte[] payload) {
        SerializedEvent event = new SerializedEvent(serializerId, serializerManifest, eventManifest, writerUuid,
                timestampMs, payload);
        assertEquals(event, SerializedEvent.decode(event.encode()));
    }

    @Property(tries = 100)
    void truncatedSerializedEvents_failClearly(@ForAll byte[] payload, @ForAll @IntRange(min = 1, max = 10) int cut) {
        byte[] encoded = new SerializedEvent(1, "m", "e", "w", 2, payload).encode();
        byte[] shorter = java.util.Arrays.copyOf(encoded, Math.max(0, encoded.length - cut));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SerializedEvent.decode(shorter));
        assertTrue(e.getMessage().contains("stored event"), e.getMessage());
    }
}
