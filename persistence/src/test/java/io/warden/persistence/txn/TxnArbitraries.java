package io.warden.persistence.txn;

import io.warden.api.data.Acl;
import io.warden.api.data.Code;
import io.warden.api.data.CreateMode;
import io.warden.api.data.Id;
import io.warden.api.data.Perms;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.util.List;

/** jqwik generators of arbitrary (valid) txns, for codec and snapshot properties. */
public final class TxnArbitraries {
    private TxnArbitraries() {
    }

    public static Arbitrary<String> paths() {
        Arbitrary<String> segment = Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8),
                Arbitraries.strings().withChars('\u00e9', '\u4e2d', 'x', '-', '_', '.').ofMinLength(3).ofMaxLength(5));
        return segment.list().ofMinSize(1).ofMaxSize(4).map(parts -> "/" + String.join("/", parts));
    }

    /** Null, empty and non-empty data: the codecs must keep null apart from empty. */
    public static Arbitrary<byte[]> data() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(64).injectNull(0.15);
    }

    public static Arbitrary<List<Acl>> acls() {
        Arbitrary<Acl> entry = Combinators.combine(
                Arbitraries.integers().between(0, Perms.ALL),
                Arbitraries.of("world", "digest", "ip", "sasl"),
                Arbitraries.strings().alpha().numeric().ofMaxLength(12))
                .as((perms, scheme, id) -> new Acl(perms, new Id(scheme, id)));
        return Arbitraries.oneOf(Arbitraries.just(Acl.OPEN_ACL_UNSAFE), entry.list().ofMinSize(1).ofMaxSize(3));
    }

    public static Arbitrary<TxnBody> ops() {
        Arbitrary<TxnBody> create = Combinators.combine(paths(), data(), acls(), Arbitraries.of(CreateMode.class),
                Arbitraries.longs().between(1, 1L << 40 - 1), Arbitraries.integers().between(-1, 1000))
                .as((path, data, acl, mode, ttl, cversion) ->
                        new TxnBody.Create(path, data, acl, mode, mode.isTtl() ? ttl : 0, cversion));
        return Arbitraries.oneOf(
                create,
                paths().map(TxnBody.Delete::new),
                Combinators.combine(paths(), data(), Arbitraries.integers()).as(TxnBody.SetData::new),
                Combinators.combine(paths(), acls(), Arbitraries.integers()).as(TxnBody.SetAcl::new),
                Combinators.combine(paths(), Arbitraries.integers()).as(TxnBody.Check::new),
                Arbitraries.of(Code.class).map(TxnBody.Failed::new));
    }

    public static Arbitrary<TxnBody> bodies() {
        return Arbitraries.oneOf(
                ops(),
                ops().list().ofMaxSize(5).map(TxnBody.Multi::new),
                Arbitraries.integers().between(1, 1_000_000).map(TxnBody.CreateSession::new),
                Arbitraries.just(new TxnBody.CloseSession()));
    }

    public static Arbitrary<Txn> txns() {
        return Combinators.combine(Arbitraries.longs(), Arbitraries.integers(),
                Arbitraries.longs().greaterOrEqual(1), Arbitraries.longs(), bodies())
                .as(Txn::new);
    }
}
