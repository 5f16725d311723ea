package io.warden.compat.harness;

import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.List;
import org.apache.zookeeper.client.ConnectStringParser;
import org.apache.zookeeper.client.HostProvider;

/**
 * The stock client's host list without its shuffle: servers are tried in the order the connect
 * string names them, starting with the first. The suite gives it to clients of an ensemble's
 * connect string so that every client of a test sits on the same member (the one
 * {@link ServerUnderTest#port()} names, which the ensemble lists first) while the others stay
 * where it fails over to. Single-server tests then judge an ensemble member as they judge one
 * server: a client is only guaranteed to see another client's write once its own server has
 * applied it, and with two members that holds only after a sync (ZooKeeper's ensemble is the
 * same). Cross-member behaviour is what EnsembleCompatTest judges, on connections it places.
 */
final class InOrderHostProvider implements HostProvider {
  private final List<InetSocketAddress> servers;
  private int current = -1;
  private int lastConnected = -1;

  InOrderHostProvider(String connectString) {
    this.servers = new ConnectStringParser(connectString).getServerAddresses().stream()
        .map(a -> new InetSocketAddress(a.getHostString(), a.getPort()))
        .toList();
    if (servers.isEmpty()) {
      throw new IllegalArgumentException("no server in '" + connectString + "'");
    }
  }

  /** True when {@code connectString} names more than one server. */
  static boolean namesSeveral(String connectString) {
    return new ConnectStringParser(connectString).getServerAddresses().size() > 1;
  }

  @Override
  public int size() {
    return servers.size();
  }

  /**
   * The next server in order. Like the stock provider, it pauses {@code spinDelay} ms (the
   * client's own reconnect back-off, on the client's thread) once it has gone round to the
   * server it was last connected to, so a dead ensemble is not hammered.
   */
  @Override
  public synchronized InetSocketAddress next(long spinDelay) {
    current = (current + 1) % servers.size();
    if (current == lastConnected && spinDelay > 0) {
      try {
        wait(spinDelay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return servers.get(current);
  }

  @Override
  public synchronized void onConnected() {
    lastConnected = current;
  }

  /** The suite never changes a client's server list. */
  @Override
  public boolean updateServerList(Collection<InetSocketAddress> serverAddresses, InetSocketAddress currentHost) {
    throw new UnsupportedOperationException("the compatibility suite does not reconfigure clients");
  }
}
