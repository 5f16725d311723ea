package io.warden.actors.zab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.api.data.Zxid;
import io.warden.persistence.txn.Txn;
import io.warden.persistence.txn.TxnBody;
import java.util.List;
import org.junit.jupiter.api.Test;

class TxnWindowTest {

    private static Txn txn(long epoch, long counter) {
        return new Txn(1, (int) counter, Zxid.of(epoch, counter), 1_700_000_000_000L, new TxnBody.Delete("/n" + counter));
    }

    private static List<Long> zxids(TxnWindow.Sync sync) {
        return sync.txns().stream().map(Txn::zxid).toList();
    }

    @Test
    void aLearnerAtTheBaseOrInsideTheWindowGetsTheTxnsAfterIt() {
        TxnWindow window = new TxnWindow(Zxid.of(1, 2), List.of(txn(1, 3)), 10);
        window.add(txn(2, 1));
        window.add(txn(2, 2));
        TxnWindow.Sync atBase = window.syncFor(Zxid.of(1, 2));
        assertFalse(atBase.truncate());
        assertEquals(List.of(Zxid.of(1, 3), Zxid.of(2, 1), Zxid.of(2, 2)), zxids(atBase));
        assertEquals(List.of(Zxid.of(2, 2)), zxids(window.syncFor(Zxid.of(2, 1))));
        assertTrue(window.syncFor(Zxid.of(2, 2)).txns().isEmpty());
    }

    @Test
    void aLearnerWithAnOldEpochsExtraTxnIsTruncatedToTheLastSharedZxid() {
        TxnWindow window = new TxnWindow(Zxid.of(1, 2), List.of(), 10);
        window.add(txn(2, 1));
        TxnWindow.Sync sync = window.syncFor(Zxid.of(1, 3));
        assertTrue(sync.truncate());
        assertEquals(Zxid.of(1, 2), sync.fromZxid());
        assertEquals(List.of(Zxid.of(2, 1)), zxids(sync));
    }

    @Test
    void committedTxnsBeyondTheBoundLeaveAndALearnerBehindThemGetsNothing() {
        TxnWindow window = new TxnWindow(0, List.of(), 2);
        for (long c = 1; c <= 5; c++) {
            window.add(txn(1, c));
        }
        window.committed(Zxid.of(1, 4));
        assertEquals(Zxid.of(1, 2), window.baseZxid(), "two committed txns stay, the oldest two left");
        assertNull(window.syncFor(Zxid.of(1, 1)));
        assertEquals(List.of(Zxid.of(1, 3), Zxid.of(1, 4), Zxid.of(1, 5)), zxids(window.syncFor(Zxid.of(1, 2))));
        window.committed(Zxid.of(1, 5));
        assertEquals(Zxid.of(1, 3), window.baseZxid());
    }

    @Test
    void txnsReadFromTheLogJoinTheWindowWhenTheyReachItsBase_elseNull() {
        TxnWindow window = new TxnWindow(Zxid.of(1, 3), List.of(), 10);
        window.add(txn(1, 4));
        TxnWindow.Sync joined = window.syncAfterLog(Zxid.of(1, 1), List.of(txn(1, 2), txn(1, 3)), Zxid.of(1, 1));
        assertEquals(List.of(Zxid.of(1, 2), Zxid.of(1, 3), Zxid.of(1, 4)), zxids(joined));
        assertNull(window.syncAfterLog(Zxid.of(1, 0), List.of(txn(1, 1)), Zxid.of(1, 0)), "a hole before the base");
    }

    @Test
    void proposalsMustFollowTheLast() {
        TxnWindow window = new TxnWindow(Zxid.of(1, 2), List.of(), 10);
        assertThrows(IllegalStateException.class, () -> window.add(txn(1, 2)));
    }
}
