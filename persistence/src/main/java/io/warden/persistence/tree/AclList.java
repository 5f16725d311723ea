package io.warden.persistence.tree;

import io.warden.api.data.Acl;

import java.util.List;

/** An interned ACL: equal lists share one instance, so a node pays one pointer for its ACL. */
final class AclList {
    private final List<Acl> acl;
    private final long hash64;

    AclList(List<Acl> acl) {
        this.acl = List.copyOf(acl);
        this.hash64 = Hashing.acl(this.acl);
    }

    List<Acl> acl() {
        return acl;
    }

    long hash64() {
        return hash64;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AclList other && hash64 == other.hash64 && acl.equals(other.acl);
    }

    @Override
    public int hashCode() {
        return (int) (hash64 ^ (hash64 >>> 32));
    }

    @Override
    public String toString() {
        return acl.toString();
    }
}
