package io.warden.persistence.prep;

import io.warden.api.data.Code;

/**
 * A rule said no. Thrown inside preparation so each rule reads as one line in ZooKeeper's order,
 * and caught at the top; it never leaves the package. No stack trace: it is an answer, not a bug.
 */
final class Rejection extends RuntimeException {
    private final Code code;
    private final String path;

    Rejection(Code code, String path) {
        super(code + (path == null ? "" : " for " + path), null, false, false);
        this.code = code;
        this.path = path;
    }

    Code code() {
        return code;
    }

    String path() {
        return path;
    }
}
