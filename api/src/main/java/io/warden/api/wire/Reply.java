package io.warden.api.wire;

import java.util.Objects;

/** A decoded reply: its header and its body ({@link Response.Empty} whenever the header's err is not OK). */
public record Reply(ReplyHeader header, Response response) {
    public Reply {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(response, "response");
    }
}
