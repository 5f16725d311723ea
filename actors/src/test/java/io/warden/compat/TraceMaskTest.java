package io.warden.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.warden.compat.harness.Compat;
import io.warden.compat.harness.CompatTest;
import io.warden.compat.harness.FourLetterWords;
import io.warden.compat.harness.ServerSettings;
import io.warden.compat.harness.ServerUnderTest;
import io.warden.compat.harness.Target;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * gtmk and stmk: the server's trace mask, read and set. ZooKeeper keeps the mask per JVM (a
 * static), so each test puts the default back before it ends.
 */
class TraceMaskTest {
  private static final long ZOOKEEPER_DEFAULT_MASK = 306;

  @RegisterExtension
  static final Compat compat = new Compat(ServerSettings.defaults().withFourLetterWords(Set.of("ruok", "gtmk", "stmk")));

  @CompatTest
  void gtmkAnswersTheDefaultMaskAsABareNumber(Target target) throws Exception {
    assertEquals("306", FourLetterWords.send(compat.server(target).port(), "gtmk"));
  }

  @CompatTest
  void stmkSetsTheMaskFromTheEightBytesAfterTheWordAndEchoesIt(Target target) throws Exception {
    ServerUnderTest server = compat.freshServer(target);
    try {
      assertEquals("1234567890123", FourLetterWords.send(server.port(), stmk(1234567890123L)));
      assertEquals("1234567890123", FourLetterWords.send(server.port(), "gtmk"));
      assertEquals("-2", FourLetterWords.send(server.port(), stmk(-2)), "the mask is a signed long");
      assertEquals("-2", FourLetterWords.send(server.port(), "gtmk"));
    } finally {
      assertEquals("306", FourLetterWords.send(server.port(), stmk(ZOOKEEPER_DEFAULT_MASK)));
    }
  }

  private static byte[] stmk(long mask) {
    return ByteBuffer.allocate(12).put("stmk".getBytes(StandardCharsets.US_ASCII)).putLong(mask).array();
  }
}
