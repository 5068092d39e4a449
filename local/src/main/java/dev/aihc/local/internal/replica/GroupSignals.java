package dev.aihc.local.internal.replica;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Sends signals to process groups. Java can signal a process but not a group, so this takes one
 * {@code bash} for the engine's life and hands it a line per signal, which its builtin {@code kill}
 * sends. Starting a {@code kill} process for each signal (as the engine did) cost a fork and two execs,
 * several milliseconds here, on the engine's loop, for every replica that ended: more than the replica's
 * own start. The helper reads its standard input, so it ends with the engine, however the engine ends.
 * Signals are sent in the order asked, without waiting for them; where the helper cannot be
 * (re)started, a {@code kill} process is started as before.
 */
final class GroupSignals implements AutoCloseable {
  private static final long KILL_WAIT_SECONDS = 5;
  private static final Set<String> SIGNALS = Set.of("TERM", "KILL", "INT");
  private static final String LOOP = "while read -r s g; do kill -s \"$s\" -- \"-$g\" 2>/dev/null; done";

  private Process helper;
  private OutputStream in;
  private boolean closed;

  /** Sends {@code signal} (TERM, KILL, INT) to process group {@code pgid}; a group that is gone is no error. */
  synchronized void send(long pgid, String signal) {
    if (!SIGNALS.contains(signal)) throw new IllegalArgumentException("not a signal this engine sends: " + signal);
    byte[] line = (signal + " " + pgid + "\n").getBytes(StandardCharsets.US_ASCII);
    for (int attempt = 0; attempt < 2 && !closed; attempt++) {
      try {
        if (helper == null || !helper.isAlive()) start();
        in.write(line);
        in.flush();
        return;
      } catch (IOException e) {
        helper = null; // it died (or was killed): start another once, else fall back below
      }
    }
    killProcess(pgid, signal);
  }

  private void start() throws IOException {
    helper = new ProcessBuilder("bash", "-c", LOOP)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    in = helper.getOutputStream();
  }

  private static void killProcess(long pgid, String signal) {
    try {
      Process kill = new ProcessBuilder("kill", "-s", signal, "--", "-" + pgid)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      if (!kill.waitFor(KILL_WAIT_SECONDS, TimeUnit.SECONDS)) kill.destroyForcibly();
    } catch (IOException e) {
      // kill was checked at start; if it vanished, the onExit bookkeeping still runs when the leader ends
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Lets the helper send what it was handed, then ends it (bounded); later signals each start a
   * {@code kill} process.
   */
  @Override
  public synchronized void close() {
    closed = true;
    if (helper == null) return;
    try {
      in.close(); // end of input: the loop ends after the signals already written
      if (!helper.waitFor(KILL_WAIT_SECONDS, TimeUnit.SECONDS)) helper.destroyForcibly();
    } catch (IOException e) {
      helper.destroyForcibly();
    } catch (InterruptedException e) {
      helper.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    helper = null;
  }
}
