package io.warden.api.wire;

/**
 * Bytes that do not form a valid message of the ZooKeeper client protocol: a truncated field, a
 * length that is negative or runs past the end of the frame, an unknown enum value where the
 * reader cannot go on, a frame over the size limit.
 *
 * <p>It is the only exception the decoders throw for bad input, whatever the bytes; the peer
 * that sent them cannot be trusted to stay in step, so the usual answer is to close the
 * connection (ZooKeeper does the same). Unchecked, so that decoders can be called from stream
 * stages and lambdas; every decoding method declares it.
 */
public final class WireFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WireFormatException(String message) {
        super(message);
    }

    public WireFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
