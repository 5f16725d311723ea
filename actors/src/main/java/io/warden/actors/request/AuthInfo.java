package io.warden.actors.request;

import io.warden.api.data.Id;
import java.net.InetAddress;
import java.util.List;

/**
 * Who a session is: the ids it authenticated as (every connection is also "ip" with its
 * address, as in ZooKeeper), whether it is the super user, and where it connects from.
 */
public record AuthInfo(List<Id> ids, boolean superUser, InetAddress address) {
    public AuthInfo {
        ids = List.copyOf(ids);
    }

    public AuthInfo with(Id id, boolean nowSuper) {
        List<Id> more = new java.util.ArrayList<>(ids);
        if (!more.contains(id)) {
            more.add(id);
        }
        return new AuthInfo(more, superUser || nowSuper, address);
    }
}
