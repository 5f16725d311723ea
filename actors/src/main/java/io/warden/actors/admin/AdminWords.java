package io.warden.actors.admin;

import java.util.concurrent.CompletionStage;

/** Answers a four-letter word with the text to send back before the connection closes. */
@FunctionalInterface
public interface AdminWords {
    /** {@code argument}: the 8-byte value that follows "stmk"; 0 for every other word. */
    CompletionStage<String> run(String word, long argument);
}
