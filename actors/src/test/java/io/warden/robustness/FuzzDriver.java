package io.warden.robustness;

import io.warden.actors.config.FourLetterWords;
import io.warden.api.data.Code;
import io.warden.api.wire.ClientRequest;
import io.warden.api.wire.ConnectRequest;
import io.warden.api.wire.ConnectResponse;
import io.warden.api.wire.Request;
import io.warden.api.wire.WireCodec;
import io.warden.api.wire.WireFormatException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Random;

/**
 * One fuzzing thread: opens connections to the server one after another and throws random
 * bytes, garbage around handshakes, four-letter words, and above all sessions full of mutated
 * requests at it, until its input budget is spent.
 *
 * <p>Requests go in batches closed by a marker request; the replies must come back in the
 * order sent, each with a readable header, a zxid no older than the replies before it, and the
 * error code the request calls for (a request's fate is predicted by decoding the very bytes
 * sent with the same codec the server uses). A connection may close only after a frame that gives the server a reason to; a
 * server that neither answers nor closes within {@link #READ_TIMEOUT_MS} is a hang and stops
 * the thread.
 */
final class FuzzDriver {
    static final int READ_TIMEOUT_MS = 30_000;
    /** The xid of the request closing each batch; no fuzzed request is sent with it. */
    private static final int MARKER_XID = 0x5eed_f00d;
    private static final int MAX_BATCHES = 40;
    private static final int MAX_BATCH_FRAMES = 48;
    private static final int MAX_DRAIN_FRAMES = 100_000;

    /** What the server is expected to do with one frame. */
    private enum Expect { IN_ORDER, ANY_TIME, CLOSES }

    /** One frame sent: its xid, what should follow, the error its reply must carry (null: any). */
    private record Sent(int xid, Expect expect, Code err, boolean mayClose, String what) {
        /** What kind of frame this is, for counting what ends sessions. */
        String cause() {
            return expect == Expect.CLOSES ? (what.contains("maxbuffer") ? "oversized" : "undecodable")
                    : what.substring(0, what.indexOf(' '));
        }
    }

    private enum BatchEnd { ANSWERED, CLOSED }

    /** Per-thread counters, summed by the test. */
    static final class Tally {
        long inputs;
        long connections;
        long sessions;
        long replies;
        long events;
        long closedByServer;
        /** Sessions the server ended mid-batch, by the kind of frame that ended them. */
        final java.util.TreeMap<String, Long> sessionEnds = new java.util.TreeMap<>();

        void add(Tally other) {
            other.sessionEnds.forEach((cause, n) -> sessionEnds.merge(cause, n, Long::sum));
            inputs += other.inputs;
            connections += other.connections;
            sessions += other.sessions;
            replies += other.replies;
            events += other.events;
            closedByServer += other.closedByServer;
        }

        @Override
        public String toString() {
            return inputs + " inputs over " + connections + " connections (" + sessions + " sessions), "
                    + replies + " replies, " + events + " watch events, " + closedByServer + " closes by the server"
                    + " (sessions ended by " + sessionEnds + ")";
        }
    }

    private final InetSocketAddress server;
    private final String name;
    private final int maxFrameBytes;
    private final Random random;
    private final FuzzRequests requests;
    private final Mutator mutator;
    private final Anomalies anomalies;
    private final Tally tally = new Tally();
    private long lastSessionId;
    private byte[] lastPassword;
    private int xid;
    /** The highest zxid a reply on the current connection carried: replies never go back in time. */
    private long lastReplyZxid;
    private byte[] previousFrame = RawConnection.bytes(WireCodec.encodeRequest(ClientRequest.PING));

    FuzzDriver(InetSocketAddress server, String name, long seed, int maxFrameBytes, Anomalies anomalies) {
        this.server = server;
        this.name = name;
        this.maxFrameBytes = maxFrameBytes;
        this.random = new Random(seed);
        this.requests = new FuzzRequests(random, maxFrameBytes);
        this.mutator = new Mutator(random, maxFrameBytes);
        this.anomalies = anomalies;
    }

