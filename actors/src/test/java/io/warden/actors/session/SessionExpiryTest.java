package io.warden.actors.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SessionExpiryTest {
    private final SessionExpiry expiry = new SessionExpiry(100);

    @Test
    void deadlineIsRoundedUpToTheNextTick() {
        expiry.touch(1, 250, 1_000);
        assertEquals(1_300, expiry.nextDeadlineMs());
        assertEquals(List.of(), expiry.expire(1_299));
        assertEquals(List.of(1L), expiry.expire(1_300));
        assertFalse(expiry.isTracked(1));
    }

    @Test
    void touchPushesTheDeadlineBack() {
        expiry.touch(1, 200, 0);
        expiry.touch(1, 200, 150);
        assertEquals(List.of(), expiry.expire(300));
        assertEquals(List.of(1L), expiry.expire(400));
    }

    @Test
    void expiresEveryDueBucketInDeadlineOrder() {
        expiry.touch(3, 500, 0);
        expiry.touch(1, 100, 0);
        expiry.touch(2, 300, 0);
        assertEquals(List.of(1L, 2L), expiry.expire(400));
        assertEquals(1, expiry.size());
        assertEquals(List.of(3L), expiry.expire(10_000));
        assertEquals(-1, expiry.nextDeadlineMs());
    }

    @Test
    void removedSessionNeverExpires() {
        expiry.touch(1, 100, 0);
        expiry.remove(1);
        expiry.remove(42);
        assertEquals(List.of(), expiry.expire(1_000));
        assertTrue(expiry.expire(1_000).isEmpty());
    }

    @Test
    void tickMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new SessionExpiry(0));
    }
}
