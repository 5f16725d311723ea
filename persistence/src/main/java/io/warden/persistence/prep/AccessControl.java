package io.warden.persistence.prep;

import io.warden.api.data.Acl;
import io.warden.api.data.Code;
import io.warden.api.data.Id;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * ZooKeeper's ACL rules: whether a session may do something to a node, and which ACLs a create
 * or setACL may store. Reads use {@link #permits} too, so the rules live in one place.
 */
public final class AccessControl {
    private static final String AUTH = "auth";
    private static final String WORLD = "world";
    private static final String IP = "ip";
    private static final String DIGEST = "digest";

    private final PrepSettings settings;

    public AccessControl(PrepSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * ZooKeeper's permission check: true when ACLs are skipped, the node's ACL is empty, the
     * session is super, or some entry granting {@code perm} names world:anyone or one of the
     * session's ids (ip entries match by address and prefix, other schemes by equal id).
     *
     * @param perm one {@link io.warden.api.data.Perms} bit
     */
    public boolean permits(List<Acl> nodeAcl, int perm, SessionAuth auth) {
        if (settings.skipAcl() || nodeAcl.isEmpty() || auth.isSuper()) {
            return true;
        }
        for (Acl entry : nodeAcl) {
            if ((entry.perms() & perm) == 0) {
                continue;
            }
            Id wanted = entry.id();
            if (wanted.equals(Id.ANYONE)) {
                return true;
            }
            if (!isProvider(wanted.scheme())) {
                continue;
            }
            for (Id held : auth.ids()) {
                if (held.scheme().equals(wanted.scheme()) && idMatches(wanted.scheme(), held.id(), wanted.id())) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * ZooKeeper's ACL fix-up for create and setACL: duplicates dropped (first kept), every entry
     * valid for its scheme, and "auth" entries replaced by the session's authenticated ids (in the
     * session's order, with the entry's perms). Null strings (jute allows them) are decided here,
     * in ZooKeeper's order: an "auth" entry's id is never looked at, a null scheme is InvalidACL,
     * and where ZooKeeper dereferences a null (world's id, a registered provider's id, the
     * duplicate check's equals) it fails with MarshallingError, and so does this.
     *
     * @throws Rejection INVALID_ACL for an empty list, a null or unknown scheme, a malformed id,
     *                   or an "auth" entry from a session with no authenticated id;
     *                   MARSHALLING_ERROR where ZooKeeper meets a null it dereferences
     */
    List<Acl> fixup(String path, List<Acl> requested, SessionAuth auth) {
        List<Acl> unique = withoutDuplicates(path, requested);
        if (unique.isEmpty()) {
            throw new Rejection(Code.INVALID_ACL, path);
        }
        List<Acl> fixed = new ArrayList<>(unique.size());
        for (Acl entry : unique) {
            Id id = entry.id();
            if (id.scheme() == null) {
                throw new Rejection(Code.INVALID_ACL, path);
            }
            if (id.scheme().equals(WORLD) && id.id() == null) {
                throw new Rejection(Code.MARSHALLING_ERROR, path);
            }
            if (id.equals(Id.ANYONE)) {
                fixed.add(entry);
            } else if (id.scheme().equals(AUTH)) {
                int before = fixed.size();
                for (Id held : auth.ids()) {
                    if (settings.authSchemes().contains(held.scheme())) {
                        fixed.add(new Acl(entry.perms(), held));
                    }
                }
                if (fixed.size() == before) {
                    throw new Rejection(Code.INVALID_ACL, path);
                }
            } else if (!isProvider(id.scheme())) {
                throw new Rejection(Code.INVALID_ACL, path);
            } else if (id.id() == null) {
                throw new Rejection(Code.MARSHALLING_ERROR, path);
            } else if (isValidId(id)) {
                fixed.add(entry);
            } else {
                throw new Rejection(Code.INVALID_ACL, path);
            }
        }
        return List.copyOf(fixed);
    }

    /**
     * The entries in order, each first occurrence kept. ZooKeeper compares with the jute records'
     * equals (perms, then scheme, then id, each on the newer entry), which throws on a null it
     * reaches; so a list with a null string is compared that way, the usual list by hashing.
     */
    private static List<Acl> withoutDuplicates(String path, List<Acl> requested) {
        boolean hasNull = requested.stream().anyMatch(a -> a.id().scheme() == null || a.id().id() == null);
        if (!hasNull) {
            return List.copyOf(new LinkedHashSet<>(requested));
        }
        List<Acl> kept = new ArrayList<>();
        for (Acl entry : requested) {
            boolean seen = false;
            for (Acl earlier : kept) {
                if (juteEquals(path, entry, earlier)) {
                    seen = true;
                    break;
                }
            }
            if (!seen) {
                kept.add(entry);
            }
        }
        return kept;
    }

    private static boolean juteEquals(String path, Acl entry, Acl earlier) {
        if (entry.perms() != earlier.perms()) {
            return false;
        }
        if (entry.id().scheme() == null) {
            throw new Rejection(Code.MARSHALLING_ERROR, path);
        }
        if (!entry.id().scheme().equals(earlier.id().scheme())) {
            return false;
        }
        if (entry.id().id() == null) {
            throw new Rejection(Code.MARSHALLING_ERROR, path);
        }
        return entry.id().id().equals(earlier.id().id());
    }

    /** "ip" is always registered; "world" and "auth" are handled before any provider. */
    private boolean isProvider(String scheme) {
        return scheme.equals(IP) || settings.authSchemes().contains(scheme);
    }

    private static boolean isValidId(Id id) {
        return switch (id.scheme()) {
            case IP -> IpAddresses.isValidAclId(id.id());
            // ZooKeeper's digest provider asks for exactly two ':'-separated parts (Java split,
            // trailing empty parts dropped): "user:hash", also ":hash", but not "user:" or "a:b:c".
            case DIGEST -> id.id().split(":").length == 2;
            default -> true;
        };
    }

    private static boolean idMatches(String scheme, String held, String wanted) {
        return scheme.equals(IP) ? IpAddresses.matches(held, wanted) : held.equals(wanted);
    }
}
