package io.warden.compat.harness;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Sends a four-letter word on a raw socket, as {@code echo ruok | nc host port} does. */
public final class FourLetterWords {
  private static final int MAX_RESPONSE_BYTES = 1 << 20;

  private FourLetterWords() {}

  /** Everything the server writes before closing the connection, as text. */
  public static String send(int port, String word) throws IOException {
    return send(port, word.getBytes(StandardCharsets.US_ASCII));
  }

  /** As {@link #send(int, String)}, for a word followed by binary arguments ("stmk" + mask). */
  public static String send(int port, byte[] request) throws IOException {
    String word = new String(request, 0, Math.min(4, request.length), StandardCharsets.US_ASCII);
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout((int) (Compat.TIMEOUT_SECONDS * 1000));
      socket.getOutputStream().write(request);
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream response = new ByteArrayOutputStream();
      byte[] buffer = new byte[4096];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        response.write(buffer, 0, n);
        if (response.size() > MAX_RESPONSE_BYTES) {
          throw new IOException(word + ": response larger than " + MAX_RESPONSE_BYTES + " bytes");
        }
      }
      return response.toString(StandardCharsets.UTF_8);
    }
  }

  /** The {@code key<TAB>value} lines of a mntr response, in order. */
  public static Map<String, String> parseMntr(String response) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : response.split("\n")) {
      int tab = line.indexOf('\t');
      if (tab <= 0) {
        throw new AssertionError("mntr line without key<TAB>value: '" + line + "'");
      }
      values.put(line.substring(0, tab), line.substring(tab + 1));
    }
    return values;
  }
}
