package dev.aihc.client;

import dev.aihc.dsl.AihcException;
import java.util.List;

/**
 * No provider had both an access key id and a secret access key. The message lists what each
 * provider looked for, one line each, and how to fix it.
 */
public class CredentialsNotFoundException extends AihcException {
  private static final long serialVersionUID = 1L;

  /** The fix shown after the list of places that were searched. */
  static final String FIX = "Set BCE_ACCESS_KEY_ID and BCE_SECRET_ACCESS_KEY, or put access_key_id and "
      + "secret_access_key under [default] in ~/.aihc/profiles (then chmod 600 it), or pass "
      + "Credentials.of(ak, sk) to the client.";

  private final List<String> attempts;

  /** One entry per provider consulted, each saying where it looked and what was missing. */
  public CredentialsNotFoundException(List<String> attempts) {
    super(message(attempts));
    this.attempts = List.copyOf(attempts);
  }

  /** What each provider looked for, in the order they were tried. */
  public List<String> attempts() {
    return attempts;
  }

  private static String message(List<String> attempts) {
    if (attempts == null || attempts.isEmpty()) {
      throw new IllegalArgumentException("attempts must name at least one place that was searched");
    }
    StringBuilder sb = new StringBuilder("No AIHC credentials found. Looked in, in order:");
    for (String attempt : attempts) {
      sb.append("\n  ").append(attempt);
    }
    return sb.append('\n').append(FIX).toString();
  }
}
