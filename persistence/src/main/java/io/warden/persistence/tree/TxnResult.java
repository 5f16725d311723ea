package io.warden.persistence.tree;

import io.warden.api.data.Code;
import io.warden.api.data.Stat;

import java.util.List;
import java.util.Objects;

/** What applying one txn (or one op of a multi) produced: the reply the server sends. */
public sealed interface TxnResult {

    /** A node was created; the path is the final one (with any sequence suffix). */
    record Created(String path, Stat stat) implements TxnResult {
    }

    /** A node was deleted. */
    record Deleted(String path) implements TxnResult {
    }

    /** A node's data was replaced; its Stat afterwards. */
    record DataSet(String path, Stat stat) implements TxnResult {
    }

    /** A node's ACL was replaced; its Stat afterwards. */
    record AclSet(String path, Stat stat) implements TxnResult {
    }

    /** A version check inside a multi passed. */
    record Checked(String path) implements TxnResult {
    }

    /** Per-op results of a multi; a failed multi has a {@link Failed} for every op. */
    record MultiResult(List<TxnResult> results) implements TxnResult {
        public MultiResult {
            results = List.copyOf(results);
        }

        /** True when the multi applied nothing. */
        public boolean failed() {
            return results.stream().anyMatch(r -> r instanceof Failed);
        }
    }

    /** A session was opened (its id is the txn's sessionId). */
    record SessionCreated(long sessionId, int timeoutMs) implements TxnResult {
    }

    /** A session was closed; the ephemeral nodes that went with it, in the order deleted. */
    record SessionClosed(long sessionId, List<String> deletedPaths) implements TxnResult {
        public SessionClosed {
            deletedPaths = List.copyOf(deletedPaths);
        }
    }

    /**
     * Nothing was changed and this is the code to reply with: an error txn, an op of a failed
     * multi (OK for ops before the failing one), or a txn the tree could not apply.
     */
    record Failed(Code code) implements TxnResult {
        public Failed {
            Objects.requireNonNull(code, "code");
        }
    }
}