    /** Fuzzes until {@code inputBudget} inputs were sent; stops early only on a hang. */
    Tally run(long inputBudget) throws IOException {
        while (tally.inputs < inputBudget) {
            int roll = random.nextInt(100);
            if (roll < 6) {
                randomBytes();
            } else if (roll < 10) {
                garbageBeforeHandshake();
            } else if (roll < 12) {
                fourLetterWord();
            } else {
                session();
            }
        }
        return tally;
    }

    // ---- episodes without a session

    private void randomBytes() throws IOException {
        try (RawConnection c = open()) {
            tally.inputs++;
            writeInChunks(c, junk(1 + random.nextInt(512)));
            c.halfClose();
            drainToClose(c, "after random bytes");
        }
    }

    private void garbageBeforeHandshake() throws IOException {
        try (RawConnection c = open()) {
            byte[] garbage = switch (random.nextInt(4)) {
                case 0 -> junk(1 + random.nextInt(64));
                case 1 -> Mutator.withPrefix(junk(random.nextInt(40)), random.nextInt(40));
                case 2 -> Arrays.copyOf(connectFrame(requests.connect()), 1 + random.nextInt(20));
                default -> "abcd xyz".getBytes(StandardCharsets.US_ASCII);
            };
            tally.inputs += 2;
            writeInChunks(c, concat(garbage, connectFrame(requests.connect())));
            c.halfClose();
            drainToClose(c, "after garbage before a handshake");
        }
    }

    private void fourLetterWord() throws IOException {
        // Sorted: a Set's order changes from one JVM to the next, and a seed must replay.
        List<String> known = FourLetterWords.KNOWN.stream().sorted().toList();
        String word = random.nextInt(4) == 0 ? "ruoq" : known.get(random.nextInt(known.size()));
        try (RawConnection c = open()) {
            tally.inputs++;
            byte[] bytes = word.getBytes(StandardCharsets.US_ASCII);
            byte[] sent = random.nextBoolean() ? bytes : concat(bytes, junk(random.nextInt(64)));
            c.write(sent);
            if (random.nextBoolean()) {
                c.halfClose();
            }
            String answer = new String(c.readToEnd(4 << 20), StandardCharsets.UTF_8);
            // stmk takes an 8-byte mask; without all of it ZooKeeper answers nothing either.
            boolean answerDue = !word.equals("stmk") || sent.length >= bytes.length + Long.BYTES;
            if (FourLetterWords.KNOWN.contains(word) && answerDue && (answer.isEmpty() || answer.startsWith("error"))) {
                anomaly("four-letter word " + word + " answered '" + answer + "'");
            }
        }
    }

    // ---- sessions

    private void session() throws IOException {
        lastReplyZxid = Long.MIN_VALUE;
        try (RawConnection c = open()) {
            if (!handshake(c)) {
                return;
            }
            int batches = 1 + random.nextInt(MAX_BATCHES);
            for (int b = 0; b < batches; b++) {
                if (batch(c) == BatchEnd.CLOSED) {
                    return;
                }
            }
            finish(c);
        }
    }

