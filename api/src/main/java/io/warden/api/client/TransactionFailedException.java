package io.warden.api.client;

import io.warden.api.data.Code;
import io.warden.api.data.KeeperException;
import io.warden.api.wire.OpResult;
import java.util.List;

/** A transaction that was not applied: the first failing op's code, path and index, and every op's result. */
public final class TransactionFailedException extends KeeperException {
    private final int failedIndex;
    private final transient List<OpResult> results;

    public TransactionFailedException(Code code, String path, int failedIndex, List<OpResult> results) {
        super(code, path);
        this.failedIndex = failedIndex;
        this.results = List.copyOf(results);
    }

    public int failedIndex() { return failedIndex; }

    public List<OpResult> results() { return results; }
}
