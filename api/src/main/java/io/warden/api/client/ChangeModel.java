package io.warden.api.client;

import io.warden.api.data.EventType;
import io.warden.api.data.Paths;
import io.warden.api.data.Stat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The pure core of a change stream (no threads, no I/O): the versions of every node under the
 * stream's path, kept up to date by the live events of a persistent recursive watch, and the
 * catch-up that finds what the watch missed while the client was disconnected.
 *
 * <p>Why a model: ZooKeeper re-registers a persistent watch after a reconnect without replaying
 * what happened meanwhile, so the stream reads the subtree again (getChildren2: children and
 * Stat in one answer) and compares. The shell feeds replies and events in wire order, and on one
 * connection a server sends every event of a txn before any reply that reflects it; so when a
 * read of {@code p} is processed, the model holds the baseline plus every live change up to that
 * read, and what the read shows beyond that is exactly what the gap hid. Counting proves it:
 * {@code version} counts data changes, {@code cversion} counts child creates and deletes,
 * {@code mzxid}/{@code czxid}/{@code pzxid} date the last of each. A difference of one change
 * whose zxid the Stat gives is reconstructed exactly; anything more (collapsed data changes, a
 * deleted node among other child changes, a node born and gone inside the gap) is reported in a
 * {@link Change.Resync} rather than guessed. A node deleted in the gap is always named in the
 * Resync (even when its delete is dated exactly): what the gap did to it first is gone.
 *
 * <p>{@code ChangeModelSimulationTest} checks these rules against a simulated server: nothing
 * invented, nothing twice, nothing lost without a Resync naming it or an ancestor.
 *
 * <p>Events that arrive during a catch-up are held (at most {@code holdLimit}) and released
 * after the reconstructed ones, so the stream stays in zxid order.
 */
final class ChangeModel {
    /**
     * A node's versions; a placeholder ({@link #LISTED}) is a child its parent's read listed but
     * that has not been read itself, so that the parent's set of children is always complete.
     */
    private record Entry(long czxid, int version, int cversion) {
        boolean listed() { return czxid == Long.MIN_VALUE; }
        Entry dataChanged() { return new Entry(czxid, version + 1, cversion); }
        Entry childChanged() { return new Entry(czxid, version, cversion + 1); }
    }

    private static final Entry LISTED = new Entry(Long.MIN_VALUE, 0, 0);

    /** Zxid order; in one multi, creates before data changes before deletes, parents created first. */
    static final Comparator<Change.Event> ORDER = Comparator.comparingLong(Change.Event::zxid)
            .thenComparingInt(e -> rank(e.type()))
            .thenComparingInt(e -> e.type() == EventType.NODE_DELETED ? -depth(e.path()) : depth(e.path()));

    private final String root;
    private final int holdLimit;
    private final TreeMap<String, Entry> nodes = new TreeMap<>();
    private long covered; // every change up to this zxid has been emitted or reported
    private long dropAtOrBelow = Long.MIN_VALUE;
    private boolean catchingUp;
    private boolean gap;
    private long after;
    private int generation;
    private int outstanding;
    private long maxReadZxid;
    private final List<Change.Event> synthesized = new ArrayList<>();
    private final List<Change.Event> held = new ArrayList<>();
    private final TreeSet<String> uncertain = new TreeSet<>();
    private final Set<String> listedUnknown = new HashSet<>();
    private final Set<String> verified = new HashSet<>();
    private final Set<String> liveData = new HashSet<>();
    private final Set<String> liveChild = new HashSet<>();
    private final Map<String, Integer> unappliedData = new HashMap<>();
    private final Map<String, Integer> unappliedChild = new HashMap<>();

    ChangeModel(String root, int holdLimit) {
        this.root = root;
        this.holdLimit = holdLimit;
    }

    int generation() { return generation; }

    /**
     * A stream from now: reads the subtree only to learn its versions; nothing before the watch's
     * registration (see {@link #registeredAt}) is delivered, and there is no gap to reconstruct.
     */
    List<String> startFromNow() {
        return begin(false, Long.MIN_VALUE);
    }

    /** A stream resumed after {@code zxid}: what changed since is reconstructed or reported. */
    List<String> startAfter(long zxid) {
        covered = zxid;
        dropAtOrBelow = zxid;
        return begin(true, zxid);
    }

    /** The persistent watch's addWatch was answered at {@code zxid}; for a stream from now, its start. */
    void registeredAt(long zxid, boolean fromNow) {
        if (fromNow) {
            covered = zxid;
            dropAtOrBelow = zxid;
            held.removeIf(e -> e.zxid() <= zxid);
        }
    }

    /** A new connection: the watch is back, what happened in between must be read. */
    List<String> reconnected() {
        return begin(true, catchingUp && gap ? after : covered);
    }

