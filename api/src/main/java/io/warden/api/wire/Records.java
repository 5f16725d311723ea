package io.warden.api.wire;

import io.warden.api.data.Acl;
import io.warden.api.data.Id;
import io.warden.api.data.Stat;
import java.util.List;

/**
 * Shared jute records of the data model:
 * <pre>
 * Id         = scheme:ustring id:ustring
 * ACL        = perms:int Id
 * Stat       = czxid:long mzxid:long ctime:long mtime:long version:int cversion:int aversion:int
 *              ephemeralOwner:long dataLength:int numChildren:int pzxid:long      ; 68 bytes
 * ClientInfo = authScheme:ustring user:ustring
 * </pre>
 */
final class Records {
    static final int STAT_BYTES = 68;
    static final int MIN_ACL_BYTES = 12;
    static final int MIN_CLIENT_INFO_BYTES = 8;

    private Records() {}

    static void writeStat(JuteWriter out, Stat stat) {
        out.writeLong(stat.czxid());
        out.writeLong(stat.mzxid());
        out.writeLong(stat.ctime());
        out.writeLong(stat.mtime());
        out.writeInt(stat.version());
        out.writeInt(stat.cversion());
        out.writeInt(stat.aversion());
        out.writeLong(stat.ephemeralOwner());
        out.writeInt(stat.dataLength());
        out.writeInt(stat.numChildren());
        out.writeLong(stat.pzxid());
    }

    static Stat readStat(JuteReader in) {
        if (in.remaining() < STAT_BYTES) {
            throw new WireFormatException("stat: needs " + STAT_BYTES + " bytes but the frame has "
                    + in.remaining() + " left");
        }
        return new Stat(in.readLong("czxid"), in.readLong("mzxid"), in.readLong("ctime"), in.readLong("mtime"),
                in.readInt("version"), in.readInt("cversion"), in.readInt("aversion"), in.readLong("ephemeralOwner"),
                in.readInt("dataLength"), in.readInt("numChildren"), in.readLong("pzxid"));
    }

    static void writeAcl(JuteWriter out, Acl acl) {
        out.writeInt(acl.perms());
        out.writeUstring(acl.id().scheme());
        out.writeUstring(acl.id().id());
    }

    /**
     * Jute allows null strings in an Id, and ZooKeeper reads them: whether one is acceptable is the
     * ACL fix-up's decision (an "auth" id is never looked at; a null scheme is InvalidACL), not
     * the codec's.
     */
    static Acl readAcl(JuteReader in) {
        int perms = in.readInt("acl.perms");
        String scheme = in.readUstring("acl.id.scheme");
        String id = in.readUstring("acl.id.id");
        return new Acl(perms, new Id(scheme, id));
    }

    static void writeAclVector(JuteWriter out, List<Acl> acl) {
        out.writeVector(acl, Records::writeAcl);
    }

    static List<Acl> readAclVector(JuteReader in, String field) {
        return in.readVector(field, MIN_ACL_BYTES, Records::readAcl);
    }

    static void writeClientInfo(JuteWriter out, ClientInfo info) {
        out.writeUstring(info.authScheme());
        out.writeUstring(info.user());
    }

    static ClientInfo readClientInfo(JuteReader in) {
        return new ClientInfo(in.readUstring("clientInfo.authScheme"), in.readUstring("clientInfo.user"));
    }

    /** A size hint for a ustring: right for ASCII, the writer grows for the rest. */
    static int hint(String s) {
        return 4 + (s == null ? 0 : s.length());
    }

    static int hint(byte[] bytes) {
        return 4 + (bytes == null ? 0 : bytes.length);
    }

    static int hint(List<String> strings) {
        if (strings == null) {
            return 4;
        }
        int total = 4;
        for (int i = 0, n = strings.size(); i < n; i++) {
            total += hint(strings.get(i));
        }
        return total;
    }

    static int aclHint(List<Acl> acl) {
        if (acl == null) {
            return 4;
        }
        int total = 4;
        for (int i = 0, n = acl.size(); i < n; i++) {
            Acl a = acl.get(i);
            total += 4 + hint(a.id().scheme()) + hint(a.id().id());
        }
        return total;
    }
}
