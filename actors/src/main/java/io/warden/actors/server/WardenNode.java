package io.warden.actors.server;

import java.util.concurrent.CompletionStage;

/** A running Warden server: one member of an ensemble (or a standalone server). */
public interface WardenNode extends AutoCloseable {

    /**
     * Completes when the node has stopped and released its ports and files: normally after
     * {@link #close()}, exceptionally when it stopped because of a failure.
     */
    CompletionStage<Void> whenTerminated();

    /**
     * Starts an orderly shutdown and returns without waiting for it; {@link #whenTerminated()}
     * says when it is over. Calling it again does nothing.
     */
    @Override
    void close();

    /**
     * The node's current role as the {@code Mode:} line of the {@code srvr} four-letter word
     * prints it: {@code standalone}, {@code leader}, {@code follower}, {@code observer}, or
     * another word while it has none (e.g. while electing).
     */
    String mode();
}