    /**
     * True when a session was granted. A fresh, unmutated request must be granted; a refusal
     * (bad password, expired session) must be answered and then closed by the server.
     */
    private boolean handshake(RawConnection c) throws IOException {
        tally.inputs++;
        int kind = random.nextInt(100);
        ConnectRequest request = kind < 20 && lastPassword != null
                ? new ConnectRequest(0, 0, 4000, lastSessionId,
                        random.nextInt(3) == 0 ? junk(16) : lastPassword, false)
                : requests.connect();
        Mutator.Mutated mutated = kind >= 20 && kind < 35 ? mutator.mutate(connectFrame(request), previousFrame) : null;
        String what = mutated == null ? request.toString() : "a connect request mutated by " + mutated.kind();
        if (!c.write(mutated == null ? connectFrame(request) : mutated.frame())) {
            return closed("while sending " + what, mutated != null);
        }
        if (mutated != null && !mutated.framed()) {
            c.halfClose();
        }
        byte[] payload = readOrHang(c, "the answer to " + what);
        if (payload == null) {
            return closed("instead of answering " + what, mutated != null);
        }
        ConnectResponse response;
        try {
            response = WireCodec.decodeConnectResponse(ByteBuffer.wrap(payload));
        } catch (WireFormatException e) {
            anomaly("unreadable connect response to " + what + ": " + e.getMessage());
            return false;
        }
        if (response.sessionId() == 0) {
            if (mutated == null && request.sessionId() == 0) {
                anomaly("a new session was refused: " + what);
            }
            drainToClose(c, "after refusing " + what);
            return false;
        }
        if (mutated != null && !mutated.framed()) {
            drainToClose(c, "after " + what);
            return false;
        }
        tally.sessions++;
        lastSessionId = response.sessionId();
        lastPassword = response.passwd();
        return true;
    }

