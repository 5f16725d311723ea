package io.warden.actors.zab;

import io.warden.api.data.Acl;
import io.warden.api.data.CreateMode;
import io.warden.api.data.Zxid;
import io.warden.persistence.txn.Txn;
import io.warden.persistence.txn.TxnBody;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ZabPacketCodecTest {
    private static final Txn CREATE = new Txn(0x1234L, 7, Zxid.of(3, 9), 1_700_000_000_000L,
            new TxnBody.Create("/a", new byte[] {1, 2, 3}, Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, 0, 1));

    private static final List<ZabPacket> ALL = List.of(
            new ZabPacket.FollowerInfo(3, true, 4, Zxid.of(4, 1)),
            new ZabPacket.LeaderInfo(5),
            new ZabPacket.AckEpoch(5, 4, Zxid.of(4, 2)),
            new ZabPacket.Diff(Zxid.of(4, 2)),
            new ZabPacket.Trunc(Zxid.of(3, 7)),
            new ZabPacket.Snap(Zxid.of(4, 99)),
            new ZabPacket.Proposal(CREATE),
            new ZabPacket.Ack(Zxid.of(5, 1)),
            new ZabPacket.Commit(Zxid.of(5, 1)),
            new ZabPacket.Inform(CREATE),
            new ZabPacket.NewLeader(5, Zxid.of(5, 0)),
            new ZabPacket.UpToDate(5),
            new ZabPacket.LeaderPing(Zxid.of(5, 1)),
            new ZabPacket.LearnerPing(List.of(1L, -2L, Long.MAX_VALUE)),
            new ZabPacket.Forward(0x100000000000001L, new byte[] {0, 0, 0, 7, 0, 0, 0, 1, 9},
                    List.of(new io.warden.api.data.Id("digest", "bob:hash"), new io.warden.api.data.Id("ip", "127.0.0.1"))),
            new ZabPacket.ForwardSession(0x100000000000002L, 30_000),
            new ZabPacket.SyncRequest(42),
            new ZabPacket.SyncReply(42, Zxid.of(5, 9)),
            new ZabPacket.SnapChunk(Zxid.of(5, 9), 3, true, new byte[] {1, 2, 3}),
            new ZabPacket.SnapAck(Zxid.of(5, 9), 3),
            new ZabPacket.Proposals(List.of(CREATE, CREATE)));

    @Test
    void everyPacketRoundTrips() {
        for (ZabPacket packet : ALL) {
            byte[] bytes = ZabPacketCodec.encode(packet);
            ZabPacket decoded = ZabPacketCodec.decode(bytes);
            // records holding a Txn compare its data array by identity: compare the bytes again
            assertArrayEquals(bytes, ZabPacketCodec.encode(decoded), packet.toString());
            assertEquals(packet.getClass(), decoded.getClass());
        }
        assertEquals(new ZabPacket.AckEpoch(5, 4, Zxid.of(4, 2)),
                ZabPacketCodec.decode(ZabPacketCodec.encode(new ZabPacket.AckEpoch(5, 4, Zxid.of(4, 2)))));
    }

    @Test
    void anotherVersionAnUnknownTagAShortBodyOrTrailingBytes_areRefused() {
        byte[] ack = ZabPacketCodec.encode(new ZabPacket.Ack(1));
        byte[] otherVersion = ack.clone();
        otherVersion[0] = 2;
        assertThrows(IllegalArgumentException.class, () -> ZabPacketCodec.decode(otherVersion));
        byte[] unknownTag = ack.clone();
        unknownTag[1] = 99;
        assertThrows(IllegalArgumentException.class, () -> ZabPacketCodec.decode(unknownTag));
        assertThrows(IllegalArgumentException.class, () -> ZabPacketCodec.decode(Arrays.copyOf(ack, ack.length - 1)));
        assertThrows(IllegalArgumentException.class, () -> ZabPacketCodec.decode(Arrays.copyOf(ack, ack.length + 1)));
        assertThrows(IllegalArgumentException.class, () -> ZabPacketCodec.decode(new byte[0]));
    }

    /** Seeded mutations of valid packets: each decodes or is refused with IllegalArgumentException, nothing else. */
    @Test
    void mutatedPackets_decodeOrAreRefusedCleanly() {
        long seed = Long.getLong("warden.zab.codec.seed", 11L);
        Random random = new Random(seed);
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = ZabPacketCodec.encode(ALL.get(random.nextInt(ALL.size())));
            byte[] mutated = random.nextBoolean() ? Arrays.copyOf(bytes, random.nextInt(bytes.length + 4)) : bytes;
            for (int flips = random.nextInt(3); flips >= 0 && mutated.length > 0; flips--) {
                mutated[random.nextInt(mutated.length)] ^= (byte) (1 << random.nextInt(8));
            }
            byte[] input = mutated;
            try {
                ZabPacketCodec.decode(input);
            } catch (IllegalArgumentException expected) {
                // refused cleanly
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + " (-Dwarden.zab.codec.seed), input " + i + ": " + e, e);
            }
        }
    }
}
