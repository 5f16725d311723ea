package io.warden.persistence.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
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

    /** Delegates everything; force waits first. */
    private static final class Slow extends FileChannel {
        private final FileChannel delegate;
        private final long delayNanos;

        Slow(FileChannel delegate, long delayNanos) {
            this.delegate = delegate;
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

        @Override
        public int write(ByteBuffer src) throws IOException {
            return delegate.write(src);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            return delegate.write(src, position);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            return delegate.write(srcs, offset, length);
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return delegate.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return delegate.read(dsts, offset, length);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return delegate.read(dst, position);
        }

        @Override
        public long position() throws IOException {
            return delegate.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            delegate.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return delegate.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            delegate.truncate(size);
            return this;
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return delegate.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            return delegate.transferFrom(src, position, count);
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return delegate.map(mode, position, size);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return delegate.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return delegate.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            delegate.close();
        }
    }
}
