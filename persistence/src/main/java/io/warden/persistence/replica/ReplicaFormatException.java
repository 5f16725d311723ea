package io.warden.persistence.replica;

/** Journal or snapshot bytes that are not what the replica log wrote; the message says where. */
public final class ReplicaFormatException extends RuntimeException {
    public ReplicaFormatException(String message) {
        super(message);
    }

    public ReplicaFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
