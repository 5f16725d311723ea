package io.warden.actors.commit;

import io.warden.persistence.tree.TxnResult;
import io.warden.persistence.tree.WatchTrigger;
import io.warden.persistence.txn.Txn;
import java.util.List;

/** One committed txn after it was applied: what it did and which watches it fires. */
public record AppliedTxn(Txn txn, TxnResult result, List<WatchTrigger> triggers) {
    public AppliedTxn {
        triggers = List.copyOf(triggers);
    }
}
