package io.warden.persistence.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A test hook, off unless asked for: channels whose every fsync takes at least a given time, as
 * on a slow or overloaded disk. Overload tests of a whole node (a separate JVM) switch it on with
 * {@code -Dwarden.persistence.journal.test-fsync-delay=50ms}; production never sets it.
 */
final class SlowForceChannels implements ChannelFactory {

    private final ChannelFactory opener;
    private final long delayNanos;

    SlowForceChannels(ChannelFactory opener, long delayMillis) {
        if (delayMillis <= 0) {
            throw new IllegalArgumentException("an fsync delay must be positive: " + delayMillis);
        }
        this.opener = opener;
        this.delayNanos = TimeUnit.MILLISECONDS.toNanos(delayMillis);
    }

    /** The factory for a configured delay: the plain one when the delay is zero (the default). */
    static ChannelFactory withDelay(ChannelFactory opener, long delayMillis) {
        return delayMillis == 0 ? opener : new SlowForceChannels(opener, delayMillis);
    }

    @Override
    public FileChannel open(Path path, OpenOption... options) throws IOException {
        return new Slow(opener.open(path, options), delayNanos);
    }

    /** Forwards everything; force waits first. */
    private static final class Slow extends ForwardingFileChannel {
        private final long delayNanos;

        Slow(FileChannel delegate, long delayNanos) {
            super(delegate);
            this.delayNanos = delayNanos;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            long until = System.nanoTime() + delayNanos;
            for (long left = delayNanos; left > 0; left = until - System.nanoTime()) {
                LockSupport.parkNanos(left);
            }
            delegate.force(metaData);
        }
    }
}
