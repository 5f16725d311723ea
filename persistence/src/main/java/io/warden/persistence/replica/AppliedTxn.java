package io.warden.persistence.replica;

import io.warden.persistence.tree.TxnResult;
import io.warden.persistence.tree.WatchTrigger;
import io.warden.persistence.txn.Txn;

import java.util.List;
import java.util.Objects;

/** One committed txn as the tree applied it: the reply to send and the watches it fires. */
public record AppliedTxn(Txn txn, TxnResult result, List<WatchTrigger> triggers) {
    public AppliedTxn {
        Objects.requireNonNull(txn, "txn");
        Objects.requireNonNull(result, "result");
        triggers = List.copyOf(triggers);
    }
}
