package io.warden.persistence.tree;

import io.warden.api.data.Acl;
import io.warden.api.data.CreateMode;
import io.warden.persistence.txn.Txn;
import io.warden.persistence.txn.TxnBody;

import java.util.List;

/** Test helper: applies txns with increasing zxids and times, remembering the last result. */
final class Driver {
    DataTree tree;
    ApplyResult last;
    long zxid;
    long timeMs = 1_700_000_000_000L;

    Driver() {
        this(DataTree.fresh());
    }

    Driver(DataTree tree) {
        this.tree = tree;
        this.zxid = tree.lastProcessedZxid();
    }

    TxnResult apply(long sessionId, TxnBody body) {
        zxid++;
        timeMs += 10;
        last = tree.apply(new Txn(sessionId, (int) zxid, zxid, timeMs, body));
        tree = last.tree();
        return last.result();
    }

    TxnResult apply(TxnBody body) {
        return apply(0x1000L, body);
    }

    TxnResult create(String path, String data) {
        return apply(create(path, data, CreateMode.PERSISTENT));
    }

    static TxnBody.Create create(String path, String data, CreateMode mode) {
        return new TxnBody.Create(path, data.getBytes(), Acl.OPEN_ACL_UNSAFE, mode);
    }

    TxnResult setData(String path, String data) {
        return apply(new TxnBody.SetData(path, data.getBytes(), node(path).version() + 1));
    }

    TxnResult delete(String path) {
        return apply(new TxnBody.Delete(path));
    }

    DataNode node(String path) {
        return tree.node(path).orElseThrow();
    }

    List<WatchTrigger> triggers() {
        return last.triggers();
    }
}
