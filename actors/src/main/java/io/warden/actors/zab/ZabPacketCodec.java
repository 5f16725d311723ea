package io.warden.actors.zab;

import io.warden.api.data.Id;
import io.warden.persistence.txn.TxnCodec;
import io.warden.persistence.txn.TxnFormatException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary form of {@link ZabPacket}s between peers. Grammar (big-endian):
 * <pre>
 * packet   = version:u8 (=1) tag:u8 body
 * tag 1  FollowerInfo  sid:i64 observer:u8 acceptedEpoch:i64 lastLoggedZxid:i64
 * tag 2  LeaderInfo    newEpoch:i64
 * tag 3  AckEpoch      epoch:i64 currentEpoch:i64 lastLoggedZxid:i64
 * tag 4  Diff          afterZxid:i64
 * tag 5  Trunc         zxid:i64
 * tag 6  Snap          zxid:i64
 * tag 7  Proposal      txn (TxnCodec's record)
 * tag 8  Ack           zxid:i64
 * tag 9  Commit        zxid:i64
 * tag 10 Inform        txn (TxnCodec's record)
 * tag 11 NewLeader     epoch:i64 lastZxid:i64
 * tag 12 UpToDate      epoch:i64
 * tag 13 LeaderPing    committedZxid:i64
 * tag 14 LearnerPing   count:i32 (0..MAX_TOUCHED) sessionId:i64 * count
 * tag 15 Forward       sessionId:i64 length:i32 (0..MAX_REQUEST) request:u8 * length
 *                      count:i32 (0..MAX_AUTH) (scheme:utf id:utf) * count
 * tag 16 ForwardSession sessionId:i64 timeoutMs:i32
 * tag 17 SyncRequest   requestId:i64
 * tag 18 SyncReply     requestId:i64 zxid:i64
 * tag 19 SnapChunk     zxid:i64 index:i32 last:u8 length:i32 (0..MAX_CHUNK) data:u8 * length
 * tag 20 SnapAck       zxid:i64 index:i32
 * tag 21 Proposals     count:i32 (1..MAX_BATCH) txn (TxnCodec's record) * count
 * </pre>
 * A packet of another version, an unknown tag, a short body or bytes left over is refused with
 * {@link IllegalArgumentException}: a peer never acts on a packet it did not fully understand.
 */
public final class ZabPacketCodec {
    public static final int VERSION = 1;
    /** The most session ids one learner ping carries; a larger set goes in several pings. */
    public static final int MAX_TOUCHED = 65_536;
    /** The largest forwarded request: a client's frame is bounded by jute.maxbuffer, far below this. */
    public static final int MAX_REQUEST = 64 << 20;
    /** The most txns in one Proposals packet. */
    public static final int MAX_BATCH = 10_000;
    /** The largest snapshot piece. */
    public static final int MAX_CHUNK = 1 << 20;
    /** The most auth ids a forwarded request carries. */
    public static final int MAX_AUTH = 1024;

    private ZabPacketCodec() {
    }

    public static byte[] encode(ZabPacket packet) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            write(packet, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return bytes.toByteArray();
    }

    private static void write(ZabPacket packet, DataOutputStream out) throws IOException {
        if (packet instanceof ZabPacket.FollowerInfo p) {
            longs(out, 1, p.sid());
            out.writeBoolean(p.observer());
            out.writeLong(p.acceptedEpoch());
            out.writeLong(p.lastLoggedZxid());
        } else if (packet instanceof ZabPacket.LeaderInfo p) {
            longs(out, 2, p.newEpoch());
        } else if (packet instanceof ZabPacket.AckEpoch p) {
            longs(out, 3, p.epoch(), p.currentEpoch(), p.lastLoggedZxid());
        } else if (packet instanceof ZabPacket.Diff p) {
            longs(out, 4, p.afterZxid());
        } else if (packet instanceof ZabPacket.Trunc p) {
            longs(out, 5, p.zxid());
        } else if (packet instanceof ZabPacket.Snap p) {
            longs(out, 6, p.zxid());
        } else if (packet instanceof ZabPacket.Proposal p) {
            out.writeByte(7);
            TxnCodec.encode(p.txn(), out);
        } else if (packet instanceof ZabPacket.Ack p) {
            longs(out, 8, p.zxid());
        } else if (packet instanceof ZabPacket.Commit p) {
            longs(out, 9, p.zxid());
        } else if (packet instanceof ZabPacket.Inform p) {
            out.writeByte(10);
            TxnCodec.encode(p.txn(), out);
        } else if (packet instanceof ZabPacket.NewLeader p) {
            longs(out, 11, p.epoch(), p.lastZxid());
        } else if (packet instanceof ZabPacket.UpToDate p) {
            longs(out, 12, p.epoch());
        } else if (packet instanceof ZabPacket.LeaderPing p) {
            longs(out, 13, p.committedZxid());
        } else if (packet instanceof ZabPacket.LearnerPing p) {
            if (p.touchedSessions().size() > MAX_TOUCHED) {
                throw new IllegalArgumentException("a ping carries at most " + MAX_TOUCHED + " sessions");
            }
            out.writeByte(14);
            out.writeInt(p.touchedSessions().size());
            for (long session : p.touchedSessions()) {
                out.writeLong(session);
            }
        } else if (packet instanceof ZabPacket.Forward p) {
            writeForward(p, out);
        } else if (packet instanceof ZabPacket.ForwardSession p) {
            out.writeByte(16);
            out.writeLong(p.sessionId());
            out.writeInt(p.timeoutMs());
        } else if (packet instanceof ZabPacket.SyncRequest p) {
            longs(out, 17, p.requestId());
        } else if (packet instanceof ZabPacket.SyncReply p) {
            longs(out, 18, p.requestId(), p.zxid());
        } else if (packet instanceof ZabPacket.SnapChunk p) {
            if (p.data().length > MAX_CHUNK || p.index() < 0) {
                throw new IllegalArgumentException("a snapshot piece holds at most " + MAX_CHUNK + " bytes");
            }
            longs(out, 19, p.zxid());
            out.writeInt(p.index());
            out.writeBoolean(p.last());
            out.writeInt(p.data().length);
            out.write(p.data());
        } else if (packet instanceof ZabPacket.Proposals p) {
            if (p.txns().size() > MAX_BATCH) {
                throw new IllegalArgumentException("a Proposals packet carries at most " + MAX_BATCH + " txns");
            }
            out.writeByte(21);
            out.writeInt(p.txns().size());
            for (io.warden.persistence.txn.Txn txn : p.txns()) {
                TxnCodec.encode(txn, out);
            }
        } else if (packet instanceof ZabPacket.SnapAck p) {
            longs(out, 20, p.zxid());
            out.writeInt(p.index());
        } else {
            throw new IllegalArgumentException("unknown packet " + packet);
        }
    }

    private static void writeForward(ZabPacket.Forward p, DataOutputStream out) throws IOException {
        if (p.request().length > MAX_REQUEST || p.auth().size() > MAX_AUTH) {
            throw new IllegalArgumentException("a forwarded request carries at most " + MAX_REQUEST + " bytes and "
                    + MAX_AUTH + " ids");
        }
        out.writeByte(15);
        out.writeLong(p.sessionId());
        out.writeInt(p.request().length);
        out.write(p.request());
        out.writeInt(p.auth().size());
        for (Id id : p.auth()) {
            out.writeUTF(id.scheme());
            out.writeUTF(id.id());
        }
    }

    private static ZabPacket.Forward readForward(DataInputStream in) throws IOException {
        long sessionId = in.readLong();
        byte[] request = new byte[bounded(in.readInt(), MAX_REQUEST, "request bytes")];
        in.readFully(request);
        int count = bounded(in.readInt(), MAX_AUTH, "auth ids");
        List<Id> auth = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            auth.add(new Id(in.readUTF(), in.readUTF()));
        }
        return new ZabPacket.Forward(sessionId, request, auth);
    }

    private static ZabPacket.Proposals readProposals(DataInputStream in) throws IOException {
        int count = in.readInt();
        if (count < 1 || count > MAX_BATCH) {
            throw new IllegalArgumentException("1.." + MAX_BATCH + " txns in a Proposals packet, not " + count);
        }
        List<io.warden.persistence.txn.Txn> txns = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            txns.add(TxnCodec.decode(in));
        }
        return new ZabPacket.Proposals(txns);
    }

    private static ZabPacket.SnapChunk readChunk(DataInputStream in) throws IOException {
        long zxid = in.readLong();
        int index = bounded(in.readInt(), Integer.MAX_VALUE, "piece index");
        boolean last = readBoolean(in);
        byte[] data = new byte[bounded(in.readInt(), MAX_CHUNK, "snapshot bytes")];
        in.readFully(data);
        return new ZabPacket.SnapChunk(zxid, index, last, data);
    }

    private static int bounded(int count, int max, String what) {
        if (count < 0 || count > max) {
            throw new IllegalArgumentException("0.." + max + " " + what + ", not " + count);
        }
        return count;
    }

    private static void longs(DataOutputStream out, int tag, long... values) throws IOException {
        out.writeByte(tag);
        for (long value : values) {
            out.writeLong(value);
        }
    }

    public static ZabPacket decode(byte[] bytes) {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        try {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("ZAB packet version " + version + ", this peer speaks " + VERSION);
            }
            ZabPacket packet = read(in.readUnsignedByte(), in);
            if (in.available() > 0) {
                throw new IllegalArgumentException(in.available() + " bytes left after " + packet);
            }
            return packet;
        } catch (EOFException e) {
            throw new IllegalArgumentException("truncated ZAB packet of " + bytes.length + " bytes", e);
        } catch (IOException | TxnFormatException e) {
            throw new IllegalArgumentException("unreadable ZAB packet: " + e.getMessage(), e);
        }
    }

    private static ZabPacket read(int tag, DataInputStream in) throws IOException {
        return switch (tag) {
            case 1 -> new ZabPacket.FollowerInfo(in.readLong(), readBoolean(in), in.readLong(), in.readLong());
            case 2 -> new ZabPacket.LeaderInfo(in.readLong());
            case 3 -> new ZabPacket.AckEpoch(in.readLong(), in.readLong(), in.readLong());
            case 4 -> new ZabPacket.Diff(in.readLong());
            case 5 -> new ZabPacket.Trunc(in.readLong());
            case 6 -> new ZabPacket.Snap(in.readLong());
            case 7 -> new ZabPacket.Proposal(TxnCodec.decode(in));
            case 8 -> new ZabPacket.Ack(in.readLong());
            case 9 -> new ZabPacket.Commit(in.readLong());
            case 10 -> new ZabPacket.Inform(TxnCodec.decode(in));
            case 11 -> new ZabPacket.NewLeader(in.readLong(), in.readLong());
            case 12 -> new ZabPacket.UpToDate(in.readLong());
            case 13 -> new ZabPacket.LeaderPing(in.readLong());
            case 14 -> new ZabPacket.LearnerPing(readSessions(in));
            case 15 -> readForward(in);
            case 16 -> new ZabPacket.ForwardSession(in.readLong(), in.readInt());
            case 17 -> new ZabPacket.SyncRequest(in.readLong());
            case 18 -> new ZabPacket.SyncReply(in.readLong(), in.readLong());
            case 19 -> readChunk(in);
            case 20 -> new ZabPacket.SnapAck(in.readLong(), bounded(in.readInt(), Integer.MAX_VALUE, "piece index"));
            case 21 -> readProposals(in);
            default -> throw new IllegalArgumentException("unknown ZAB packet tag " + tag);
        };
    }

    private static boolean readBoolean(DataInputStream in) throws IOException {
        int b = in.readUnsignedByte();
        if (b > 1) {
            throw new IllegalArgumentException("a flag byte must be 0 or 1, not " + b);
        }
        return b == 1;
    }

    private static List<Long> readSessions(DataInputStream in) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > MAX_TOUCHED) {
            throw new IllegalArgumentException("a ping carries 0.." + MAX_TOUCHED + " sessions, not " + count);
        }
        List<Long> sessions = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            sessions.add(in.readLong());
        }
        return sessions;
    }
}
