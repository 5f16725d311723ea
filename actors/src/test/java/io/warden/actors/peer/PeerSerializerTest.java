package io.warden.actors.peer;

import io.warden.actors.election.Notification;
import io.warden.actors.election.PeerState;
import io.warden.actors.election.Vote;
import io.warden.actors.zab.ZabPacket;
import io.warden.actors.zab.ZabPacketCodec;
import io.warden.api.data.Zxid;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.NotSerializableException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PeerSerializerTest {
    private static final ActorTestKit testKit = ActorTestKit.create();
    private static final Serialization serialization =
            SerializationExtension.get(Adapter.toClassic(testKit.system()));
    private static final Notification NOTIFICATION =
            new Notification(2, PeerState.FOLLOWING, new Vote(3, Zxid.of(5, 7), 5), 4);

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    /** Serializes as Pekko does for the wire: the bound serializer, its manifest, its bytes. */
    private static Object roundTrip(Object message) throws NotSerializableException {
        Serializer serializer = serialization.findSerializerFor(message);
        assertInstanceOf(PeerSerializer.class, serializer, "bound in reference.conf: " + message);
        byte[] bytes = serialization.serialize(message).get();
        String manifest = Serializers.manifestFor(serializer, message);
        return serialization.deserialize(bytes, serializer.identifier(), manifest).get();
    }

    @Test
    void notificationsAndZabPacketsRoundTripThroughTheBoundSerializer() throws Exception {
        assertEquals(new PeerMessage.Notify(NOTIFICATION), roundTrip(new PeerMessage.Notify(NOTIFICATION)));
        assertEquals(NOTIFICATION, roundTrip(NOTIFICATION));
        for (ZabPacket packet : List.of(new ZabPacket.LeaderPing(Zxid.of(5, 1)), new ZabPacket.LearnerPing(List.of(1L, 2L)),
                new ZabPacket.FollowerInfo(3, false, 4, Zxid.of(4, 2)), new ZabPacket.NewLeader(5, Zxid.of(5, 0)))) {
            PeerMessage.Zab decoded = (PeerMessage.Zab) roundTrip(new PeerMessage.Zab(9, packet));
            assertEquals(9, decoded.from());
            assertArrayEquals(ZabPacketCodec.encode(packet), ZabPacketCodec.encode(decoded.packet()));
            assertEquals(packet, roundTrip(packet));
        }
    }

    @Test
    void javaSerializationIsOffSoNothingFallsBackToIt() {
        assertTrue(!testKit.system().settings().config().getBoolean("pekko.actor.allow-java-serialization"),
                "the node's and the tests' config refuse Java serialization");
    }

    @Test
    void anUnknownManifestOrVersionOrGarbage_failsWithAClearError() {
        PeerSerializer serializer = new PeerSerializer();
        NotSerializableException unknown = assertThrows(NotSerializableException.class,
                () -> serializer.fromBinary(new byte[] {1}, "vote-v9"));
        assertTrue(unknown.getMessage().contains("vote-v9"), unknown.getMessage());

        byte[] notify = serializer.toBinary(new PeerMessage.Notify(NOTIFICATION));
        notify[0] = 7;
        IllegalArgumentException version = assertThrows(IllegalArgumentException.class,
                () -> serializer.fromBinary(notify, PeerSerializer.NOTIFY));
        assertTrue(version.getMessage().contains("\"notify\"") && version.getMessage().contains("version 7"),
                version.getMessage());

        byte[] zab = serializer.toBinary(new PeerMessage.Zab(1, new ZabPacket.Ack(3)));
        zab[0] = 2;
        IllegalArgumentException envelope = assertThrows(IllegalArgumentException.class,
                () -> serializer.fromBinary(zab, PeerSerializer.ZAB));
        assertTrue(envelope.getMessage().contains("envelope version 2"), envelope.getMessage());

        byte[] garbage = {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef};
        for (String manifest : List.of(PeerSerializer.NOTIFY, PeerSerializer.ZAB, PeerSerializer.NOTIFICATION,
                PeerSerializer.ZAB_PACKET)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> serializer.fromBinary(garbage, manifest));
            assertTrue(e.getMessage().startsWith("unreadable peer message \"" + manifest + "\""), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> serializer.toBinary("not a peer message"));
    }
}
