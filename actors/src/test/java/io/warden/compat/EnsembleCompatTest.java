package io.warden.compat;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.compat.harness.Compat;
import io.warden.compat.harness.EnsembleTarget;
import io.warden.compat.harness.EnsembleTest;
import io.warden.compat.harness.EventRecorder;
import io.warden.compat.harness.FourLetterWords;
import io.warden.compat.harness.ServerSettings;
import io.warden.compat.harness.Target;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher.Event.EventType;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What only an ensemble can show (issue 9): a watch set through any member fires on a write made
 * through another; a session whose member stops moves to a survivor with its ephemerals; Curator's
 * LeaderLatch fails over when the holder's session closes while its clients sit on different
 * members. Runs only with an ensemble target selected
 * ({@code -Dwarden.compat.targets=zookeeper,warden_ensemble}).
 */
@EnabledIf("io.warden.compat.harness.Targets#anyEnsembleSelected")
class EnsembleCompatTest {
  @RegisterExtension
  static final Compat compat = new Compat(ServerSettings.defaults());

  private static final Duration WAIT = Duration.ofSeconds(Compat.TIMEOUT_SECONDS);

  @EnsembleTest
  void aWatchSetThroughAnyMemberFiresOnAWriteThroughAnother(Target target) throws Exception {
    EnsembleTarget ensemble = (EnsembleTarget) compat.server(target);
    String path = compat.uniquePath();
    List<ZooKeeper> members = new ArrayList<>();
    List<EventRecorder> events = new ArrayList<>();
    for (int sid = 1; sid <= EnsembleTarget.SIZE; sid++) {
      EventRecorder recorder = new EventRecorder();
      events.add(recorder);
      members.add(compat.connect(memberOnly(ensemble, sid), Compat.SESSION_TIMEOUT_MS, recorder));
    }
    members.get(0).create(path, bytes("0"), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
    members.forEach(zk -> sync(zk, path));

    for (int writer = 0; writer < members.size(); writer++) {
      String value = "by-" + (writer + 1);
      String child = path + "/c" + writer;
      for (int reader = 0; reader < members.size(); reader++) {
        members.get(reader).getData(path, true, null);
        members.get(reader).getChildren(path, true);
      }
      members.get(writer).setData(path, bytes(value), -1);
      members.get(writer).create(child, bytes(value), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
      for (int reader = 0; reader < members.size(); reader++) {
        String who = "write through member " + (writer + 1) + ", watch on member " + (reader + 1);
        WatchedEvent changed = events.get(reader).nextNodeEvent();
        assertEquals(EventType.NodeDataChanged, changed.getType(), who);
        assertEquals(path, changed.getPath(), who);
        // the event comes before the data it announces can be read, so the read now sees it
        assertArrayEquals(bytes(value), members.get(reader).getData(path, false, null), who);
        WatchedEvent children = events.get(reader).nextNodeEvent();
        assertEquals(EventType.NodeChildrenChanged, children.getType(), who);
        assertEquals(path, children.getPath(), who);
        assertTrue(members.get(reader).getChildren(path, false).contains("c" + writer), who);
        assertEquals(List.of(), events.get(reader).settledNodeEvents(members.get(reader)),
            who + ": each watch fires once");
      }
    }
  }

  @EnsembleTest
  void aSessionMovesToAnotherMemberWithItsEphemeralsWhenItsMemberStops(Target target) throws Exception {
    EnsembleTarget ensemble = (EnsembleTarget) compat.freshServer(target);
    String path = compat.uniquePath();
    EventRecorder states = new EventRecorder();
    // the connect string names every member, the follower port() names first, so the session
    // starts there and fails over to whichever member answers next
    ZooKeeper mover = compat.connect(ensemble.connectString(), Compat.SESSION_TIMEOUT_MS, states);
    mover.create(path, bytes("m"), Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
    long sessionId = mover.getSessionId();
    int home = memberHolding(ensemble, sessionId);
    String role = ensemble.mode(home);
    System.out.println("session 0x" + Long.toHexString(sessionId) + " is on member " + home + " (" + role + ")");

    ensemble.stopMember(home);
    states.awaitState(KeeperState.Disconnected);
    // If it was the leader the survivors elect another, dropping clients that reconnected to them
    // meanwhile (ZooKeeper's followers do too): judge the session once they serve again.
    ensemble.awaitReady();

    assertEquals(sessionId, mover.getSessionId(), "the same session, not a new one");
    int now = memberHolding(ensemble, sessionId);
    assertNotEquals(home, now, "moved off the stopped member");
    Stat stat = mover.exists(path, false);
    assertNotNull(stat, "its ephemeral kept across the move (member " + home + ", " + role + ", stopped)");
    assertEquals(sessionId, stat.getEphemeralOwner());
    mover.setData(path, bytes("moved"), -1);
    ZooKeeper observer = compat.connect(memberOnly(ensemble, otherRunning(ensemble, now)),
        Compat.SESSION_TIMEOUT_MS, event -> {});
    sync(observer, path);
    assertArrayEquals(bytes("moved"), observer.getData(path, false, null), "written after the move, seen elsewhere");

    mover.close();
    sync(observer, path);
    assertNull(observer.exists(path, false), "the ephemeral goes when its moved session closes");
  }

  @EnsembleTest
  void leaderLatchFailsOverWhenTheHoldersSessionCloses(Target target) throws Exception {
    EnsembleTarget ensemble = (EnsembleTarget) compat.server(target);
    String latchPath = compat.uniquePath();
    List<LeaderLatch> latches = new ArrayList<>();
    for (int sid = 1; sid <= EnsembleTarget.SIZE; sid++) {
      LeaderLatch latch = new LeaderLatch(compat.curator(memberOnly(ensemble, sid)), latchPath, "member-" + sid);
      compat.register(() -> {
        if (latch.getState() == LeaderLatch.State.STARTED) {
          latch.close();
        }
      });
      latch.start();
      latches.add(latch);
    }

    LeaderLatch first = awaitSingleLeader(latches);
    first.close(); // deletes its node: the next in line, on another member, is told by its watch
    latches.remove(first);
    LeaderLatch second = awaitSingleLeader(latches);

    assertFalse(first.hasLeadership());
    for (LeaderLatch latch : latches) {
      assertEquals(second.getId(), latch.getLeader().getId(), "every member's client agrees on the leader");
      assertEquals(2, latch.getParticipants().size());
    }
  }

  private static LeaderLatch awaitSingleLeader(List<LeaderLatch> latches) {
    await().atMost(WAIT).until(() -> latches.stream().filter(LeaderLatch::hasLeadership).count() == 1);
    return latches.stream().filter(LeaderLatch::hasLeadership).findFirst().orElseThrow();
  }

  /** The member whose cons lists the session (polled: the client may be between members). */
  private static int memberHolding(EnsembleTarget ensemble, long sessionId) {
    String sid = "sid=0x" + Long.toHexString(sessionId) + ",";
    AtomicReference<Optional<Integer>> found = new AtomicReference<>(Optional.empty());
    await("a member serving session " + sid).atMost(WAIT).until(() -> {
      found.set(IntStream.rangeClosed(1, EnsembleTarget.SIZE).boxed()
          .filter(ensemble::isMemberRunning)
          .filter(m -> {
            try {
              return FourLetterWords.send(ensemble.memberPort(m), "cons").contains(sid);
            } catch (java.io.IOException e) {
              return false;
            }
          }).findFirst());
      return found.get().isPresent();
    });
    return found.get().orElseThrow();
  }

  private static int otherRunning(EnsembleTarget ensemble, int not) {
    return IntStream.rangeClosed(1, EnsembleTarget.SIZE)
        .filter(m -> m != not && ensemble.isMemberRunning(m)).findFirst().orElseThrow();
  }

  private static String memberOnly(EnsembleTarget ensemble, int sid) {
    return "127.0.0.1:" + ensemble.memberPort(sid);
  }

  /** ZooKeeper's sync, waited for: afterwards a read on this client sees every earlier commit. */
  private static void sync(ZooKeeper zk, String path) {
    java.util.concurrent.CompletableFuture<Integer> done = new java.util.concurrent.CompletableFuture<>();
    zk.sync(path, (rc, p, ctx) -> done.complete(rc), null);
    try {
      assertEquals(0, done.get(Compat.TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS), "sync " + path);
    } catch (Exception e) {
      throw new AssertionError("sync " + path + " did not complete", e);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
