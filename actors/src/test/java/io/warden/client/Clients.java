package io.warden.client;

import io.warden.api.client.WardenClient;
import io.warden.compat.harness.Compat;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/** Test helpers: connected clients closed with the test, and bounded waits on stages. */
final class Clients {
    private Clients() {}

    static WardenClient connect(Compat compat, String connectString) {
        return connect(compat, connectString, b -> b);
    }

    static WardenClient connect(Compat compat, String connectString, UnaryOperator<WardenClient.Builder> custom) {
        WardenClient client = custom.apply(WardenClient.builder(connectString)
                .sessionTimeout(Duration.ofMillis(Compat.SESSION_TIMEOUT_MS))).build();
        compat.register(client);
        await(client.connected());
        return client;
    }

    /** The stage's value, waiting at most the suite's timeout; its failure's cause is thrown as is. */
    static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(Compat.TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause().toString(), e.getCause());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The failure of a stage that must fail, waiting at most the suite's timeout. */
    static Throwable failure(CompletionStage<?> stage) {
        try {
            Object value = stage.toCompletableFuture().get(Compat.TIMEOUT_SECONDS, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, got " + value);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Ends {@code victim}'s session from a second connection to it, as an operator or an expiry
     * would: its ephemerals go at once, and the victim hears EXPIRED when it reconnects.
     */
    static void endSession(Compat compat, String connectString, WardenClient victim) throws Exception {
        compat.connect(connectString, Compat.SESSION_TIMEOUT_MS, event -> {}, victim.sessionId(),
                victim.sessionPassword()).close();
    }

    /** Runs {@code body} {@code times} times, each run after the previous one's stage completed. */
    static CompletionStage<Void> repeat(int times, Supplier<CompletionStage<Void>> body) {
        if (times == 0) {
            return CompletableFuture.completedFuture(null);
        }
        return body.get().thenCompose(v -> repeat(times - 1, body));
    }

    static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
