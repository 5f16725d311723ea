package io.warden.persistence.snapstore;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueType;
import io.warden.persistence.snapstore.SnapshotHeader.Format;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.pekko.dispatch.Futures;
import org.apache.pekko.persistence.SelectedSnapshot;
import org.apache.pekko.persistence.SnapshotMetadata;
import org.apache.pekko.persistence.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.snapshot.japi.SnapshotStore;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.concurrent.ExecutionContext;
import scala.concurrent.Future;

/**
 * Pekko Persistence snapshot-store plugin on a {@link SnapshotDirectory}. Configure it with
 * {@code pekko.persistence.snapshot-store.plugin = "warden.persistence.snapshot-store"} and set
 * {@code warden.persistence.snapshot-store.directory}.
 *
 * <p>Loading picks the newest snapshot matching the criteria that passes validation; a corrupt
 * or truncated one is skipped with a WARN for the next older one, and when every candidate is
 * corrupt the load fails with {@link SnapshotCorruptedException} rather than pretending there
 * was no snapshot (events covered by it may already be deleted). A snapshot implementing
 * {@link StreamableSnapshot} is streamed to disk; anything else goes through Pekko
 * serialization. File I/O runs on {@code io-dispatcher}, never on the plugin actor.
 */
public final class FileSnapshotStore extends SnapshotStore {

    private static final Logger LOG = LoggerFactory.getLogger(FileSnapshotStore.class);

    private final SnapshotDirectory directory;
    private final Serialization serialization;
    private final ExecutionContext io;
    private final Map<String, StreamableSnapshotCodec> codecs;

    public FileSnapshotStore(Config config) {
        String dir = config.getString("directory");
        if (dir.isBlank()) {
            throw new IllegalArgumentException("snapshot store setting 'directory' is empty: set it to the "
                    + "snapshot directory (ZooKeeper's dataDir)");
        }
        this.codecs = loadCodecs(config);
        this.serialization = SerializationExtension.get(context().system());
        this.io = context().system().dispatchers().lookup(config.getString("io-dispatcher"));
        try {
            this.directory = new SnapshotDirectory(Path.of(dir));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the snapshot directory " + dir, e);
        }
    }

    private static Map<String, StreamableSnapshotCodec> loadCodecs(Config config) {
        Map<String, StreamableSnapshotCodec> codecs = new TreeMap<>();
        if (!config.hasPath("streamable-codecs")) {
            return codecs;
        }
        for (var e : config.getConfig("streamable-codecs").root().entrySet()) {
            if (e.getValue().valueType() != ConfigValueType.STRING) {
                throw new IllegalArgumentException("streamable-codecs." + e.getKey() + " must be a class name");
            }
            String className = (String) e.getValue().unwrapped();
            try {
                Object codec = Class.forName(className).getConstructor().newInstance();
                codecs.put(e.getKey(), (StreamableSnapshotCodec) codec);
            } catch (ReflectiveOperationException | ClassCastException ex) {
                throw new IllegalArgumentException("streamable-codecs." + e.getKey() + " = " + className
                        + " is not a StreamableSnapshotCodec with a public no-argument constructor", ex);
            }
        }
        return codecs;
    }

    @Override
    public Future<Optional<SelectedSnapshot>> doLoadAsync(String persistenceId, SnapshotSelectionCriteria criteria) {
        return Futures.future(() -> load(persistenceId, criteria), io);
    }

