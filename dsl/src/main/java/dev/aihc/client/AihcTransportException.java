package dev.aihc.client;

import dev.aihc.dsl.AihcException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Objects;
import javax.net.ssl.SSLHandshakeException;

/**
 * No answer came back: the connection failed, timed out or was cut. {@link #maybeSent()} says
 * whether the service may have received (and acted on) the request, which matters for CreateJob: it
 * has no client token, so resending it can create a duplicate job.
 */
public class AihcTransportException extends AihcException {
  private static final long serialVersionUID = 1L;

  private final String action;
  private final boolean maybeSent;

  /**
   * A transport failure of {@code action}.
   *
   * @param maybeSent false only when the request certainly never left this machine
   */
  public AihcTransportException(String action, boolean maybeSent, IOException cause) {
    super(message(action, maybeSent, cause), cause);
    this.action = action;
    this.maybeSent = maybeSent;
  }

  /**
   * Wraps {@code cause}, judging from its type whether the request may have been sent: an unknown
   * host, a refused or unroutable connection, a connect timeout and a failed TLS handshake happen
   * before any byte of the request is written; anything else may happen after.
   */
  public static AihcTransportException of(String action, IOException cause) {
    Objects.requireNonNull(cause, "cause");
    return new AihcTransportException(action, !failedBeforeSending(cause), cause);
  }

  /** The API action that failed, e.g. {@code CreateJob}. */
  public String action() {
    return action;
  }

  /** True when the service may have received the request; false when it certainly did not. */
  public boolean maybeSent() {
    return maybeSent;
  }

  private static boolean failedBeforeSending(IOException e) {
    if (e instanceof UnknownHostException || e instanceof ConnectException
        || e instanceof NoRouteToHostException || e instanceof SSLHandshakeException) {
      return true;
    }
    String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
    return e instanceof SocketTimeoutException && message.contains("connect timed out");
  }

  private static String message(String action, boolean maybeSent, IOException cause) {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(cause, "cause");
    String what = action + " failed: no answer from AIHC (" + cause.getClass().getSimpleName()
        + (cause.getMessage() == null ? "" : ": " + cause.getMessage()) + "). ";
    if (!maybeSent) {
      return what + "The request was not sent, so retrying is safe; check the network, the region "
          + "endpoint and any proxy.";
    }
    return what + ("CreateJob".equals(action)
        ? "The job may have been created: look it up with DescribeJobs before submitting again, or a "
            + "duplicate job may result."
        : "The request may have reached the service; check its effect before repeating a change.");
  }
}
