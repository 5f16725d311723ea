package io.warden.actors.watch;

/**
 * The zxids of a node that tell whether it changed since a given view: created at czxid, data
 * last changed at mzxid, child list last changed at pzxid.
 */
public record NodeVersions(long czxid, long mzxid, long pzxid) {

    /** Looks a path up in the current tree; null when the node does not exist. */
    @FunctionalInterface
    public interface Lookup {
        NodeVersions find(String path);
    }
}