    private Optional<SelectedSnapshot> load(String persistenceId, SnapshotSelectionCriteria criteria) throws IOException {
        List<String> rejected = new ArrayList<>();
        for (SnapshotDirectory.Entry entry : directory.list(persistenceId)) {
            SnapshotMetadata metadata = SnapshotMetadata.apply(persistenceId, entry.sequenceNr(), entry.timestampMs());
            if (!criteria.matches(metadata)) {
                continue;
            }
            SnapshotDirectory.Validated snapshot;
            try {
                snapshot = directory.validate(entry);
            } catch (SnapshotCorruptedException e) {
                LOG.warn("Skipping a damaged snapshot of {}, trying an older one: {}", persistenceId, e.getMessage());
                rejected.add(e.getMessage());
                continue;
            }
            return Optional.of(SelectedSnapshot.create(metadata, decode(snapshot)));
        }
        if (!rejected.isEmpty()) {
            throw new SnapshotCorruptedException(directory.directory(), "no valid snapshot of " + persistenceId
                    + " matches " + criteria + "; every candidate was damaged: " + rejected);
        }
        return Optional.empty();
    }

    private Object decode(SnapshotDirectory.Validated snapshot) throws IOException {
        SnapshotHeader h = snapshot.header();
        return switch (h.format()) {
            case SERIALIZED -> serialization.deserialize(directory.readBody(snapshot), h.serializerId(),
                    h.manifest()).get();
            case STREAMED -> {
                StreamableSnapshotCodec codec = codecs.get(h.manifest());
                if (codec == null) {
                    throw new IllegalStateException("snapshot " + snapshot.path() + " was streamed with codec manifest '"
                            + h.manifest() + "' but no codec is registered for it in streamable-codecs");
                }
                try (InputStream in = directory.openBody(snapshot)) {
                    yield codec.readFrom(in, snapshot.bodyLength());
                }
            }
        };
    }

    @Override
    public Future<Void> doSaveAsync(SnapshotMetadata metadata, Object snapshot) {
        return Futures.future(() -> {
            save(metadata, snapshot);
            return null;
        }, io);
    }

    private void save(SnapshotMetadata md, Object snapshot) throws IOException {
        if (snapshot instanceof StreamableSnapshot streamable) {
            String manifest = streamable.codecManifest();
            if (!codecs.containsKey(manifest)) {
                throw new IllegalStateException("refusing to save a snapshot of " + md.persistenceId()
                        + " that could not be read back: no codec registered for manifest '" + manifest + "'");
            }
            SnapshotHeader header = new SnapshotHeader(md.persistenceId(), md.sequenceNr(), md.timestamp(),
                    Format.STREAMED, 0, manifest);
            directory.save(header, streamable::writeTo);
        } else {
            Serializer serializer = serialization.findSerializerFor(snapshot);
            byte[] bytes = serialization.serialize(snapshot).get();
            SnapshotHeader header = new SnapshotHeader(md.persistenceId(), md.sequenceNr(), md.timestamp(),
                    Format.SERIALIZED, serializer.identifier(), Serializers.manifestFor(serializer, snapshot));
            directory.save(header, out -> out.write(bytes));
        }
    }

    @Override
    public Future<Void> doDeleteAsync(SnapshotMetadata metadata) {
        return Futures.future(() -> {
            List<SnapshotDirectory.Entry> doomed = new ArrayList<>();
            for (SnapshotDirectory.Entry e : directory.list(metadata.persistenceId())) {
                // Pekko passes timestamp 0 when the caller only knows the sequence number.
                if (e.sequenceNr() == metadata.sequenceNr()
                        && (metadata.timestamp() == 0 || e.timestampMs() == metadata.timestamp())) {
                    doomed.add(e);
                }
            }
            directory.delete(doomed);
            return null;
        }, io);
    }

    @Override
    public Future<Void> doDeleteAsync(String persistenceId, SnapshotSelectionCriteria criteria) {
        return Futures.future(() -> {
            List<SnapshotDirectory.Entry> doomed = new ArrayList<>();
            for (SnapshotDirectory.Entry e : directory.list(persistenceId)) {
                if (criteria.matches(SnapshotMetadata.apply(persistenceId, e.sequenceNr(), e.timestampMs()))) {
                    doomed.add(e);
                }
            }
            directory.delete(doomed);
            return null;
        }, io);
    }
}
