package io.warden.api.client;

import java.util.concurrent.Flow;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.JavaFlowSupport;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Pekko Streams views of the client's publishers. Demand from the stream is passed to the
 * client's bounded subscription, so a slow stage gets the same treatment as any slow subscriber.
 */
public final class PekkoStreams {
    private PekkoStreams() {}

    public static <T> Source<T, NotUsed> source(Flow.Publisher<T> publisher) {
        return JavaFlowSupport.Source.fromPublisher(publisher);
    }

    public static Source<WatchEvent, NotUsed> watch(WardenClient client, String path, boolean recursive) {
        return source(client.watch(path, recursive));
    }

    /** The change stream of {@code path} from now; see {@link WardenClient#changes(String, long)}. */
    public static Source<Change, NotUsed> changes(WardenClient client, String path) {
        return source(client.changes(path));
    }

    /** The change stream of {@code path} resumed after {@code afterZxid}. */
    public static Source<Change, NotUsed> changes(WardenClient client, String path, long afterZxid) {
        return source(client.changes(path, afterZxid));
    }

    public static Source<SessionState, NotUsed> sessionStates(WardenClient client) {
        return source(client.sessionStates());
    }
}
