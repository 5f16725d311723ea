package io.warden.persistence.prep;

import io.warden.api.data.Id;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Who a session is, as ZooKeeper's per-connection authInfo: the connection's {@code ip} id (its
 * client address, added at connect), every id an addAuth produced (for example
 * {@code digest:user:hash}), and {@code super:} for a super user. ZooKeeper decides super-ness by
 * that id alone, so this record does too: {@link #isSuper()} is derived, never a separate flag
 * that could disagree with the ids.
 */
public record SessionAuth(List<Id> ids) {
    /** The id ZooKeeper adds to a session that authenticated as the super digest. */
    public static final Id SUPER = new Id("super", "");

    /** A session with no ids at all (the server's own requests, tests). */
    public static final SessionAuth NONE = new SessionAuth(List.of());

    public SessionAuth {
        ids = List.copyOf(ids);
    }

    /** A freshly connected session: only its {@code ip} id. */
    public static SessionAuth connectedFrom(String clientAddress) {
        return new SessionAuth(List.of(new Id("ip", Objects.requireNonNull(clientAddress, "clientAddress"))));
    }

    /** This identity plus more ids (an addAuth result); ids already present are not repeated. */
    public SessionAuth with(List<Id> more) {
        List<Id> all = new ArrayList<>(ids);
        for (Id id : more) {
            if (!all.contains(id)) {
                all.add(id);
            }
        }
        return new SessionAuth(all);
    }

    public boolean isSuper() {
        for (Id id : ids) {
            if (id.scheme().equals(SUPER.scheme())) {
                return true;
            }
        }
        return false;
    }
}
