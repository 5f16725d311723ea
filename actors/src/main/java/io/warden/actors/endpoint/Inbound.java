package io.warden.actors.endpoint;

import org.apache.pekko.util.ByteString;

/** What a client connection's byte stream is cut into. */
public sealed interface Inbound {

    /**
     * A four-letter admin word ("ruok", "mntr" ...), only ever the first thing on a connection.
     * {@code argument} is the 8-byte big-endian value that follows "stmk" (the trace mask to
     * set); 0 for every other word, which takes none.
     */
    record FourLetterWord(String word, long argument) implements Inbound {
        public FourLetterWord(String word) {
            this(word, 0);
        }
    }

    /** One length-prefixed frame's payload (without the 4-byte length). */
    record Frame(ByteString payload) implements Inbound {}

    /**
     * The bytes cannot be framed (a negative or oversized length, ZooKeeper's "Len error"): the
     * last item of the connection, which is then closed cleanly rather than reset.
     */
    record Invalid(String reason) implements Inbound {}
}
