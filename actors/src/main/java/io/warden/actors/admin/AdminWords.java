package io.warden.actors.admin;

import java.util.concurrent.CompletionStage;

/** Answers a four-letter word with the text to send back before the connection closes. */
@FunctionalInterface
public interface AdminWords {
    CompletionStage<String> run(String word);
}
