package dev.aihc.client;

import java.util.Objects;
import java.util.Optional;
import dev.aihc.internal.signing.SigningKey;

/**
 * A BCE access key pair, optionally with an STS session token.
 *
 * <p>Values are trimmed on creation. {@link #toString()} shows the access key id only; the secret key
 * and the session token never appear in it, so a {@code Credentials} can be printed in a notebook.
 *
 * <p>This class is immutable and thread-safe; equality is by value. (It is the {@code SigningKey} the
 * request signing takes, which needs nothing else of the client.)
 */
public final class Credentials implements SigningKey {
  private final String accessKeyId;
  private final String secretAccessKey;
  private final String sessionToken; // null without STS

  private Credentials(String accessKeyId, String secretAccessKey, String sessionToken) {
    this.accessKeyId = accessKeyId;
    this.secretAccessKey = secretAccessKey;
    this.sessionToken = sessionToken;
  }

  /** Long-term credentials: an access key id and its secret access key, both non-blank. */
  public static Credentials of(String accessKeyId, String secretAccessKey) {
    return new Credentials(
        required(accessKeyId, "accessKeyId"), required(secretAccessKey, "secretAccessKey"), null);
  }

  /**
   * Temporary (STS) credentials: all three values are required; use {@link #of(String, String)}
   * when there is no session token.
   */
  public static Credentials of(String accessKeyId, String secretAccessKey, String sessionToken) {
    return new Credentials(
        required(accessKeyId, "accessKeyId"),
        required(secretAccessKey, "secretAccessKey"),
        required(sessionToken, "sessionToken"));
  }

  /** The access key id (AK); not a secret. */
  @Override
  public String accessKeyId() {
    return accessKeyId;
  }

  /** The secret access key (SK); never log it. */
  @Override
  public String secretAccessKey() {
    return secretAccessKey;
  }

  /** The STS session token, sent as {@code x-bce-security-token}; empty for long-term keys. */
  @Override
  public Optional<String> sessionToken() {
    return Optional.ofNullable(sessionToken);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Credentials)) {
      return false;
    }
    Credentials other = (Credentials) o;
    return accessKeyId.equals(other.accessKeyId)
        && secretAccessKey.equals(other.secretAccessKey)
        && Objects.equals(sessionToken, other.sessionToken);
  }

  @Override
  public int hashCode() {
    return Objects.hash(accessKeyId, secretAccessKey, sessionToken);
  }

  /** Shows the access key id and masks the secrets: {@code Credentials{accessKeyId=AK, secretAccessKey=****}}. */
  @Override
  public String toString() {
    return "Credentials{accessKeyId=" + accessKeyId + ", secretAccessKey=****"
        + (sessionToken == null ? "" : ", sessionToken=****") + "}";
  }

  private static String required(String value, String name) {
    if (value == null) {
      throw new IllegalArgumentException(name + " == null");
    }
    String trimmed = value.trim();
    if (trimmed.isEmpty()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return trimmed;
  }
}
