package dev.aihc.internal.signing;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A parsed {@code bce-auth-v1/{ak}/{timestamp}/{expirationSeconds}/{signedHeaders}/{signature}}
 * header.
 *
 * @param accessKeyId the access key id that signed the request
 * @param timestamp the signing time, whole seconds
 * @param expirationSeconds how long the signature is valid, &gt; 0
 * @param signedHeaders sorted lower-case names; empty means the default set
 * @param signature 64 lower-case hex characters
 */
public record AuthorizationHeader(
    String accessKeyId,
    Instant timestamp,
    int expirationSeconds,
    List<String> signedHeaders,
    String signature) {

  private static final Pattern HEADER_NAME = Pattern.compile("[a-z0-9!#$%&'*+.^_`|~-]+");
  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,9}");
  private static final String SHAPE =
      "Expected bce-auth-v1/{accessKeyId}/{timestamp}/{expirationSeconds}/{signedHeaders}/{signature}.";

  /** Checks every part; the same rules {@link #parse} applies to text. */
  public AuthorizationHeader {
    Objects.requireNonNull(accessKeyId, "accessKeyId");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(signedHeaders, "signedHeaders");
    Objects.requireNonNull(signature, "signature");
    if (accessKeyId.isEmpty() || accessKeyId.contains("/") || hasWhitespace(accessKeyId)) {
      throw new IllegalArgumentException("accessKeyId must be non-empty without '/' or spaces");
    }
    if (timestamp.getNano() != 0) {
      throw new IllegalArgumentException("timestamp must be whole seconds but was " + timestamp);
    }
    if (expirationSeconds <= 0) {
      throw new IllegalArgumentException("expirationSeconds must be > 0 but was " + expirationSeconds);
    }
    signedHeaders = List.copyOf(signedHeaders);
    for (String name : signedHeaders) {
      if (!HEADER_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "signedHeaders must be lower-case header names but contained '" + name + "'");
      }
    }
    if (!isLowerHex64(signature)) {
      throw new IllegalArgumentException("signature must be 64 lower-case hex characters");
    }
  }

  /**
   * Parses a header value.
   *
   * @throws IllegalArgumentException naming the part that is wrong (the header itself is not echoed)
   */
  public static AuthorizationHeader parse(String value) {
    if (value == null) {
      throw malformed("the header is missing");
    }
    String[] parts = value.trim().split("/", -1);
    if (parts.length != 6) {
      throw malformed("expected 6 parts separated by '/' but found " + parts.length);
    }
    if (!BceSigner.VERSION.equals(parts[0])) {
      throw malformed("it must start with " + BceSigner.VERSION);
    }
    if (parts[1].isEmpty()) {
      throw malformed("the access key id is empty");
    }
    Instant timestamp;
    try {
      timestamp = BceSigner.parseTimestamp(parts[2]);
    } catch (DateTimeParseException e) {
      throw malformed("the timestamp is not UTC yyyy-MM-ddTHH:mm:ssZ");
    }
    if (!DIGITS.matcher(parts[3]).matches() || Integer.parseInt(parts[3]) == 0) {
      throw malformed("expirationSeconds must be a positive whole number");
    }
    List<String> signedHeaders =
        parts[4].isEmpty() ? List.of() : List.of(parts[4].toLowerCase(Locale.ROOT).split(";", -1));
    try {
      return new AuthorizationHeader(
          parts[1], timestamp, Integer.parseInt(parts[3]), signedHeaders, parts[5]);
    } catch (IllegalArgumentException e) {
      throw malformed(e.getMessage());
    }
  }

  /** True when the empty signedHeaders field asks for the default header set. */
  public boolean usesDefaultHeaders() {
    return signedHeaders.isEmpty();
  }

  /** The header text, e.g. {@code bce-auth-v1/ak/2026-08-19T03:04:05Z/1800/host;x-bce-date/3f…}. */
  public String value() {
    return prefix(accessKeyId, timestamp, expirationSeconds)
        + "/" + String.join(";", signedHeaders) + "/" + signature;
  }

  /** Shows the parts with the signature shortened; a header in a log should not be replayable. */
  @Override
  public String toString() {
    return "AuthorizationHeader{accessKeyId=" + accessKeyId
        + ", timestamp=" + BceSigner.timestamp(timestamp)
        + ", expirationSeconds=" + expirationSeconds
        + ", signedHeaders=" + (signedHeaders.isEmpty() ? "(default set)" : signedHeaders)
        + ", signature=" + signature.substring(0, 8) + "…}";
  }

  /** The {@code authStringPrefix} that the signing key is derived from. */
  static String prefix(String accessKeyId, Instant timestamp, int expirationSeconds) {
    return BceSigner.VERSION + "/" + accessKeyId + "/" + BceSigner.timestamp(timestamp) + "/"
        + expirationSeconds;
  }

  // Loops, not a regex or a stream: every signed request builds one of these.
  private static boolean hasWhitespace(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isWhitespace(s.charAt(i))) return true;
    }
    return false;
  }

  private static boolean isLowerHex64(String s) {
    if (s.length() != 64) return false;
    for (int i = 0; i < 64; i++) {
      char ch = s.charAt(i);
      if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'))) return false;
    }
    return true;
  }

  private static IllegalArgumentException malformed(String reason) {
    return new IllegalArgumentException("Malformed Authorization header: " + reason + ". " + SHAPE);
  }
}
