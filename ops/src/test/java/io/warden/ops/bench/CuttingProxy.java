package io.warden.ops.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A loopback TCP proxy in front of one server that can cut every connection through it at once,
 * as a server's death does to its clients: both sockets of each pair are closed, so the client
 * sees its connection end and the server sees its client go, and new connections are accepted
 * and relayed again at once. One selector thread relays every pair; each direction of a pair
 * has one buffer of {@link #BUFFER_BYTES}, and a side whose peer does not take the bytes is not
 * read until it does (no unbounded buffering).
 */
public final class CuttingProxy implements AutoCloseable {
    private static final int BUFFER_BYTES = 16 * 1024;

    private final InetSocketAddress target;
    private final Selector selector;
    private final ServerSocketChannel server;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Set<Pair> pairs = new LinkedHashSet<>();
    private volatile boolean running = true;

    public CuttingProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        this.selector = Selector.open();
        this.server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
        this.thread = new Thread(this::run, "cutting-proxy");
        thread.setDaemon(true);
        thread.start();
    }

    /** Where clients connect. */
    public InetSocketAddress address() throws IOException {
        return (InetSocketAddress) server.getLocalAddress();
    }

    /** Closes every relayed connection (both sides) and returns how many pairs were cut. */
    public int cutAll() throws IOException {
        CompletableFuture<Integer> cut = new CompletableFuture<>();
        tasks.add(() -> {
            int n = pairs.size();
            List.copyOf(pairs).forEach(Pair::close);
            cut.complete(n);
        });
        selector.wakeup();
        try {
            return cut.get(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while cutting", e);
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            throw new IOException("the proxy did not cut its connections", e);
        }
    }

    private void run() {
        try {
            while (running) {
                selector.select();
                for (Runnable task; (task = tasks.poll()) != null; ) {
                    task.run();
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    handle(key);
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException | RuntimeException e) {
            if (running) {
                System.err.println("cutting-proxy: stopped: " + e);
            }
        }
    }

    private void handle(SelectionKey key) throws IOException {
        if (!key.isValid()) {
            return;
        }
        if (key.isAcceptable()) {
            for (SocketChannel client; (client = server.accept()) != null; ) {
                accept(client);
            }
            return;
        }
        Pair pair = (Pair) key.attachment();
        try {
            if (key.isConnectable()) {
                pair.finishConnect();
            } else {
                if (key.isReadable()) {
                    pair.read(key.channel() == pair.client);
                }
                if (key.isValid() && key.isWritable()) {
                    pair.flush(key.channel() == pair.client);
                }
            }
        } catch (IOException e) {
            pair.close();
        }
    }

    private void accept(SocketChannel client) throws IOException {
        SocketChannel upstream = SocketChannel.open();
        try {
            client.configureBlocking(false);
            client.setOption(StandardSocketOptions.TCP_NODELAY, true);
            upstream.configureBlocking(false);
            upstream.setOption(StandardSocketOptions.TCP_NODELAY, true);
            Pair pair = new Pair(client, upstream);
            pairs.add(pair);
            if (upstream.connect(target)) {
                pair.finishConnect();
            } else {
                pair.upstreamKey = upstream.register(selector, SelectionKey.OP_CONNECT, pair);
            }
        } catch (IOException e) {
            client.close();
            upstream.close();
        }
    }

    /** One client connection and its connection to the server. */
    private final class Pair {
        final SocketChannel client;
        final SocketChannel upstream;
        /** Bytes read from the client, to be written upstream; and the other way. */
        final ByteBuffer toUpstream = ByteBuffer.allocate(BUFFER_BYTES);
        final ByteBuffer toClient = ByteBuffer.allocate(BUFFER_BYTES);
        SelectionKey clientKey;
        SelectionKey upstreamKey;
        boolean closed;

        Pair(SocketChannel client, SocketChannel upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        void finishConnect() throws IOException {
            upstream.finishConnect();
            upstreamKey = upstream.register(selector, SelectionKey.OP_READ, this);
            clientKey = client.register(selector, SelectionKey.OP_READ, this);
        }

        /** Reads what {@code fromClient}'s side sent and relays as much as the other side takes. */
        void read(boolean fromClient) throws IOException {
            SocketChannel source = fromClient ? client : upstream;
            ByteBuffer buffer = fromClient ? toUpstream : toClient;
            if (source.read(buffer) < 0) {
                close();
                return;
            }
            flush(fromClient);
        }

        /** Writes the buffered bytes that came from {@code fromClient}'s side to the other side. */
        void flush(boolean fromClient) throws IOException {
            ByteBuffer buffer = fromClient ? toUpstream : toClient;
            SocketChannel sink = fromClient ? upstream : client;
            SelectionKey sourceKey = fromClient ? clientKey : upstreamKey;
            SelectionKey sinkKey = fromClient ? upstreamKey : clientKey;
            buffer.flip();
            sink.write(buffer);
            boolean drained = !buffer.hasRemaining();
            buffer.compact();
            // Back-pressure: stop reading the source until the sink took what is buffered.
            sourceKey.interestOps(drained ? sourceKey.interestOps() | SelectionKey.OP_READ
                    : sourceKey.interestOps() & ~SelectionKey.OP_READ);
            sinkKey.interestOps(drained ? sinkKey.interestOps() & ~SelectionKey.OP_WRITE
                    : sinkKey.interestOps() | SelectionKey.OP_WRITE);
        }

        void close() {
            if (closed) {
                return;
            }
            closed = true;
            pairs.remove(this);
            quietly(client);
            quietly(upstream);
        }
    }

    private static void quietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // closing: nothing left to do with it
        }
    }

    @Override
    public void close() throws IOException {
        running = false;
        selector.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List.copyOf(pairs).forEach(Pair::close);
        server.close();
        selector.close();
    }
}
