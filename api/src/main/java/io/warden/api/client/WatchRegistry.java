package io.warden.api.client;

import io.warden.api.data.EventType;
import io.warden.api.wire.Request;
import io.warden.api.wire.WatcherEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The client's side of ZooKeeper's watches, keyed by server path (chroot included). Which
 * watches an event fires follows ZooKeeper's client: data and exist watches on created, changed
 * and deleted; child watches on children-changed and deleted; persistent watches on any event
 * at their path; persistent recursive watches on any event at or below their path except
 * children-changed. One-shot watches are removed when they fire; all are re-sent after a
 * reconnect ({@link #setWatches}).
 */
final class WatchRegistry {
    private final Map<String, List<CompletableFuture<WatchEvent>>> data = new HashMap<>();
    private final Map<String, List<CompletableFuture<WatchEvent>>> exist = new HashMap<>();
    private final Map<String, List<CompletableFuture<WatchEvent>>> child = new HashMap<>();
    private final Map<String, List<Broadcast<WatchEvent>>> persistent = new HashMap<>();
    private final Map<String, List<Broadcast<WatchEvent>>> recursive = new HashMap<>();

    synchronized void addData(String path, CompletableFuture<WatchEvent> f) {
        data.computeIfAbsent(path, p -> new ArrayList<>()).add(f);
    }

    synchronized void addExist(String path, CompletableFuture<WatchEvent> f) {
        exist.computeIfAbsent(path, p -> new ArrayList<>()).add(f);
    }

    synchronized void addChild(String path, CompletableFuture<WatchEvent> f) {
        child.computeIfAbsent(path, p -> new ArrayList<>()).add(f);
    }

    /** Adds a stream; true when it is the first of its kind on the path (the server needs an addWatch). */
    synchronized boolean addPersistent(String path, boolean isRecursive, Broadcast<WatchEvent> stream) {
        List<Broadcast<WatchEvent>> streams = (isRecursive ? recursive : persistent)
                .computeIfAbsent(path, p -> new ArrayList<>());
        if (!streams.contains(stream)) {
            streams.add(stream);
        }
        return streams.size() == 1;
    }

    /** Removes a stream; true when none of its kind is left on the path (the server's watch can go). */
    synchronized boolean removePersistent(String path, boolean isRecursive, Broadcast<WatchEvent> stream) {
        Map<String, List<Broadcast<WatchEvent>>> m = isRecursive ? recursive : persistent;
        List<Broadcast<WatchEvent>> streams = m.get(path);
        if (streams == null || !streams.remove(stream)) {
            return false;
        }
        if (streams.isEmpty()) {
            m.remove(path);
            return true;
        }
        return false;
    }

    /** The deliveries an event causes; the caller runs them on the delivery executor, in order. */
    synchronized List<Runnable> fire(WatcherEvent event, WatchEvent clientEvent) {
        List<Runnable> out = new ArrayList<>();
        String path = event.path();
        EventType type = event.type();
        if (type == EventType.NODE_CREATED || type == EventType.NODE_DATA_CHANGED || type == EventType.NODE_DELETED) {
            takeAll(data, path, clientEvent, out);
            takeAll(exist, path, clientEvent, out);
        }
        if (type == EventType.NODE_CHILDREN_CHANGED || type == EventType.NODE_DELETED) {
            takeAll(child, path, clientEvent, out);
        }
        for (Broadcast<WatchEvent> p : persistent.getOrDefault(path, List.of())) {
            out.add(() -> p.publish(clientEvent));
        }
        if (type != EventType.NODE_CHILDREN_CHANGED) {
            for (String at = path; at != null; at = parentOrNull(at)) {
                for (Broadcast<WatchEvent> r : recursive.getOrDefault(at, List.of())) {
                    out.add(() -> r.publish(clientEvent));
                }
            }
        }
        return out;
    }

    /** Every watch still registered, for setWatches2 after a reconnect; null when there is none. */
    synchronized Request.SetWatches2 setWatches(long relativeZxid) {
        if (data.isEmpty() && exist.isEmpty() && child.isEmpty() && persistent.isEmpty() && recursive.isEmpty()) {
            return null;
        }
        return new Request.SetWatches2(relativeZxid, List.copyOf(data.keySet()), List.copyOf(exist.keySet()),
                List.copyOf(child.keySet()), List.copyOf(persistent.keySet()), List.copyOf(recursive.keySet()));
    }

    /** Ends every watch: the session is over. */
    void endAll(Throwable cause, boolean completeStreams) {
        List<CompletableFuture<WatchEvent>> futures = new ArrayList<>();
        List<Broadcast<WatchEvent>> streams = new ArrayList<>();
        synchronized (this) {
            for (Map<String, List<CompletableFuture<WatchEvent>>> m : List.of(data, exist, child)) {
                m.values().forEach(futures::addAll);
                m.clear();
            }
            persistent.values().forEach(streams::addAll);
            recursive.values().forEach(streams::addAll);
            persistent.clear();
            recursive.clear();
        }
        futures.forEach(f -> f.completeExceptionally(cause));
        streams.forEach(s -> {
            if (completeStreams) {
                s.complete();
            } else {
                s.fail(cause);
            }
        });
    }

    private static void takeAll(Map<String, List<CompletableFuture<WatchEvent>>> m, String path, WatchEvent e,
                                List<Runnable> out) {
        List<CompletableFuture<WatchEvent>> fs = m.remove(path);
        if (fs != null) {
            fs.forEach(f -> out.add(() -> f.complete(e)));
        }
    }

    private static String parentOrNull(String path) {
        if (path.length() <= 1) {
            return null;
        }
        int slash = path.lastIndexOf('/');
        return slash == 0 ? "/" : path.substring(0, slash);
    }
}
