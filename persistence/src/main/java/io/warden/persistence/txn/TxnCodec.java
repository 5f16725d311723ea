package io.warden.persistence.txn;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** The binary form of a {@link Txn}, as the event-sourced log persists it (grammar to follow). */
public final class TxnCodec {
    private TxnCodec() {
    }

    public static byte[] encode(Txn txn) {
        throw new UnsupportedOperationException("not yet");
    }

    public static void encode(Txn txn, DataOutput out) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }

    /** Decodes exactly one txn filling the whole array; throws {@link TxnFormatException} otherwise. */
    public static Txn decode(byte[] bytes) {
        throw new UnsupportedOperationException("not yet");
    }

    public static Txn decode(DataInput in) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }
}
