package io.warden.actors.watch;

import io.warden.api.data.EventType;
import io.warden.api.data.Paths;
import io.warden.api.data.WatcherType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The watch table of one server: for every watched path, which connections hold which
 * {@link WatchKind}s. Connections are opaque handles of type {@code C}.
 *
 * <p>Not thread-safe by design: one actor owns it and processes registrations in the same
 * order as the txns whose triggers it fires.
 */
public final class WatchRegistry<C> {
    private static final int ONE_SHOT_DATA = WatchKind.DATA.bit | WatchKind.EXIST.bit;

    /** path -> connection -> mask of WatchKind bits. */
    private final Map<String, Map<C, Integer>> byPath = new HashMap<>();
    /** connection -> paths it watches, so a closed connection is removed without a scan. */
    private final Map<C, Set<String>> byConnection = new HashMap<>();
    /** Number of live PERSISTENT_RECURSIVE registrations; when zero, no ancestor walk. */
    private int recursiveCount;
    private long watchCount;

    /**
     * Registers a one-shot watch set by a read that saw the tree at {@code viewZxid}. If the node
     * changed after that view (as {@code current} shows it now), nothing is registered and the
     * event the watch would have fired is returned instead, to be sent at once. DATA and CHILD
     * mean the read found the node; EXIST means it did not.
     */
    public Optional<EventType> register(C connection, String path, WatchKind kind, long viewZxid,
                                        NodeVersions.Lookup current) {
        Optional<EventType> missed = missedEvent(path, kind, viewZxid, current.find(path));
        if (missed.isEmpty()) {
            add(connection, path, kind);
        }
        return missed;
    }

    private static Optional<EventType> missedEvent(String path, WatchKind kind, long viewZxid, NodeVersions now) {
        return switch (kind) {
            case EXIST -> now == null ? Optional.empty() : Optional.of(EventType.NODE_CREATED);
            case DATA -> {
                if (now == null || now.czxid() > viewZxid) {
                    yield Optional.of(EventType.NODE_DELETED);
                }
                yield now.mzxid() > viewZxid ? Optional.of(EventType.NODE_DATA_CHANGED) : Optional.empty();
            }
            case CHILD -> {
                if (now == null || now.czxid() > viewZxid) {
                    yield Optional.of(EventType.NODE_DELETED);
                }
                yield now.pzxid() > viewZxid ? Optional.of(EventType.NODE_CHILDREN_CHANGED) : Optional.empty();
            }
            case PERSISTENT, PERSISTENT_RECURSIVE -> throw new IllegalArgumentException(
                    "persistent watches are added with addPersistent, not registered against a view: " + path);
        };
    }

    /**
     * addWatch: a persistent (optionally recursive) watch. The two persistent modes are
     * independent registrations, as in ZooKeeper 3.9 (ZOOKEEPER-4466): one session may hold
     * both on one path, and each is checked and removed on its own. Adding a mode held already
     * changes nothing.
     */
    public void addPersistent(C connection, String path, boolean recursive) {
        add(connection, path, recursive ? WatchKind.PERSISTENT_RECURSIVE : WatchKind.PERSISTENT);
    }

    private void add(C connection, String path, WatchKind kind) {
        Map<C, Integer> watchers = byPath.computeIfAbsent(path, p -> new LinkedHashMap<>(2));
        int before = watchers.getOrDefault(connection, 0);
        if ((before & kind.bit) != 0) {
            return;
        }
        watchers.put(connection, before | kind.bit);
        byConnection.computeIfAbsent(connection, c -> new HashSet<>()).add(path);
        watchCount++;
        if (kind == WatchKind.PERSISTENT_RECURSIVE) {
            recursiveCount++;
        }
    }

    /**
     * The deliveries a change fires, with ZooKeeper's semantics; one-shot watches that fire are
     * removed. Each connection appears at most once.
     */
    public List<Delivery<C>> trigger(String path, EventType type) {
        int pathMask = switch (type) {
            case NODE_CREATED, NODE_DATA_CHANGED -> ONE_SHOT_DATA | WatchKind.PERSISTENT.bit | WatchKind.PERSISTENT_RECURSIVE.bit;
            case NODE_DELETED -> ONE_SHOT_DATA | WatchKind.CHILD.bit | WatchKind.PERSISTENT.bit | WatchKind.PERSISTENT_RECURSIVE.bit;
            case NODE_CHILDREN_CHANGED -> WatchKind.CHILD.bit | WatchKind.PERSISTENT.bit;
            case NONE, DATA_WATCH_REMOVED, CHILD_WATCH_REMOVED, PERSISTENT_WATCH_REMOVED ->
                    throw new IllegalArgumentException("not a trigger event: " + type);
        };
        Map<C, Delivery<C>> out = new LinkedHashMap<>();
        fire(path, path, pathMask, type, out);
        if (recursiveCount > 0 && type != EventType.NODE_CHILDREN_CHANGED && path.length() > 1) {
            String ancestor = path;
            do {
                ancestor = Paths.parent(ancestor);
                fire(ancestor, path, WatchKind.PERSISTENT_RECURSIVE.bit, type, out);
            } while (ancestor.length() > 1);
        }
        return out.isEmpty() ? List.of() : new ArrayList<>(out.values());
    }