    private BatchEnd batch(RawConnection c) throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        Deque<Sent> inOrder = new ArrayDeque<>();
        List<Sent> anyTime = new ArrayList<>();
        boolean mayClose = false;
        String closer = "";
        int frames = 1 + random.nextInt(MAX_BATCH_FRAMES);
        for (int i = 0; i < frames && !mayClose; i++) {
            byte[] valid = RawConnection.bytes(WireCodec.encodeRequest(requests.next(++xid)));
            Mutator.Mutated m = random.nextInt(100) < 35 ? new Mutator.Mutated(valid, true, null)
                    : mutator.mutate(valid, previousFrame);
            previousFrame = valid;
            tally.inputs++;
            if (!m.framed()) {
                // The server can no longer find frame boundaries: whatever it does next, it must end.
                writeInChunks(c, concat(wire.toByteArray(), m.frame()));
                c.halfClose();
                drainToClose(c, "after a frame whose length lies");
                return BatchEnd.CLOSED;
            }
            Sent sent = classify(m.frame());
            while (sharesXidWithTheOtherKind(sent, inOrder, anyTime)) {
                // A ping is answered at once, other requests in turn: one xid for both would
                // leave a reply that fits either. Other repeated xids are fine and stay.
                ByteBuffer.wrap(m.frame()).putInt(4, sent.xid() + 1);
                sent = classify(m.frame());
            }
            wire.writeBytes(m.frame());
            mayClose = sent.mayClose();
            closer = sent.cause();
            (sent.expect() == Expect.ANY_TIME ? anyTime : inOrder).add(sent);
        }
        wire.writeBytes(RawConnection.bytes(WireCodec.encodeRequest(
                new ClientRequest(MARKER_XID, new Request.Exists("/", false)))));
        if (!writeInChunks(c, wire.toByteArray())) {
            return closedMidBatch(mayClose, closer, inOrder, "while sending");
        }
        return readReplies(c, inOrder, anyTime, mayClose, closer);
    }

    private BatchEnd readReplies(RawConnection c, Deque<Sent> inOrder, List<Sent> anyTime, boolean mayClose,
                                 String closer) throws IOException {
        while (true) {
            byte[] payload = readOrHang(c, "replies to a batch");
            if (payload == null) {
                return closedMidBatch(mayClose, closer, inOrder, "before answering the batch");
            }
            if (payload.length < 16) {
                anomaly("reply of " + payload.length + " bytes, shorter than a reply header");
                continue;
            }
            ByteBuffer header = ByteBuffer.wrap(payload);
            int replyXid = header.getInt(0);
            int errValue = header.getInt(12);
            Code err;
            try {
                err = Code.of(errValue);
            } catch (IllegalArgumentException e) {
                anomaly("reply to xid " + replyXid + " with unknown error code " + errValue);
                continue;
            }
            if (replyXid == MARKER_XID) {
                if (!inOrder.isEmpty() || !anyTime.isEmpty()) {
                    anomaly("batch marker answered before " + describe(inOrder) + describe(anyTime));
                }
                return BatchEnd.ANSWERED;
            }
            if (replyXid == ClientRequest.NOTIFICATION_XID) {
                event(payload);
                continue;
            }
            long zxid = header.getLong(4);
            if (zxid < lastReplyZxid) {
                anomaly("reply to xid " + replyXid + " carries zxid 0x" + Long.toHexString(zxid)
                        + ", older than the 0x" + Long.toHexString(lastReplyZxid) + " of an earlier reply");
            }
            tally.replies++;
            boolean ping = matchReply(replyXid, err, inOrder, anyTime);
            if (!ping) {
                // A ping is answered at once, with the zxid of the latest tree, possibly ahead of
                // writes of this session still in flight: later replies are not held to it.
                lastReplyZxid = Math.max(lastReplyZxid, zxid);
            }
        }
    }

    /**
     * Checks a reply against what was sent; true when it answered a ping. Fuzzed xids repeat, so a
     * ping and the next request in order may share one: the reply goes to whichever it fits.
     */
    private boolean matchReply(int replyXid, Code err, Deque<Sent> inOrder, List<Sent> anyTime) {
        Sent head = inOrder.peekFirst();
        boolean headXid = head != null && head.xid() == replyXid;
        if (headXid && (head.err() == null || head.err() == err)) {
            inOrder.removeFirst();
            return false;
        }
        for (int i = 0; i < anyTime.size(); i++) {
            if (anyTime.get(i).xid() == replyXid && anyTime.get(i).err() == err) {
                anyTime.remove(i);
                return true;
            }
        }
        if (headXid) {
            inOrder.removeFirst();
            anomaly("reply " + err + " to " + head.what() + ", expected " + head.err());
        } else {
            anomaly("reply to xid " + replyXid + " (" + err + ") out of order; next expected: "
                    + (head == null ? "none" : head.what()));
        }
        return false;
    }

    private void event(byte[] payload) {
        tally.events++;
        try {
            WireCodec.decodeEvent(ByteBuffer.wrap(payload));
        } catch (WireFormatException e) {
            anomaly("unreadable watch event: " + e.getMessage());
        }
    }

    private static boolean sharesXidWithTheOtherKind(Sent sent, Deque<Sent> inOrder, List<Sent> anyTime) {
        Iterable<Sent> others = switch (sent.expect()) {
            case IN_ORDER -> anyTime;
            case ANY_TIME -> inOrder;
            case CLOSES -> List.of();
        };
        for (Sent other : others) {
            if (other.xid() == sent.xid()) {
                return true;
            }
        }
        return false;
    }

    /** What the server must do with these bytes, found by decoding them as it will. */
    private Sent classify(byte[] frame) {
        int length = frame.length - 4;
        if (length > maxFrameBytes) {
            return new Sent(0, Expect.CLOSES, null, true, "a frame over jute.maxbuffer");
        }
        ClientRequest request;
        try {
            request = WireCodec.decodeRequest(ByteBuffer.wrap(frame, 4, length).slice());
        } catch (WireFormatException e) {
            return new Sent(0, Expect.CLOSES, null, true, "an undecodable frame (" + e.getMessage() + ")");
        } catch (RuntimeException e) {
            anomaly("the codec threw " + e + " on " + length + " bytes: the server would too");
            return new Sent(0, Expect.CLOSES, null, true, "a frame the codec throws on");
        }
        if (request.xid() == MARKER_XID || request.xid() == ClientRequest.NOTIFICATION_XID) {
            // Rewrite the xid in place: the marker's and the notification's xids stay unambiguous.
            ByteBuffer.wrap(frame).putInt(4, request.xid() + 2);
            return classify(frame);
        }
        Request body = request.request();
        String what = body.operation() + " xid " + request.xid();
        return switch (body.operation()) {
            case PING -> new Sent(request.xid(), Expect.ANY_TIME, Code.OK, false, what);
            // ZooKeeper answers an unknown opcode with Unimplemented, then hangs up.
            case UNKNOWN -> new Sent(request.xid(), Expect.IN_ORDER, Code.UNIMPLEMENTED, true, what);
            case MALFORMED -> new Sent(request.xid(), Expect.IN_ORDER, ((Request.Malformed) body).error(), false,
                    what + " (" + ((Request.Malformed) body).reason() + ")");
            case AUTH, CLOSE_SESSION -> new Sent(request.xid(), Expect.IN_ORDER, null, true, what);
            default -> new Sent(request.xid(), Expect.IN_ORDER, null, false, what);
        };
    }

    /** Ends a session that is still being served, one of several ways. */
    private void finish(RawConnection c) throws IOException {
        switch (random.nextInt(5)) {
            case 0 -> {
                tally.inputs++;
                c.send(new ClientRequest(++xid, Request.CloseSession.INSTANCE));
                drainToClose(c, "after closeSession");
            }
            case 1 -> {
                tally.inputs++;
                writeInChunks(c, junk(1 + random.nextInt(256)));
                c.halfClose();
                drainToClose(c, "after garbage following the handshake");
            }
            case 2 -> {
                c.halfClose();
                drainToClose(c, "after the client shut its side");
            }
            case 3 -> c.abort();
            default -> c.close();
        }
    }

    // ---- plumbing

    private RawConnection open() throws IOException {
        tally.connections++;
        return RawConnection.open(server, READ_TIMEOUT_MS);
    }

    private byte[] readOrHang(RawConnection c, String awaiting) throws IOException {
        try {
            return c.readFrame();
        } catch (SocketTimeoutException e) {
            throw new IOException(name + ": the server neither answered nor closed within " + READ_TIMEOUT_MS
                    + " ms (awaiting " + awaiting + "); the server says:\n" + serverState(), e);
        } catch (WireFormatException e) {
            anomaly(e.getMessage());
            c.abort();
            return null;
        }
    }

    /** What the node reports about itself, for the message of a hang. */
    private String serverState() {
        try {
            return RawConnection.ask(server, "srvr", false) + RawConnection.ask(server, "cons", false);
        } catch (IOException e) {
            return "(no answer to srvr/mntr: " + e + ")";
        }
    }

    private void drainToClose(RawConnection c, String when) throws IOException {
        for (int i = 0; i < MAX_DRAIN_FRAMES; i++) {
            if (readOrHang(c, "the server to close " + when) == null) {
                tally.closedByServer++;
                return;
            }
        }
        anomaly("the server kept sending " + when);
    }

    private boolean closed(String when, boolean expected) {
        tally.closedByServer++;
        if (!expected) {
            anomaly("the server closed the connection " + when);
        }
        return false;
    }

    private BatchEnd closedMidBatch(boolean mayClose, String closer, Deque<Sent> inOrder, String when) {
        tally.sessionEnds.merge(mayClose ? closer : "nothing", 1L, Long::sum);
        closed(when + " (outstanding: " + describe(inOrder) + ")", mayClose);
        return BatchEnd.CLOSED;
    }

    private boolean writeInChunks(RawConnection c, byte[] bytes) throws IOException {
        if (bytes.length < 2 || random.nextInt(5) != 0) {
            return c.write(bytes);
        }
        int at = 0;
        while (at < bytes.length) {
            int n = 1 + random.nextInt(bytes.length - at);
            if (!c.write(bytes, at, n)) {
                return false;
            }
            at += n;
        }
        return true;
    }

    private byte[] junk(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] connectFrame(ConnectRequest request) {
        return RawConnection.bytes(WireCodec.encodeConnectRequest(request));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static String describe(Iterable<Sent> sent) {
        StringBuilder sb = new StringBuilder();
        int n = 0;
        for (Sent s : sent) {
            if (n++ < 5) {
                sb.append(s.what()).append("; ");
            }
        }
        return n > 5 ? sb + "... (" + n + ")" : sb.toString();
    }

    private void anomaly(String what) {
        anomalies.add(name + ": " + what);
    }
}
