package io.warden.persistence.prep;

import io.warden.api.data.Code;
import io.warden.persistence.txn.Txn;
import io.warden.persistence.txn.TxnBody;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of preparing one request. Both outcomes carry a txn to propose, because ZooKeeper
 * logs a failed write too: it consumes its zxid, and it travels the pipeline like any write so
 * the reply keeps its place in the session's FIFO order. A rejected request's txn changes nothing
 * when applied; its body is {@link TxnBody.Failed} (or, for a multi, a {@link TxnBody.Multi} of
 * Failed ops with ZooKeeper's per-op codes).
 */
public sealed interface Prepared {

    /** The txn to propose, log, apply and reply from. */
    Txn txn();

    /**
     * What ZooKeeper logs as a warning while preparing this request (a passed soft quota, or the
     * hard one that failed it), for the shell to log: the core does no I/O.
     */
    List<String> warnings();

    /** The request can happen; {@link #txn()} says what it changes. */
    record Accepted(Txn txn, List<String> warnings) implements Prepared {
        public Accepted {
            Objects.requireNonNull(txn, "txn");
            warnings = List.copyOf(warnings);
        }

        public Accepted(Txn txn) {
            this(txn, List.of());
        }
    }

    /**
     * The request fails with {@code code}.
     *
     * @param path           the path the failure is about (for logs; ZooKeeper's reply carries only
     *                       the code), or null when there is none
     * @param failedOpIndex  for a multi, the index of the op that failed; -1 otherwise
     */
    record Rejected(Txn txn, Code code, String path, int failedOpIndex, List<String> warnings) implements Prepared {
        public Rejected {
            Objects.requireNonNull(txn, "txn");
            Objects.requireNonNull(code, "code");
            if (code == Code.OK) {
                throw new IllegalArgumentException("a rejection needs an error code");
            }
            warnings = List.copyOf(warnings);
        }

        public Rejected(Txn txn, Code code, String path, int failedOpIndex) {
            this(txn, code, path, failedOpIndex, List.of());
        }
    }
}
