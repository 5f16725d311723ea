package io.warden.api.data;

import java.util.List;
import java.util.Objects;

/** One access-control entry: the permission bits {@link Perms} granted to an {@link Id}. */
public record Acl(int perms, Id id) {
    /** Everyone may do everything. */
    public static final List<Acl> OPEN_ACL_UNSAFE = List.of(new Acl(Perms.ALL, Id.ANYONE));
    /** The creator's authenticated ids may do everything. */
    public static final List<Acl> CREATOR_ALL_ACL = List.of(new Acl(Perms.ALL, Id.AUTH));
    /** Everyone may read. */
    public static final List<Acl> READ_ACL_UNSAFE = List.of(new Acl(Perms.READ, Id.ANYONE));

    public Acl {
        Objects.requireNonNull(id, "id");
    }

    @Override
    public String toString() {
        return "'" + id.scheme() + ",'" + id.id() + "\n: " + Perms.toShortString(perms);
    }
}
