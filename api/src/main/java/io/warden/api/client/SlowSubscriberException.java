package io.warden.api.client;

/**
 * A stream subscriber did not request items fast enough and its bounded buffer filled: the
 * client ends that subscription with this error rather than buffer without bound or stall the
 * connection (which would stop every other operation and the pings). A change stream can be
 * resubscribed from the last zxid the subscriber processed.
 */
public final class SlowSubscriberException extends RuntimeException {
    public SlowSubscriberException(int bufferSize) {
        super("subscriber fell " + bufferSize + " items behind (streamBufferSize); stream ended");
    }

    SlowSubscriberException(String message) {
        super(message);
    }
}
