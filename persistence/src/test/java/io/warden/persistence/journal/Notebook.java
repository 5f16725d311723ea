package io.warden.persistence.journal;

import io.warden.persistence.snapstore.StreamableSnapshot;
import io.warden.persistence.snapstore.StreamableSnapshotCodec;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.RecoveryFailed;
import org.apache.pekko.persistence.typed.SnapshotAdapter;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * A test entity: appends lines, snapshots every 5 events keeping 2 snapshots and deleting the
 * events below them. Its state is a {@link StreamableSnapshot}, or, with {@code streamed}
 * false, is snapshotted as a plain serializable list. It tells {@code observer} which snapshot
 * recovery loaded and whether recovery failed.
 */
final class Notebook extends EventSourcedBehavior<Notebook.Command, String, Notebook.State> {

    sealed interface Command {
    }

    record Add(String line, ActorRef<Long> replyTo) implements Command {
    }

    record Get(ActorRef<List<String>> replyTo) implements Command {
    }

    static final String CODEC_MANIFEST = "notebook-v1";

    /** The whole notebook; streams itself as a count and UTF lines. */
    static final class State implements StreamableSnapshot {
        final List<String> lines;

        State(List<String> lines) {
            this.lines = List.copyOf(lines);
        }

        State plus(String line) {
            List<String> next = new ArrayList<>(lines);
            next.add(line);
            return new State(next);
        }

        @Override
        public String codecManifest() {
            return CODEC_MANIFEST;
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            DataOutputStream data = new DataOutputStream(out);
            data.writeInt(lines.size());
            for (String l : lines) {
                data.writeUTF(l);
            }
            data.flush();
        }
    }

    /** Registered in the test config under {@link #CODEC_MANIFEST}. */
    public static final class StateCodec implements StreamableSnapshotCodec {
        @Override
        public Object readFrom(InputStream in, long sizeBytes) throws IOException {
            DataInputStream data = new DataInputStream(in);
            int n = data.readInt();
            List<String> lines = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                lines.add(data.readUTF());
            }
            return new State(lines);
        }
    }

    private final ActorRef<String> observer;
    private final boolean streamed;

    Notebook(String id, ActorRef<String> observer, boolean streamed) {
        super(PersistenceId.ofUniqueId(id));
        this.observer = observer;
        this.streamed = streamed;
    }

    @Override
    public State emptyState() {
        return new State(List.of());
    }

    @Override
    public CommandHandler<Command, String, State> commandHandler() {
        return newCommandHandlerBuilder().forAnyState()
                .onCommand(Add.class, (state, add) -> Effect().persist(add.line())
                        .thenReply(add.replyTo(), s -> (long) s.lines.size()))
                .onCommand(Get.class, (state, get) -> Effect().reply(get.replyTo(), state.lines))
                .build();
    }

    @Override
    public EventHandler<State, String> eventHandler() {
        return newEventHandlerBuilder().forAnyState().onEvent(String.class, State::plus).build();
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(5, 2).withDeleteEventsOnSnapshot();
    }

    @Override
    public SnapshotAdapter<State> snapshotAdapter() {
        return new SnapshotAdapter<>() {
            @Override
            public Object toJournal(State state) {
                return streamed ? state : new ArrayList<>(state.lines);
            }

            @Override
            public State fromJournal(Object from) {
                @SuppressWarnings("unchecked")
                State state = from instanceof State s ? s : new State((List<String>) from);
                observer.tell("loaded snapshot of " + state.lines.size());
                return state;
            }
        };
    }

    @Override
    public SignalHandler<State> signalHandler() {
        return newSignalHandlerBuilder()
                .onSignal(RecoveryCompleted.instance(), state -> observer.tell("recovered " + state.lines.size()))
                .onSignal(RecoveryFailed.class, (state, failed) -> observer.tell("failed " + failed.getFailure()))
                .build();
    }
}
