package io.warden.api.data;

import java.util.Objects;

/** An authenticated identity: a scheme ("world", "auth", "digest", "ip", "super"...) and an id. */
public record Id(String scheme, String id) {
    public static final Id ANYONE = new Id("world", "anyone");
    /** Stands for "the ids the creating session authenticated with" inside an ACL. */
    public static final Id AUTH = new Id("auth", "");

    public Id {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(id, "id");
    }

    @Override
    public String toString() {
        return scheme + ":" + id;
    }
}
