package io.warden.persistence.journal;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.dispatch.Futures;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.persistence.journal.Tagged;
import org.apache.pekko.persistence.journal.japi.AsyncWriteJournal;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.apache.pekko.japi.pf.ReceiveBuilder;
import scala.PartialFunction;
import scala.concurrent.ExecutionContext;
import scala.concurrent.Future;
import scala.jdk.javaapi.CollectionConverters;
import scala.jdk.javaapi.FutureConverters;
import scala.runtime.BoxedUnit;

/**
 * Pekko Persistence journal plugin on a {@link SegmentedLog}. Configure it with
 * {@code pekko.persistence.journal.plugin = "warden.persistence.journal"} and set
 * {@code warden.persistence.journal.directory}.
 *
 * <p>Each {@link AtomicWrite} becomes one log append (atomic on disk). Pekko calls
 * {@link #doAsyncWriteMessages} for many persistent actors without waiting for earlier writes,
 * so their appends meet in the log's queue and share fsyncs. Events are stored with Pekko
 * serialization as {@link SerializedEvent}s; tags are dropped (no query side) and event
 * metadata is not stored.
 */
public final class FileJournal extends AsyncWriteJournal {

    /** Ask the journal actor for its {@link LogStats} (for monitoring and tests). */
    public enum GetStats {
        INSTANCE
    }

    private final SegmentedLog log;
    private final Serialization serialization;
    private final ExecutionContext replayExecutor;
    private final boolean failReplayFromDeleted;

    public FileJournal(Config config) {
        JournalSettings settings = JournalSettings.fromConfig(config);
        this.serialization = SerializationExtension.get(context().system());
        this.replayExecutor = context().system().dispatchers().lookup(config.hasPath("replay-dispatcher")
                ? config.getString("replay-dispatcher") : "pekko.persistence.dispatchers.default-replay-dispatcher");
        this.failReplayFromDeleted = settings.failReplayFromDeleted();
        try {
            this.log = SegmentedLog.open(settings.log());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the journal in " + settings.log().directory(), e);
        }
    }

    @Override
    public Future<Iterable<Optional<Exception>>> doAsyncWriteMessages(Iterable<AtomicWrite> messages) {
        List<CompletableFuture<Optional<Exception>>> results = new ArrayList<>();
        for (AtomicWrite write : messages) {
            List<LogRecord> records;
            try {
                records = toRecords(write);
            } catch (RuntimeException e) {
                results.add(CompletableFuture.completedFuture(Optional.of(e)));
                continue;
            }
            results.add(log.append(records).handle((index, error) -> {
                if (error == null) {
                    return Optional.empty();
                }
                Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                if (cause instanceof IllegalArgumentException rejected) {
                    return Optional.of(rejected);
                }
                throw new CompletionException(cause);
            }));
        }
        CompletableFuture<Iterable<Optional<Exception>>> all = CompletableFuture
                .allOf(results.toArray(CompletableFuture[]::new))
                .thenApply(v -> results.stream().map(CompletableFuture::join).toList());
        return FutureConverters.asScala(all);
    }

    private List<LogRecord> toRecords(AtomicWrite write) {
        List<LogRecord> records = new ArrayList<>(write.size());
        for (PersistentRepr repr : CollectionConverters.asJava(write.payload())) {
            Object event = repr.payload() instanceof Tagged tagged ? tagged.payload() : repr.payload();
            Serializer serializer = serialization.findSerializerFor(event);
            SerializedEvent stored = new SerializedEvent(serializer.identifier(),
                    Serializers.manifestFor(serializer, event), repr.manifest(), repr.writerUuid(),
                    repr.timestamp(), serialization.serialize(event).get());
            records.add(new LogRecord(repr.persistenceId(), repr.sequenceNr(), stored.encode()));
        }
        return records;
    }

    @Override
    public Future<Void> doAsyncDeleteMessagesTo(String persistenceId, long toSequenceNr) {
        return FutureConverters.asScala(log.deleteTo(persistenceId, toSequenceNr).thenApply(to -> null));
    }

    @Override
    public Future<Void> doAsyncReplayMessages(String persistenceId, long fromSequenceNr, long toSequenceNr,
                                              long max, Consumer<PersistentRepr> replayCallback) {
        return Futures.future(() -> {
            long deletedTo = log.deletedToSequenceNr(persistenceId);
            if (failReplayFromDeleted && fromSequenceNr <= deletedTo && toSequenceNr >= fromSequenceNr) {
                throw new IllegalStateException("replay of " + persistenceId + " from " + fromSequenceNr
                        + " needs events deleted up to " + deletedTo + ": the snapshot it recovers from is older"
                        + " than the deletion assumed");
            }
            log.replay(persistenceId, fromSequenceNr, toSequenceNr, max,
                    record -> replayCallback.accept(toRepr(record)));
            return null;
        }, replayExecutor);
    }

    private PersistentRepr toRepr(LogRecord record) {
        SerializedEvent stored = SerializedEvent.decode(record.data());
        Object event = serialization.deserialize(stored.payload(), stored.serializerId(),
                stored.serializerManifest()).get();
        return PersistentRepr.apply(event, record.sequenceNr(), record.persistenceId(), stored.eventManifest(),
                false, ActorRef.noSender(), stored.writerUuid()).withTimestamp(stored.timestampMs());
    }

    @Override
    public Future<Long> doAsyncReadHighestSequenceNr(String persistenceId, long fromSequenceNr) {
        return Futures.successful(log.highestSequenceNr(persistenceId));
    }

    @Override
    public PartialFunction<Object, BoxedUnit> receivePluginInternal() {
        return ReceiveBuilder.create()
                .match(GetStats.class, m -> sender().tell(log.stats(), self()))
                .build().onMessage();
    }

    @Override
    public void postStop() throws Exception {
        log.close();
        super.postStop();
    }
}
