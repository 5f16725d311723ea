package io.warden.persistence.journal;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * A persisted event as the journal plugin stores it in a {@link LogRecord}'s data: the bytes a
 * serializer produced plus what is needed to turn them back into the event. Kept free of Pekko
 * types so the format is testable and documented here, next to its codec.
 *
 * <pre>
 * event := version:int8(=1) serializerId:int32 serializerManifest:str eventManifest:str
 *          writerUuid:str timestampMs:int64 payloadLength:int32 payload[payloadLength]
 * str   := length:uint16 utf8[length]
 * </pre>
 *
 * @param serializerId       Pekko serializer identifier
 * @param serializerManifest the serializer's manifest for the payload ("" if none)
 * @param eventManifest      the event adapter manifest of the persistent representation
 * @param writerUuid         the writing incarnation, for Pekko's replay filter
 * @param timestampMs        the persistent representation's timestamp (0 if unset)
 * @param payload            the serialized event
 */
public record SerializedEvent(int serializerId, String serializerManifest, String eventManifest,
                              String writerUuid, long timestampMs, byte[] payload) {

    private static final byte VERSION = 1;

    public SerializedEvent {
        Objects.requireNonNull(serializerManifest, "serializerManifest");
        Objects.requireNonNull(eventManifest, "eventManifest");
        Objects.requireNonNull(writerUuid, "writerUuid");
        Objects.requireNonNull(payload, "payload");
    }

    public byte[] encode() {
        byte[] sm = ShortStrings.encode(serializerManifest, "serializer manifest");
        byte[] em = ShortStrings.encode(eventManifest, "event manifest");
        byte[] wu = ShortStrings.encode(writerUuid, "writer uuid");
        ByteBuffer out = ByteBuffer.allocate(1 + 4 + 2 + sm.length + 2 + em.length + 2 + wu.length + 8 + 4 + payload.length);
        out.put(VERSION).putInt(serializerId);
        out.putShort((short) sm.length).put(sm);
        out.putShort((short) em.length).put(em);
        out.putShort((short) wu.length).put(wu);
        out.putLong(timestampMs).putInt(payload.length).put(payload);
        return out.array();
    }

    /** @throws IllegalArgumentException when the bytes are not an encoded event */
    public static SerializedEvent decode(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            byte version = in.get();
            if (version != VERSION) {
                throw new IllegalArgumentException("unknown stored event version " + version);
            }
            int serializerId = in.getInt();
            String sm = ShortStrings.read(in);
            String em = ShortStrings.read(in);
            String wu = ShortStrings.read(in);
            long timestamp = in.getLong();
            int length = in.getInt();
            if (length != in.remaining()) {
                throw new IllegalArgumentException("stored event declares " + length + " payload bytes, has "
                        + in.remaining());
            }
            byte[] payload = new byte[length];
            in.get(payload);
            return new SerializedEvent(serializerId, sm, em, wu, timestamp, payload);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("stored event truncated (" + bytes.length + " bytes)", e);
        }
    }



    @Override
    public boolean equals(Object o) {
        return o instanceof SerializedEvent e && e.serializerId == serializerId && e.timestampMs == timestampMs
                && e.serializerManifest.equals(serializerManifest) && e.eventManifest.equals(eventManifest)
                && e.writerUuid.equals(writerUuid) && Arrays.equals(e.payload, payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(serializerId, serializerManifest, eventManifest, writerUuid, timestampMs)
                * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "SerializedEvent[serializer " + serializerId + "/" + serializerManifest + ", manifest "
                + eventManifest + ", " + payload.length + " bytes]";
    }
}
