package io.warden.actors.endpoint;

import io.warden.actors.config.FourLetterWords;
import java.nio.ByteOrder;
import org.apache.pekko.util.ByteString;

/**
 * Cuts a connection's bytes into {@link Inbound} items; no stream, no actor, one per connection,
 * run inside the connection's one stage ({@link ConnectionStage}). Wire grammar (ZooKeeper's):
 * <pre>
 *   connection := fourLetterWord | frame*
 *   frame      := length:int32-big-endian payload:byte[length]     (0 <= length <= maxFrameBytes)
 * </pre>
 * ZooKeeper decides between the two by reading the first four bytes as a length and checking
 * whether they spell a known word; a word's value is far above any legal frame length, so the
 * two can't be confused. An unknown word is therefore a "Len error" like any oversized length,
 * reported as a last {@link Inbound.Invalid} item so the connection is closed, not reset;
 * whether a known word may run is the whitelist's business, not the framer's. A connection that
 * opens with a word carries nothing else: whatever follows it ("stat\r\n\r\n" from a terminal,
 * say) is read and dropped, as ZooKeeper ignores it, rather than parsed into a length error.
 *
 * <p>Feed bytes with {@link #add}, take whole items with {@link #next} until it returns null.
 * After an {@link Inbound.Invalid} nothing more comes ({@link #isFinished}); after a
 * four-letter word every later byte is dropped.
 */
final class Framer {
    private static final String SET_TRACE_MASK = "stmk";

    private final int maxFrameBytes;
    private ByteString buffer = ByteString.emptyByteString();
    private boolean first = true;
    private boolean wordOnly;
    /** "stmk" was read; its 8-byte mask has not all arrived yet. */
    private boolean awaitingMask;
    private boolean finished;

    Framer(int maxFrameBytes) {
        if (maxFrameBytes <= 0) {
            throw new IllegalArgumentException("maxFrameBytes must be positive: " + maxFrameBytes);
        }
        this.maxFrameBytes = maxFrameBytes;
    }

    void add(ByteString bytes) {
        if (wordOnly || finished) {
            return;
        }
        buffer = buffer.isEmpty() ? bytes : buffer.concat(bytes);
    }

    /** True once an Invalid item was taken: the connection carries nothing more. */
    boolean isFinished() {
        return finished;
    }

    /** The next whole item, or null if none is buffered. */
    Inbound next() {
        if (finished || wordOnly) {
            buffer = ByteString.emptyByteString();
            return null;
        }
        if (awaitingMask) {
            return nextMask();
        }
        if (buffer.size() < 4) {
            return null;
        }
        if (first) {
            first = false;
            String word = asciiWord(buffer);
            if (word != null && FourLetterWords.KNOWN.contains(word)) {
                if (word.equals(SET_TRACE_MASK)) {
                    awaitingMask = true;
                    return nextMask();
                }
                buffer = ByteString.emptyByteString();
                wordOnly = true;
                return new Inbound.FourLetterWord(word);
            }
        }
        int length = buffer.iterator().getInt(ByteOrder.BIG_ENDIAN);
        if (length < 0 || length > maxFrameBytes) {
            buffer = ByteString.emptyByteString();
            finished = true;
            return new Inbound.Invalid("Len error " + length
                    + ": frame length must be between 0 and jute.maxbuffer=" + maxFrameBytes);
        }
        if (buffer.size() < 4 + length) {
            return null;
        }
        ByteString payload = buffer.slice(4, 4 + length).compact();
        buffer = buffer.drop(4 + length);
        return new Inbound.Frame(payload);
    }

    /**
     * "stmk" carries the mask to set as the 8 bytes after the word (ZooKeeper reads them with
     * getLong). A connection that ends before all 8 arrived gets no answer.
     */
    private Inbound nextMask() {
        if (buffer.size() < 4 + Long.BYTES) {
            return null;
        }
        long mask = buffer.slice(4, 4 + Long.BYTES).iterator().getLong(ByteOrder.BIG_ENDIAN);
        buffer = ByteString.emptyByteString();
        awaitingMask = false;
        wordOnly = true;
        return new Inbound.FourLetterWord(SET_TRACE_MASK, mask);
    }

    private static String asciiWord(ByteString bytes) {
        char[] chars = new char[4];
        for (int i = 0; i < 4; i++) {
            byte b = bytes.apply(i);
            if (b < 'a' || b > 'z') {
                return null;
            }
            chars[i] = (char) b;
        }
        return new String(chars);
    }
}
