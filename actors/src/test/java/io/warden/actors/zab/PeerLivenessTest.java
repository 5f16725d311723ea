package io.warden.actors.zab;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PeerLivenessTest {

    @Test
    void aPeerNeverHeardFromHasInitLimitTicks_thenSyncLimitBetweenMessages() {
        PeerLiveness liveness = new PeerLiveness(List.of(1L, 2L), 4, 2);
        for (int i = 0; i < 4; i++) {
            liveness.tick();
        }
        assertEquals(Set.of(1L, 2L), liveness.alive());
        liveness.heard(1);
        liveness.tick();
        assertEquals(Set.of(1L), liveness.alive(), "2 was silent past initLimit");
        liveness.tick();
        assertTrue(liveness.isAlive(1));
        liveness.tick();
        assertFalse(liveness.isAlive(1), "1 was silent past syncLimit");
        liveness.heard(1);
        assertTrue(liveness.isAlive(1), "a message brings a peer back");
    }

    @Test
    void unwatchedPeersAreIgnored() {
        PeerLiveness liveness = new PeerLiveness(List.of(1L), 1, 1);
        liveness.heard(9);
        assertFalse(liveness.isAlive(9));
        assertEquals(Set.of(1L), liveness.alive());
    }
}