    private List<String> begin(boolean withGap, long afterZxid) {
        generation++;
        gap |= withGap;
        after = afterZxid;
        catchingUp = true;
        outstanding = 1;
        listedUnknown.clear();
        verified.clear();
        return List.of(root);
    }

    /** A live event; returns what to emit now (nothing while catching up: it is held). */
    List<Change> onLive(WatchEvent e) {
        if (e.zxid() <= dropAtOrBelow || !isChange(e.type())) {
            return List.of();
        }
        apply(e);
        Change.Event c = new Change.Event(e.type(), e.path(), e.zxid());
        if (catchingUp) {
            if (held.size() >= holdLimit) {
                throw new SlowSubscriberException("a catch-up read fell " + holdLimit
                        + " live changes behind (streamBufferSize); stream ended, resume it from " + covered);
            }
            held.add(c);
            return List.of();
        }
        covered = Math.max(covered, e.zxid());
        return List.of(c);
    }

    private void apply(WatchEvent e) {
        String p = e.path();
        if (e.type() == EventType.NODE_CREATED) {
            nodes.put(p, new Entry(e.zxid(), 0, 0));
            childChanged(p);
        } else if (e.type() == EventType.NODE_DATA_CHANGED) {
            Entry m = nodes.get(p);
            if (m != null && !m.listed()) {
                nodes.put(p, m.dataChanged());
            } else {
                unappliedData.merge(p, 1, Integer::sum);
            }
            liveData.add(p);
        } else {
            if (catchingUp && gap && !verified.contains(p)) {
                // Gone before the catch-up read it: whatever the gap did to it (a data change, its
                // very creation) can no longer be read.
                uncertain.add(p);
            }
            removeSubtree(p);
            childChanged(p);
        }
    }

    private void childChanged(String p) {
        if (p.equals(root) || p.equals("/")) {
            return; // the parent is outside the stream
        }
        String parent = Paths.parent(p);
        Entry m = nodes.get(parent);
        if (m != null && !m.listed()) {
            nodes.put(parent, m.childChanged());
        } else {
            unappliedChild.merge(parent, 1, Integer::sum);
        }
        liveChild.add(parent);
    }

    /**
     * The catch-up read of {@code p} (null stat: no such node) answered at {@code readZxid};
     * returns the children to read next. Replies of an earlier generation (sent before a
     * reconnect that restarted the catch-up) are ignored: the new generation reads everything again.
     */
    List<String> onRead(int gen, String p, Stat s, List<String> children, long readZxid) {
        if (gen != generation || !catchingUp) {
            return List.of();
        }
        outstanding--;
        maxReadZxid = Math.max(maxReadZxid, readZxid);
        boolean newlyListed = listedUnknown.remove(p);
        verified.add(p);
        Entry m = nodes.get(p);
        if (s == null) {
            if (m != null && gap) {
                markSubtreeUncertain(p); // the stream's root deleted in the gap: its parent is not watched
            }
            removeSubtree(p);
            return List.of();
        }
        List<String> kids = new ArrayList<>(children.size());
        for (String name : children) {
            kids.add(Paths.child(p, name));
        }
        if (gap) {
            compare(p, m, s, kids, newlyListed);
        } else {
            directChildren(p).stream().filter(c -> !kids.contains(c)).forEach(this::removeSubtree);
        }
        nodes.put(p, new Entry(s.czxid(), s.version(), s.cversion()));
        for (String c : kids) {
            if (!nodes.containsKey(c)) {
                listedUnknown.add(c);
                nodes.put(c, LISTED);
            }
        }
        outstanding += kids.size();
        return kids;
    }

    private void compare(String p, Entry m, Stat s, List<String> kids, boolean newlyListed) {
        boolean listed = m != null && m.listed();
        if (m != null && !listed && m.czxid() == s.czxid()) {
            compareKnown(p, m, s, kids);
            return;
        }
        if (m != null && !listed) {
            // Deleted and created again in the gap. Descendants created live under the new
            // incarnation stay: their creates were delivered live.
            uncertain.add(p);
            nodes.remove(p);
            List<String> old = descendants(p).entrySet().stream()
                    .filter(d -> d.getValue().listed() || d.getValue().czxid() < s.czxid()).map(Map.Entry::getKey).toList();
            uncertain.addAll(old);
            old.forEach(nodes::remove);
        }
        if (listed && !newlyListed && s.czxid() > after) {
            // Listed by a read before the gap, created after `after` all the same: a new incarnation.
            uncertain.add(p);
        } else if (s.czxid() > after) {
            // Created in the gap: a live create would have put it in the model with this czxid.
            synthesized.add(new Change.Event(EventType.NODE_CREATED, p, s.czxid()));
            int gapChanges = s.version() - unappliedData.getOrDefault(p, 0);
            if (gapChanges == 1 && !liveData.contains(p)) {
                synthesized.add(new Change.Event(EventType.NODE_DATA_CHANGED, p, s.mzxid()));
            } else if (gapChanges != 0) {
                uncertain.add(p);
            }
            long liveKids = kids.stream().filter(c -> nodes.containsKey(c) && !nodes.get(c).listed()).count();
            int gapChildChanges = s.cversion() - unappliedChild.getOrDefault(p, 0);
            if (gapChildChanges != kids.size() - liveKids) {
                uncertain.add(p); // a child created and deleted in the gap
            }
        } else {
            // Existed before the gap but the model never saw it (a resumed stream): no baseline to
            // count from. version 1 means one data change ever; cversion equal to numChildren
            // means no child was ever deleted, so the children created since are all there is.
            boolean live = unappliedData.containsKey(p);
            if (s.mzxid() > after && s.version() == 1 && !live) {
                synthesized.add(new Change.Event(EventType.NODE_DATA_CHANGED, p, s.mzxid()));
            } else if (s.mzxid() > after) {
                uncertain.add(p);
            }
            if (s.pzxid() > after && s.cversion() != s.numChildren()) {
                uncertain.add(p);
            }
        }
    }

