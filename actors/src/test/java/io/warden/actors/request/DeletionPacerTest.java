package io.warden.actors.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DeletionPacerTest {

    private static List<String> paths(int n) {
        return IntStream.range(0, n).mapToObj(i -> "/c" + i).toList();
    }

    @Test
    void fiftyThousandCandidatesTakeFiveMinutesAtTheDefaultRate() {
        DeletionPacer pacer = new DeletionPacer(10_000);
        pacer.startPass(paths(50_000), 0);
        List<String> deleted = new ArrayList<>();
        long now = 0;
        while (!pacer.idle()) {
            now += 100;
            List<String> due = pacer.take(now, Integer.MAX_VALUE);
            assertTrue(due.size() <= 17, "at most a tenth of a second's worth plus one: " + due.size());
            deleted.addAll(due);
            if (now == 60_000) {
                assertTrue(deleted.size() <= 10_001, "the first minute deletes at most maxPerMinute: " + deleted.size());
            }
        }
        assertEquals(paths(50_000), deleted, "every candidate, in order, once");
        assertTrue(now >= 299_000 && now <= 301_000, "five minutes: " + now);
    }

    @Test
    void theLogsRoomLimitsEachTakeAndNothingIsLost() {
        DeletionPacer pacer = new DeletionPacer(600_000);
        pacer.startPass(paths(100), 0);
        assertEquals(0, pacer.take(1_000, 0).size());
        assertEquals(3, pacer.take(2_000, 3).size());
        assertEquals(97, pacer.remaining());
    }

    @Test
    void aQuietSpellDoesNotTurnIntoABurst() {
        DeletionPacer pacer = new DeletionPacer(60);
        pacer.startPass(paths(10), 0);
        assertEquals(1, pacer.take(3_600_000, 100).size(), "one a second at most, however long since");
    }

    @Test
    void aNewCheckDoesNotStartWhileAPassIsUnderWay() {
        DeletionPacer pacer = new DeletionPacer(60);
        pacer.startPass(paths(2), 0);
        pacer.startPass(List.of("/other"), 0);
        assertEquals(2, pacer.remaining());
        assertFalse(pacer.idle());
    }
}
