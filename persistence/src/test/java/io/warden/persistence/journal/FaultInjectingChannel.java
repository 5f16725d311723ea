package io.warden.persistence.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A FileChannel that behaves like a disk that fills up or breaks: writes stop after a byte
 * budget shared by every channel of one {@link Faults} (a short write, then ENOSPC), and
 * fsyncs can fail or be held at a gate. Stands in for a tiny filesystem, which cannot be
 * mounted where the tests run.
 */
final class FaultInjectingChannel extends ForwardingFileChannel {

    /** Shared fault plan; also a {@link ChannelFactory}. */
    static final class Faults implements ChannelFactory {
        final AtomicLong writeBudgetBytes = new AtomicLong(Long.MAX_VALUE);
        final AtomicInteger forcesBeforeFailure = new AtomicInteger(Integer.MAX_VALUE);
        final AtomicInteger forces = new AtomicInteger();
        volatile Runnable beforeForce = () -> { };

        @Override
        public FileChannel open(Path path, OpenOption... options) throws IOException {
            return new FaultInjectingChannel(FileChannel.open(path, options), this);
        }
    }

    private final Faults faults;

    private FaultInjectingChannel(FileChannel delegate, Faults faults) {
        super(delegate);
        this.faults = faults;
    }

    private ByteBuffer limited(ByteBuffer src) throws IOException {
        long budget = faults.writeBudgetBytes.get();
        while (true) {
            if (budget <= 0) {
                throw new IOException("No space left on device");
            }
            long take = Math.min(budget, src.remaining());
            if (faults.writeBudgetBytes.compareAndSet(budget, budget - take)) {
                return src.slice(src.position(), (int) take);
            }
            budget = faults.writeBudgetBytes.get();
        }
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        ByteBuffer part = limited(src);
        int n = delegate.write(part, position);
        src.position(src.position() + n);
        return n;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        ByteBuffer part = limited(src);
        int n = delegate.write(part);
        src.position(src.position() + n);
        return n;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            total += write(srcs[i]);
        }
        return total;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        faults.beforeForce.run();
        if (faults.forcesBeforeFailure.getAndDecrement() <= 0) {
            throw new IOException("Input/output error");
        }
        delegate.force(metaData);
        faults.forces.incrementAndGet();
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) {
        throw new UnsupportedOperationException("the log never uses transferFrom");
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) {
        throw new UnsupportedOperationException("the log never maps files");
    }
}
