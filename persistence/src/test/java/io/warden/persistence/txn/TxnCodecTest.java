package io.warden.persistence.txn;

import io.warden.api.data.Acl;
import io.warden.api.data.Code;
import io.warden.api.data.CreateMode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TxnCodecTest {

    @Provide
    Arbitrary<Txn> txns() {
        return TxnArbitraries.txns();
    }

    @Property(tries = 300)
    void roundTrips(@ForAll("txns") Txn txn) {
        byte[] bytes = TxnCodec.encode(txn);
        assertEquals(txn, TxnCodec.decode(bytes));
        assertArrayEquals(bytes, TxnCodec.encode(TxnCodec.decode(bytes)));
    }

    @Property(tries = 100)
    void streamsBackToBack(@ForAll("txns") Txn first, @ForAll("txns") Txn second) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        TxnCodec.encode(first, out);
        TxnCodec.encode(second, out);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
        assertEquals(first, TxnCodec.decode(in));
        assertEquals(second, TxnCodec.decode(in));
        assertThrows(EOFException.class, () -> TxnCodec.decode(in), "a clean end is an EOF");
    }

    @Property(tries = 40)
    void everyTruncationIsRejected(@ForAll("txns") Txn txn) {
        byte[] bytes = TxnCodec.encode(txn);
        for (int length = 0; length < bytes.length; length++) {
            byte[] cut = Arrays.copyOf(bytes, length);
            TxnFormatException e = assertThrows(TxnFormatException.class, () -> TxnCodec.decode(cut));
            assertTrue(e.getMessage().contains("offset"), e.getMessage());
        }
    }

    @Property(tries = 200)
    void aFlippedBitIsNeverADifferentTxn(@ForAll("txns") Txn txn, @ForAll("bitIndexes") int bitSeed) {
        byte[] bytes = TxnCodec.encode(txn);
        int bit = Math.floorMod(bitSeed, bytes.length * 8);
        bytes[bit / 8] ^= (byte) (1 << (bit % 8));
        assertThrows(TxnFormatException.class, () -> TxnCodec.decode(bytes));
    }

    @Provide
    Arbitrary<Integer> bitIndexes() {
        return Arbitraries.integers();
    }

    @Property(tries = 300)
    void garbageIsRejectedOrRoundTrips(@ForAll byte[] garbage) {
        try {
            Txn txn = TxnCodec.decode(garbage);
            assertArrayEquals(garbage, TxnCodec.encode(txn), "anything accepted must be exactly that txn");
        } catch (TxnFormatException expected) {
            assertTrue(expected.getMessage().length() > 10);
        }
    }

    @Test
    void trailingBytesAreRejected() {
        byte[] bytes = TxnCodec.encode(new Txn(1, 2, 3, 4, new TxnBody.Delete("/a")));
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
        TxnFormatException e = assertThrows(TxnFormatException.class, () -> TxnCodec.decode(longer));
        assertTrue(e.getMessage().contains("trailing"), e.getMessage());
    }

    @Test
    void createIsCompact() {
        Txn txn = new Txn(0x100000a565d0000L, 7, 0x1_0000_0002L, 1_700_000_000_000L,
                new TxnBody.Create("/app/node-000001", new byte[100], Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, 0, 3));
        int size = TxnCodec.encode(txn).length;
        assertTrue(size < 170, "create of 100 bytes encodes in " + size + " bytes");
    }

    @Test
    void byteArraysAreValuesCopiedOutAndSharedWithoutCopy() {
        byte[] data = {1, 2, 3};
        TxnBody.SetData a = new TxnBody.SetData("/a", data, 1);
        assertSame(data, a.sharedData(), "the write path hands data on without a copy");
        assertEquals(new TxnBody.SetData("/a", new byte[] {1, 2, 3}, 1), a);
        a.data()[1] = 9;
        assertEquals(new TxnBody.SetData("/a", new byte[] {1, 2, 3}, 1).hashCode(), a.hashCode());
        assertNotEquals(new TxnBody.SetData("/a", new byte[] {1, 2, 4}, 1), a);
        assertTrue(a.toString().contains("010203"), a.toString());
    }

    @Test
    void nullDataIsKeptApartFromEmpty() {
        TxnBody.SetData nullData = new TxnBody.SetData("/a", null, 1);
        TxnBody.SetData empty = new TxnBody.SetData("/a", new byte[0], 1);
        assertNull(nullData.data());
        assertEquals(0, nullData.dataLength());
        assertNotEquals(empty, nullData);
        assertTrue(nullData.toString().contains("data=null"), nullData.toString());

        for (TxnBody body : List.of(nullData, empty,
                new TxnBody.Create("/a", null, Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                new TxnBody.Create("/a", new byte[0], Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT))) {
            Txn txn = new Txn(1, 2, 3, 4, body);
            assertEquals(txn, TxnCodec.decode(TxnCodec.encode(txn)), body.toString());
        }
        byte[] nullBytes = TxnCodec.encode(new Txn(1, 2, 3, 4, nullData));
        byte[] emptyBytes = TxnCodec.encode(new Txn(1, 2, 3, 4, empty));
        assertEquals(nullBytes.length, emptyBytes.length, "both are a one-byte length field");
        assertNotEquals(Arrays.toString(nullBytes), Arrays.toString(emptyBytes));
        Txn decoded = TxnCodec.decode(nullBytes);
        assertNull(((TxnBody.SetData) decoded.body()).data());
    }

    @Test
    void recordsRejectNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new TxnBody.Delete("/"));
        assertThrows(IllegalArgumentException.class, () -> new TxnBody.Delete("a"));
        assertThrows(IllegalArgumentException.class, () -> new TxnBody.Create("/t", new byte[0], Acl.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT_WITH_TTL, 0, -1));
        assertThrows(IllegalArgumentException.class, () -> new TxnBody.Create("/t", new byte[0], List.of(),
                CreateMode.PERSISTENT));
        assertThrows(IllegalArgumentException.class, () -> new TxnBody.Multi(List.of(new TxnBody.CloseSession())));
        assertThrows(IllegalArgumentException.class, () -> new Txn(1, 1, 0, 0, new TxnBody.Failed(Code.OK)));
    }
}
