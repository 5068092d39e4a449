package dev.aihc.internal.local;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.List;
import javax.net.SocketFactory;

/**
 * Sockets to a home's engine that check, once connected and before anything is written, that the other
 * end is that engine: the port is the one endpoint.json names now, the kernel says the server end of this
 * very connection belongs to this user, who owns endpoint.json (a file only the owner of the 0700 home
 * can write), and the listener on that port is held by the engine's recorded pid. Another user who took the
 * port after the engine stopped fails the check, and the request is never sent (a
 * {@link NotTheEngineException}, a {@link ConnectException}: "not sent, safe to retry").
 */
public final class EngineSockets extends SocketFactory {
  private final LocalHome home;

  /** Sockets to the engine of {@code home}. */
  public EngineSockets(LocalHome home) {
    this.home = home;
  }

  @Override
  public Socket createSocket() {
    return new Checked();
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return connected(new InetSocketAddress(host, port));
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
    return connected(new InetSocketAddress(host, port));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return connected(new InetSocketAddress(host, port));
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return connected(new InetSocketAddress(address, port));
  }

  private Socket connected(InetSocketAddress to) throws IOException {
    Socket s = new Checked();
    s.connect(to);
    return s;
  }

  /** The connection to {@code port} from our {@code localPort} ends at the engine of {@code home}, or throws. */
  static void check(LocalHome home, int port, int localPort) throws IOException {
    Endpoint endpoint = home.endpoint().orElseThrow(() -> new NotTheEngineException("no engine runs in "
        + home.display() + " (no endpoint.json), so nothing is sent to port " + port));
    if (endpoint.port() != port) {
      throw new NotTheEngineException("the engine of " + home.display() + " now listens on port " + endpoint.port()
          + ", not " + port + ", so nothing is sent there");
    }
    long owner = HomeOwnership.owner(home.endpointFile());
    if (owner != HomeOwnership.myUid()) {
      throw new NotTheEngineException(home.endpointFile() + " belongs to uid " + owner + ", not to you (uid "
          + HomeOwnership.myUid() + "), so nothing is sent to the engine it names. Use a home of your own");
    }
    List<LoopbackSockets.Entry> sockets = LoopbackSockets.all();
    long serverUid = sockets.stream()
        .filter(s -> s.localPort() == port && s.remotePort() == localPort && s.state() != LoopbackSockets.LISTEN)
        .mapToLong(LoopbackSockets.Entry::uid).findFirst().orElse(-1);
    boolean engineListens = sockets.stream().anyMatch(s -> s.state() == LoopbackSockets.LISTEN
        && s.localPort() == port && s.uid() == owner && LoopbackSockets.holds(endpoint.pid(), s.inode()));
    if (serverUid != owner || !engineListens) {
      throw new NotTheEngineException("port " + port + " is not served by the engine of " + home.display() + " (pid "
          + endpoint.pid() + ", uid " + owner + ")" + (serverUid >= 0 && serverUid != owner
          ? " but by a process of uid " + serverUid + ": another user may have taken the port after the engine stopped"
          : ": the engine may have stopped") + ". Nothing was sent. Start the engine again with ./aihc local start "
          + "(or Aihc.local()), which takes a free port");
    }
  }

  /** A connection that was not to the engine; nothing was written to it. */
  public static final class NotTheEngineException extends ConnectException {
    private static final long serialVersionUID = 1L;

    NotTheEngineException(String message) {
      super(message);
    }
  }

  /** A socket that runs {@link #check} as soon as it is connected, and closes itself when it fails. */
  private final class Checked extends Socket {
    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
      super.connect(endpoint, timeout);
      try {
        check(home, getPort(), getLocalPort());
      } catch (IOException | RuntimeException e) {
        close();
        throw e;
      }
    }
  }
}