    private void compareKnown(String p, Entry m, Stat s, List<String> kids) {
        int dv = s.version() - m.version();
        if (dv == 1 && !liveData.contains(p)) {
            synthesized.add(new Change.Event(EventType.NODE_DATA_CHANGED, p, s.mzxid()));
        } else if (dv != 0) {
            uncertain.add(p); // several changes collapsed, or one before a live one: zxid unknown
        }
        List<String> known = directChildren(p);
        long created = kids.stream().filter(c -> !nodes.containsKey(c)).count();
        List<String> deleted = known.stream().filter(c -> !kids.contains(c)).toList();
        int dc = s.cversion() - m.cversion();
        if (dc != created + deleted.size()) {
            uncertain.add(p); // a child created and deleted in the gap
        }
        if (deleted.size() == 1 && created == 0 && dc == 1 && s.pzxid() > after && !liveChild.contains(p)
                && directChildren(deleted.get(0)).isEmpty()) {
            // The only child change in the gap: the parent's pzxid is its zxid.
            synthesized.add(new Change.Event(EventType.NODE_DELETED, deleted.get(0), s.pzxid()));
        }
        // Whatever the gap did to a deleted node before deleting it cannot be read any more.
        deleted.forEach(this::markSubtreeUncertain);
        deleted.forEach(this::removeSubtree);
    }

    boolean done() {
        return catchingUp && outstanding == 0;
    }

    /** Ends the catch-up: the reconstructed changes (after a Resync if needed), then the held ones. */
    List<Change> finish() {
        List<Change> out = new ArrayList<>(synthesized.size() + held.size() + 1);
        if (gap && !uncertain.isEmpty()) {
            out.add(new Change.Resync(after, List.copyOf(uncertain)));
        }
        // Merged by zxid: after a catch-up restarted by a second reconnect, events held from the
        // first connection come before what the second gap hid.
        synthesized.sort(ORDER);
        int i = 0;
        for (Change.Event h : held) {
            while (i < synthesized.size() && synthesized.get(i).zxid() < h.zxid()) {
                out.add(synthesized.get(i++));
            }
            out.add(h);
        }
        out.addAll(synthesized.subList(i, synthesized.size()));
        covered = Math.max(covered, maxReadZxid);
        for (Change c : out) {
            covered = Math.max(covered, c.zxid());
        }
        catchingUp = false;
        gap = false;
        synthesized.clear();
        held.clear();
        uncertain.clear();
        listedUnknown.clear();
        verified.clear();
        liveData.clear();
        liveChild.clear();
        unappliedData.clear();
        unappliedChild.clear();
        return out;
    }

    private List<String> directChildren(String p) {
        int from = p.equals("/") ? 1 : p.length() + 1;
        List<String> out = new ArrayList<>();
        for (String c : descendants(p).keySet()) {
            if (c.length() > from && c.indexOf('/', from) < 0) {
                out.add(c);
            }
        }
        return out;
    }

    private void removeSubtree(String p) {
        nodes.remove(p);
        descendants(p).clear();
    }

    private void markSubtreeUncertain(String p) {
        uncertain.add(p);
        uncertain.addAll(descendants(p).keySet());
    }

    private java.util.SortedMap<String, Entry> descendants(String p) {
        String prefix = p.equals("/") ? "/" : p + "/";
        return nodes.subMap(prefix, prefix + Character.MAX_VALUE);
    }

    private static boolean isChange(EventType t) {
        return t == EventType.NODE_CREATED || t == EventType.NODE_DATA_CHANGED || t == EventType.NODE_DELETED;
    }

    private static int rank(EventType t) {
        return t == EventType.NODE_CREATED ? 0 : t == EventType.NODE_DATA_CHANGED ? 1 : 2;
    }

    private static int depth(String p) {
        return (int) p.chars().filter(ch -> ch == '/').count();
    }
}
