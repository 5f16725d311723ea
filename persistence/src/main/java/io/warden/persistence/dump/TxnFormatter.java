package io.warden.persistence.dump;

import io.warden.api.data.Acl;
import io.warden.api.data.Perms;
import io.warden.api.data.Zxid;
import io.warden.persistence.txn.Txn;
import io.warden.persistence.txn.TxnBody;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One human-readable line per txn, in the spirit of ZooKeeper's log formatter:
 * {@code <leader time, UTC> session 0x.. cxid 0x.. zxid 0x.. <type> <fields>}. Data is shown by
 * length and a short preview (text when printable, else hex), never in full.
 */
final class TxnFormatter {
    static final int PREVIEW_BYTES = 32;

    private TxnFormatter() {
    }

    static String format(Txn txn) {
        return Instant.ofEpochMilli(txn.timeMs()) + " session 0x" + Long.toHexString(txn.sessionId())
                + " cxid 0x" + Integer.toHexString(txn.cxid()) + " zxid " + Zxid.toHex(txn.zxid()) + " "
                + body(txn.body());
    }

    static String body(TxnBody body) {
        if (body instanceof TxnBody.Create c) {
            String ttl = c.mode().isTtl() ? " ttlMs=" + c.ttlMs() : "";
            return "create path=" + c.path() + " data=" + data(c.data()) + " acl=" + acl(c.acl()) + " mode="
                    + c.mode() + ttl + " parentCVersion=" + c.parentCVersion();
        } else if (body instanceof TxnBody.Delete d) {
            return "delete path=" + d.path();
        } else if (body instanceof TxnBody.SetData s) {
            return "setData path=" + s.path() + " data=" + data(s.data()) + " version=" + s.version();
        } else if (body instanceof TxnBody.SetAcl s) {
            return "setAcl path=" + s.path() + " acl=" + acl(s.acl()) + " aversion=" + s.aversion();
        } else if (body instanceof TxnBody.Check c) {
            return "check path=" + c.path() + " version=" + c.version();
        } else if (body instanceof TxnBody.Multi m) {
            return "multi" + (m.failed() ? "(failed)" : "") + " ["
                    + m.ops().stream().map(TxnFormatter::body).collect(Collectors.joining("; ")) + "]";
        } else if (body instanceof TxnBody.CreateSession s) {
            return "createSession timeoutMs=" + s.timeoutMs();
        } else if (body instanceof TxnBody.CloseSession) {
            return "closeSession";
        } else if (body instanceof TxnBody.Failed f) {
            return "error code=" + f.code();
        }
        throw new IllegalArgumentException("unknown txn body " + body);
    }

    /** Length, then the first bytes: quoted text when printable ASCII, else #hex; "null" for null data. */
    static String data(byte[] data) {
        if (data == null) {
            return "null";
        }
        int shown = Math.min(data.length, PREVIEW_BYTES);
        boolean printable = true;
        for (int i = 0; i < shown; i++) {
            printable &= data[i] >= 0x20 && data[i] < 0x7f;
        }
        String more = shown < data.length ? "..." : "";
        String preview = printable
                ? "'" + new String(data, 0, shown, StandardCharsets.US_ASCII) + more + "'"
                : "#" + HexFormat.of().formatHex(data, 0, shown) + more;
        return data.length + "B:" + preview;
    }

    static String acl(List<Acl> acl) {
        return acl.stream().map(a -> a.id().scheme() + ":" + a.id().id() + ":" + Perms.toShortString(a.perms()))
                .collect(Collectors.joining(",", "[", "]"));
    }
}
