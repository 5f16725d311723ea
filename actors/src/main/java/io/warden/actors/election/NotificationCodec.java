package io.warden.actors.election;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The binary form of a {@link Notification} between peers. Grammar (big-endian):
 * <pre>
 * notification = version:u8 (=1) sender:i64 state:u8 leader:i64 zxid:i64 peerEpoch:i64 electionEpoch:i64
 * state        = 0 LOOKING | 1 FOLLOWING | 2 LEADING | 3 OBSERVING   ({@link PeerState#code()})
 * </pre>
 * A notification of another version, an unknown state, a short body or bytes left over is
 * refused with {@link IllegalArgumentException}: a vote that was not fully understood must not
 * be counted. ZooKeeper's notification also carries the quorum configuration for dynamic
 * reconfiguration; Warden has no reconfig yet, so version 1 has no such field.
 */
public final class NotificationCodec {
    public static final int VERSION = 1;
    /** The encoded size of a version-1 notification. */
    public static final int SIZE = 1 + 8 + 1 + 8 * 4;

    private NotificationCodec() {
    }

    public static byte[] encode(Notification n) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(SIZE);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeLong(n.sender());
            out.writeByte(n.state().code());
            out.writeLong(n.vote().leader());
            out.writeLong(n.vote().zxid());
            out.writeLong(n.vote().peerEpoch());
            out.writeLong(n.electionEpoch());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return bytes.toByteArray();
    }

    public static Notification decode(byte[] bytes) {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        try {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("election notification version " + version
                        + ", this peer speaks " + VERSION);
            }
            long sender = in.readLong();
            PeerState state = PeerState.ofCode(in.readUnsignedByte());
            Vote vote = new Vote(in.readLong(), in.readLong(), in.readLong());
            Notification n = new Notification(sender, state, vote, in.readLong());
            if (in.available() > 0) {
                throw new IllegalArgumentException(in.available() + " bytes left after " + n);
            }
            return n;
        } catch (EOFException e) {
            throw new IllegalArgumentException("truncated election notification of " + bytes.length + " bytes", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable election notification: " + e.getMessage(), e);
        }
    }
}
