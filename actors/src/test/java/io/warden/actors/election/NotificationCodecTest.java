package io.warden.actors.election;

import io.warden.api.data.Zxid;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NotificationCodecTest {

    @Test
    void everyStateAndExtremeValuesRoundTrip() {
        for (PeerState state : PeerState.values()) {
            Notification n = new Notification(7, state, new Vote(3, Zxid.of(4, 9), 4), 12);
            byte[] bytes = NotificationCodec.encode(n);
            assertEquals(NotificationCodec.SIZE, bytes.length);
            assertEquals(n, NotificationCodec.decode(bytes));
        }
        Notification observer = new Notification(Long.MAX_VALUE, PeerState.OBSERVING, ElectionCore.NO_CANDIDATE, 0);
        assertEquals(observer, NotificationCodec.decode(NotificationCodec.encode(observer)));
    }

    @Test
    void anotherVersionAnUnknownStateAShortBodyOrTrailingBytes_areRefused() {
        byte[] good = NotificationCodec.encode(new Notification(1, PeerState.LOOKING, new Vote(1, 0, 0), 1));
        byte[] otherVersion = good.clone();
        otherVersion[0] = 2;
        IllegalArgumentException version = assertThrows(IllegalArgumentException.class,
                () -> NotificationCodec.decode(otherVersion));
        assertTrue(version.getMessage().contains("version 2"), version.getMessage());
        byte[] unknownState = good.clone();
        unknownState[9] = 9;
        IllegalArgumentException state = assertThrows(IllegalArgumentException.class,
                () -> NotificationCodec.decode(unknownState));
        assertTrue(state.getMessage().contains("peer state code 9"), state.getMessage());
        IllegalArgumentException shortBody = assertThrows(IllegalArgumentException.class,
                () -> NotificationCodec.decode(Arrays.copyOf(good, good.length - 1)));
        assertTrue(shortBody.getMessage().contains("truncated"), shortBody.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NotificationCodec.decode(Arrays.copyOf(good, good.length + 1)));
        assertThrows(IllegalArgumentException.class, () -> NotificationCodec.decode(new byte[0]));
    }
}
