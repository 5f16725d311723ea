package io.warden.api.client;

/** An operation on a client that was closed, or that was still pending when it closed. */
public final class ClientClosedException extends IllegalStateException {
    public ClientClosedException(String message) {
        super(message);
    }
}
