package io.warden.compat;

import static io.warden.compat.harness.Znodes.create;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.compat.harness.Compat;
import io.warden.compat.harness.CompatTest;
import io.warden.compat.harness.FourLetterWords;
import io.warden.compat.harness.RawConnection;
import io.warden.compat.harness.ServerSettings;
import io.warden.compat.harness.ServerUnderTest;
import io.warden.compat.harness.Target;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.proto.ConnectResponse;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Misbehaving connections must not hurt well-behaved ones. */
class SocketAbuseTest {
  @RegisterExtension
  static final Compat compat = new Compat(ServerSettings.defaults());

  @CompatTest
  void connectionsThatSendNothingOrHalfAFrameDoNotBlockOthers(Target target) throws Exception {
    ServerUnderTest server = compat.server(target);
    try (RawConnection silent = RawConnection.open(server.port());
         RawConnection halfFrame = RawConnection.open(server.port())) {
      halfFrame.writeRaw(new byte[] {0, 0, 0, 44, 0, 0}); // a length and two bytes of 44

      ZooKeeper zk = compat.connect(server);
      String path = compat.uniquePath();
      create(zk, path, "fine");
      assertNotNull(compat.connect(server).exists(path, false));
      assertEquals("imok", FourLetterWords.send(server.port(), "ruok"));
      assertTrue(silent.handshake(Compat.SESSION_TIMEOUT_MS).getSessionId() != 0,
          "the silent connection was kept and can still start a session");
    }
  }

  @CompatTest
  void frameLongerThanJuteMaxBufferClosesThatConnectionOnly(Target target) throws Exception {
    ServerUnderTest server = compat.server(target);
    ZooKeeper bystander = compat.connect(server);
    try (RawConnection abuser = RawConnection.open(server.port())) {
      ConnectResponse session = abuser.handshake(Compat.SESSION_TIMEOUT_MS);
      assertTrue(session.getSessionId() != 0);

      abuser.writeRaw(frameHeader(compat.settings().juteMaxBufferBytes() + 1));

      assertTrue(abuser.awaitClosedByServer(), "oversized frame closes the connection");
    }
    String path = compat.uniquePath();
    create(bystander, path, null);
    assertNotNull(bystander.exists(path, false), "other sessions keep working");
  }

  @CompatTest
  void oversizedFirstFrameIsRefusedBeforeAnySessionExists(Target target) throws Exception {
    ServerUnderTest server = compat.server(target);
    try (RawConnection abuser = RawConnection.open(server.port())) {
      abuser.writeRaw(frameHeader(Integer.MAX_VALUE));
      assertTrue(abuser.awaitClosedByServer());
    }
    try (RawConnection negative = RawConnection.open(server.port())) {
      negative.writeRaw(frameHeader(-1));
      assertTrue(negative.awaitClosedByServer(), "a negative length closes too");
    }
    assertEquals("imok", FourLetterWords.send(server.port(), "ruok"));
  }

  @CompatTest
  void connectionsBeyondMaxClientCnxnsFromOneAddressAreClosed(Target target) throws Exception {
    int max = 3;
    ServerUnderTest server = compat.freshServer(target, compat.settings().withMaxClientCnxns(max));
    List<RawConnection> allowed = new ArrayList<>();
    try {
      for (int i = 0; i < max; i++) {
        RawConnection connection = compat.register(RawConnection.open(server.port()));
        connection.handshake(Compat.SESSION_TIMEOUT_MS);
        allowed.add(connection);
      }
      try (RawConnection extra = RawConnection.open(server.port())) {
        assertTrue(extra.awaitClosedByServer(), "connection " + (max + 1) + " is closed");
      }

      allowed.remove(0).close();

      // The server notices the close asynchronously: retry until a slot is free again.
      await().atMost(Duration.ofSeconds(Compat.TIMEOUT_SECONDS)).ignoreExceptionsInstanceOf(IOException.class)
          .until(() -> {
            try (RawConnection again = RawConnection.open(server.port())) {
              return again.handshake(Compat.SESSION_TIMEOUT_MS).getSessionId() != 0;
            }
          });
    } finally {
      for (RawConnection connection : allowed) {
        connection.close();
      }
    }
  }

  private static byte[] frameHeader(int length) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new DataOutputStream(bytes).writeInt(length);
    bytes.write(new byte[64]); // some payload, far short of the advertised length
    return bytes.toByteArray();
  }
}
