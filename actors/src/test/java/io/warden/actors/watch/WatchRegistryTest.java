package io.warden.actors.watch;

import static io.warden.api.data.EventType.NODE_CHILDREN_CHANGED;
import static io.warden.api.data.EventType.NODE_CREATED;
import static io.warden.api.data.EventType.NODE_DATA_CHANGED;
import static io.warden.api.data.EventType.NODE_DELETED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.api.data.EventType;
import io.warden.api.data.WatcherType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WatchRegistryTest {
    private final WatchRegistry<String> registry = new WatchRegistry<>();
    private final Map<String, NodeVersions> tree = new HashMap<>();

    private Optional<EventType> watch(String conn, String path, WatchKind kind, long viewZxid) {
        return registry.register(conn, path, kind, viewZxid, tree::get);
    }

    private static Delivery<String> d(String conn, String path, EventType type) {
        return new Delivery<>(conn, path, type);
    }

    @Test
    void dataWatchFiresOnceOnDataChange() {
        tree.put("/a", new NodeVersions(5, 5, 5));
        assertEquals(Optional.empty(), watch("c1", "/a", WatchKind.DATA, 5));
        assertEquals(List.of(d("c1", "/a", NODE_DATA_CHANGED)), registry.trigger("/a", NODE_DATA_CHANGED));
        assertEquals(List.of(), registry.trigger("/a", NODE_DATA_CHANGED));
        assertEquals(0, registry.watchCount());
    }

    @Test
    void existWatchOnMissingNodeFiresOnCreate() {
        assertEquals(Optional.empty(), watch("c1", "/a", WatchKind.EXIST, 3));
        assertEquals(List.of(d("c1", "/a", NODE_CREATED)), registry.trigger("/a", NODE_CREATED));
    }

    @Test
    void childWatchFiresOnChildChangeAndNotOnDataChange() {
        tree.put("/p", new NodeVersions(1, 1, 1));
        watch("c1", "/p", WatchKind.CHILD, 1);
        assertEquals(List.of(), registry.trigger("/p", NODE_DATA_CHANGED));
        assertEquals(List.of(d("c1", "/p", NODE_CHILDREN_CHANGED)), registry.trigger("/p", NODE_CHILDREN_CHANGED));
    }

    @Test
    void deleteFiresDataAndChildWatchesOncePerConnection() {
        tree.put("/a", new NodeVersions(1, 1, 1));
        watch("c1", "/a", WatchKind.DATA, 1);
        watch("c1", "/a", WatchKind.CHILD, 1);
        watch("c2", "/a", WatchKind.CHILD, 1);
        assertEquals(List.of(d("c1", "/a", NODE_DELETED), d("c2", "/a", NODE_DELETED)), registry.trigger("/a", NODE_DELETED));
        assertEquals(0, registry.watchCount());
        assertEquals(0, registry.pathCount());
        assertEquals(0, registry.connectionCount());
    }

    @Test
    void changeCommittedAfterTheReadFiresAtRegistration() {
        tree.put("/a", new NodeVersions(1, 9, 1));
        assertEquals(Optional.of(NODE_DATA_CHANGED), watch("c1", "/a", WatchKind.DATA, 4));
        assertEquals(0, registry.watchCount(), "a watch that fired at registration is not kept");
        tree.put("/a", new NodeVersions(7, 7, 7));
        assertEquals(Optional.of(NODE_DELETED), watch("c1", "/a", WatchKind.DATA, 4), "recreated since the view");
        tree.remove("/a");
        assertEquals(Optional.of(NODE_DELETED), watch("c1", "/a", WatchKind.CHILD, 4));
        tree.put("/b", new NodeVersions(1, 1, 8));
        assertEquals(Optional.of(NODE_CHILDREN_CHANGED), watch("c1", "/b", WatchKind.CHILD, 4));
        assertEquals(Optional.of(NODE_CREATED), watch("c1", "/b", WatchKind.EXIST, 4));
    }

    @Test
    void persistentWatchSeesEveryEventOnItsPathAndStays() {
        registry.addPersistent("c1", "/a", false);
        for (EventType type : List.of(NODE_CREATED, NODE_DATA_CHANGED, NODE_CHILDREN_CHANGED, NODE_DELETED)) {
            assertEquals(List.of(d("c1", "/a", type)), registry.trigger("/a", type));
        }
        assertEquals(List.of(), registry.trigger("/a/b", NODE_CREATED));
        assertEquals(1, registry.watchCount());
    }

    @Test
    void recursiveWatchSeesDescendantsButNotChildListChanges() {
        registry.addPersistent("c1", "/a", true);
        assertEquals(List.of(d("c1", "/a/b/c", NODE_CREATED)), registry.trigger("/a/b/c", NODE_CREATED));
        assertEquals(List.of(d("c1", "/a", NODE_DATA_CHANGED)), registry.trigger("/a", NODE_DATA_CHANGED));
        assertEquals(List.of(), registry.trigger("/a", NODE_CHILDREN_CHANGED));
        assertEquals(List.of(), registry.trigger("/ab", NODE_CREATED), "a sibling with a common prefix is not below /a");
        registry.addPersistent("c2", "/", true);
        assertEquals(List.of(d("c1", "/a/x", NODE_DELETED), d("c2", "/a/x", NODE_DELETED)), registry.trigger("/a/x", NODE_DELETED));
    }

    @Test
    void oneConnectionGetsOneEventEvenWithOverlappingWatches() {
        tree.put("/a/b", new NodeVersions(1, 1, 1));
        registry.addPersistent("c1", "/a", true);
        registry.addPersistent("c1", "/a/b", false);
        watch("c1", "/a/b", WatchKind.DATA, 1);
        assertEquals(List.of(d("c1", "/a/b", NODE_DATA_CHANGED)), registry.trigger("/a/b", NODE_DATA_CHANGED));
        assertEquals(2, registry.watchCount(), "the one-shot watch fired; the persistent ones stay");
    }

    @Test
    void bothPersistentModesCoexistAndAreRemovedEachOnItsOwn() {
        registry.addPersistent("c1", "/a", true);
        registry.addPersistent("c1", "/a", false);
        registry.addPersistent("c1", "/a", false);
        assertEquals(2, registry.watchCount(), "one per mode; adding a held mode again changes nothing");
        assertTrue(registry.holds("c1", "/a", WatcherType.PERSISTENT));
        assertTrue(registry.holds("c1", "/a", WatcherType.PERSISTENT_RECURSIVE));
        assertEquals(List.of(d("c1", "/a", NODE_DATA_CHANGED)), registry.trigger("/a", NODE_DATA_CHANGED),
                "one event for the connection, not one per mode");

        assertTrue(registry.remove("c1", "/a", WatcherType.PERSISTENT));
        assertFalse(registry.holds("c1", "/a", WatcherType.PERSISTENT));
        assertTrue(registry.holds("c1", "/a", WatcherType.PERSISTENT_RECURSIVE));
        assertEquals(List.of(d("c1", "/a/b", NODE_CREATED)), registry.trigger("/a/b", NODE_CREATED));
        assertEquals(List.of(), registry.trigger("/a", NODE_CHILDREN_CHANGED), "the non-recursive mode is gone");

        registry.addPersistent("c1", "/a", false);
        assertTrue(registry.remove("c1", "/a", WatcherType.PERSISTENT_RECURSIVE));
        assertEquals(List.of(), registry.trigger("/a/b", NODE_CREATED), "the recursive mode is gone");
        assertTrue(registry.holds("c1", "/a", WatcherType.PERSISTENT));
        assertTrue(registry.remove("c1", "/a", WatcherType.ANY));
        assertEquals(0, registry.watchCount());
    }

    @Test
    void removeWatchesByTypeAndNoWatcher() {
        tree.put("/a", new NodeVersions(1, 1, 1));
        watch("c1", "/a", WatchKind.DATA, 1);
        watch("c1", "/a", WatchKind.CHILD, 1);
        assertFalse(registry.remove("c2", "/a", WatcherType.DATA), "another connection's watch is not ours");
        assertFalse(registry.remove("c1", "/a", WatcherType.PERSISTENT));
        assertTrue(registry.remove("c1", "/a", WatcherType.DATA));
        assertFalse(registry.holds("c1", "/a", WatcherType.DATA));
        assertTrue(registry.holds("c1", "/a", WatcherType.CHILDREN));
        assertTrue(registry.remove("c1", "/a", WatcherType.ANY));
        assertFalse(registry.remove("c1", "/a", WatcherType.ANY));
        assertEquals(0, registry.watchCount());
    }

    @Test
    void closedConnectionLosesAllItsWatches() {
        tree.put("/a", new NodeVersions(1, 1, 1));
        watch("c1", "/a", WatchKind.DATA, 1);
        registry.addPersistent("c1", "/b", true);
        watch("c2", "/a", WatchKind.DATA, 1);
        registry.removeConnection("c1");
        assertEquals(1, registry.watchCount());
        assertEquals(List.of(), registry.trigger("/b/x", NODE_CREATED), "recursive count dropped with the connection");
        assertEquals(List.of(d("c2", "/a", NODE_DATA_CHANGED)), registry.trigger("/a", NODE_DATA_CHANGED));
    }

    @Test
    void wchcAndWchpViews() {
        tree.put("/a", new NodeVersions(1, 1, 1));
        watch("c1", "/a", WatchKind.DATA, 1);
        watch("c2", "/a", WatchKind.CHILD, 1);
        assertEquals(Map.of("/a", List.of("c1", "c2")), registry.connectionsByPath());
        assertEquals(Map.of("c1", List.of("/a"), "c2", List.of("/a")), registry.pathsByConnection());
    }
}
