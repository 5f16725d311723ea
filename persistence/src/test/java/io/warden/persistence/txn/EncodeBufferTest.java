package io.warden.persistence.txn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class EncodeBufferTest {

    @Test
    void crcCoversOnlyTheBytesFromItsStart() throws IOException {
        EncodeBuffer buffer = new EncodeBuffer(4);
        buffer.dataOutput().writeLong(0x0102_0304_0506_0708L);
        int start = buffer.size();
        byte[] record = "a record that outgrows the first array".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        buffer.dataOutput().write(record);
        CRC32C crc = new CRC32C();
        crc.update(record);
        assertEquals((int) crc.getValue(), buffer.crc32c(start));
        assertEquals(8 + record.length, buffer.size(), "growing kept every byte");
    }

    @Test
    void aLengthWrittenBeforeItsRecordIsPatchedBigEndian() throws IOException {
        EncodeBuffer buffer = new EncodeBuffer(16);
        buffer.dataOutput().writeByte(7);
        int at = buffer.size();
        buffer.dataOutput().writeInt(0);
        buffer.dataOutput().write(new byte[300]);
        buffer.patchInt(at, 300);
        byte[] bytes = buffer.toByteArray();
        assertArrayEquals(new byte[] {7, 0, 0, 1, 44}, java.util.Arrays.copyOf(bytes, 5));
    }

    @Test
    void rangesOutsideWhatWasWrittenAreRefused() throws IOException {
        EncodeBuffer buffer = new EncodeBuffer(16);
        buffer.dataOutput().writeShort(1);
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.patchInt(0, 1), "only two bytes written");
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.patchInt(-1, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> buffer.crc32c(3));
        assertEquals((int) new CRC32C().getValue(), buffer.crc32c(2), "an empty range has the empty CRC");
    }
}