    private void fire(String watchedPath, String eventPath, int wanted, EventType type, Map<C, Delivery<C>> out) {
        Map<C, Integer> watchers = byPath.get(watchedPath);
        if (watchers == null) {
            return;
        }
        List<C> oneShotFired = null;
        for (Map.Entry<C, Integer> entry : watchers.entrySet()) {
            int hit = entry.getValue() & wanted;
            if (hit == 0) {
                continue;
            }
            out.putIfAbsent(entry.getKey(), new Delivery<>(entry.getKey(), eventPath, type));
            if ((hit & (ONE_SHOT_DATA | WatchKind.CHILD.bit)) != 0) {
                if (oneShotFired == null) {
                    oneShotFired = new ArrayList<>();
                }
                oneShotFired.add(entry.getKey());
            }
        }
        if (oneShotFired != null) {
            for (C connection : oneShotFired) {
                removeBits(connection, watchedPath, wanted & (ONE_SHOT_DATA | WatchKind.CHILD.bit));
            }
        }
    }

    /**
     * removeWatches: removes the connection's watches of {@code type} on {@code path}.
     *
     * @return false when it held none of that type (ZooKeeper's NoWatcher)
     */
    public boolean remove(C connection, String path, WatcherType type) {
        int held = heldBits(connection, path, type);
        if (held == 0) {
            return false;
        }
        removeBits(connection, path, held);
        return true;
    }

    /** checkWatches: whether the connection holds a watch of {@code type} on {@code path}. */
    public boolean holds(C connection, String path, WatcherType type) {
        return heldBits(connection, path, type) != 0;
    }

    private int heldBits(C connection, String path, WatcherType type) {
        Map<C, Integer> watchers = byPath.get(path);
        int mask = watchers == null ? 0 : watchers.getOrDefault(connection, 0);
        return mask & switch (type) {
            case DATA -> ONE_SHOT_DATA;
            case CHILDREN -> WatchKind.CHILD.bit;
            case PERSISTENT -> WatchKind.PERSISTENT.bit;
            case PERSISTENT_RECURSIVE -> WatchKind.PERSISTENT_RECURSIVE.bit;
            case ANY -> ~0;
        };
    }

    private void removeBits(C connection, String path, int bits) {
        Map<C, Integer> watchers = byPath.get(path);
        Integer mask = watchers == null ? null : watchers.get(connection);
        if (mask == null) {
            return;
        }
        int removed = mask & bits;
        watchCount -= Integer.bitCount(removed);
        if ((removed & WatchKind.PERSISTENT_RECURSIVE.bit) != 0) {
            recursiveCount--;
        }
        int left = mask & ~bits;
        if (left != 0) {
            watchers.put(connection, left);
            return;
        }
        watchers.remove(connection);
        if (watchers.isEmpty()) {
            byPath.remove(path);
        }
        Set<String> paths = byConnection.get(connection);
        if (paths != null) {
            paths.remove(path);
            if (paths.isEmpty()) {
                byConnection.remove(connection);
            }
        }
    }

    /** Drops every watch of a closed connection. */
    public void removeConnection(C connection) {
        Set<String> paths = byConnection.get(connection);
        if (paths == null) {
            return;
        }
        for (String path : List.copyOf(paths)) {
            removeBits(connection, path, ~0);
        }
    }

    /** Number of watches (one per kind per path per connection), as mntr's zk_watch_count. */
    public long watchCount() {
        return watchCount;
    }

    /** Number of distinct watched paths. */
    public int pathCount() {
        return byPath.size();
    }

    /** Number of connections holding at least one watch. */
    public int connectionCount() {
        return byConnection.size();
    }

    /** wchc: the paths each connection watches (a copy). */
    public Map<C, List<String>> pathsByConnection() {
        Map<C, List<String>> out = new LinkedHashMap<>();
        byConnection.forEach((c, paths) -> out.put(c, List.copyOf(paths)));
        return out;
    }

    /** wchp: the connections watching each path (a copy). */
    public Map<String, List<C>> connectionsByPath() {
        Map<String, List<C>> out = new LinkedHashMap<>();
        byPath.forEach((p, watchers) -> out.put(p, List.copyOf(watchers.keySet())));
        return out;
    }
}
