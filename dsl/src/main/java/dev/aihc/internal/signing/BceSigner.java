package dev.aihc.internal.signing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * BCE v1 request signing ({@code bce-auth-v1}) as the official Python, Go and Java SDKs do it, and
 * the matching server-side check.
 *
 * <p>{@link #sign} computes an {@code Authorization} value; {@link #verify} parses one and recomputes it
 * through {@code sign} itself, so the two can never drift apart. All methods are pure functions of
 * their arguments: the caller supplies the time.
 */
public final class BceSigner {
  // Mac.getInstance walks the provider list on every call; one per thread is reused (init resets it).
  private static final ThreadLocal<Mac> MAC = ThreadLocal.withInitial(() -> {
    try {
      return Mac.getInstance("HmacSHA256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
    }
  });
  /** The expiration the official SDKs use when none is given: 1800 seconds. */
  public static final int DEFAULT_EXPIRATION_SECONDS = 1800;

  static final String VERSION = "bce-auth-v1";
  /** The header carrying the hex SHA-256 of the body, which a signature covers like any x-bce header. */
  public static final String CONTENT_SHA256 = "x-bce-content-sha256";

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'", Locale.ROOT)
          .withResolverStyle(ResolverStyle.STRICT);
  private static final HexFormat HEX = HexFormat.of(); // lower case, as the spec requires

  private BceSigner() {
    throw new AssertionError("no instances");
  }

  /**
   * Returns the {@code Authorization} header value for a request.
   *
   * @param c the key pair; only the access key id and secret key take part (send the session token
   *     yourself as {@code x-bce-security-token})
   * @param method the HTTP method; upper-cased
   * @param rawPath the decoded path, e.g. {@code /v1/测试 目录/a.txt}; null or empty means {@code /}
   * @param query decoded query parameters; a null value signs like an empty one; null means none
   * @param headers the headers as sent; names are matched case-insensitively; null means none
   * @param timestamp the signing time (sub-second parts are dropped); send it as {@code x-bce-date}
   * @param expirationSeconds how long the signature stays valid, &gt; 0 (usually 1800)
   * @param signedHeaders null for the default set ({@code host}, {@code content-length},
   *     {@code content-type}, {@code content-md5}, every {@code x-bce-*}), giving an empty
   *     signedHeaders field; otherwise exactly these names, listed in the result. A listed header the
   *     request lacks is skipped, as the official SDKs do; the service will reject such a request.
   * @throws IllegalArgumentException for a missing argument, an empty {@code signedHeaders} list, or
   *     two header names that differ only in case
   */
  public static String sign(
      SigningKey c,
      String method,
      String rawPath,
      Map<String, String> query,
      Map<String, String> headers,
      Instant timestamp,
      int expirationSeconds,
      List<String> signedHeaders) {
    Objects.requireNonNull(c, "c");
    Objects.requireNonNull(timestamp, "timestamp");
    Instant ts = timestamp.truncatedTo(ChronoUnit.SECONDS);
    if (expirationSeconds <= 0) {
      throw new IllegalArgumentException("expirationSeconds must be > 0 but was " + expirationSeconds);
    }
    List<String> listed = signedHeaders == null ? List.of() : normalizeNames(signedHeaders);
    String signature = signature(c, method, rawPath, query, headers, ts, expirationSeconds,
        signedHeaders == null ? null : listed);
    return new AuthorizationHeader(c.accessKeyId(), ts, expirationSeconds, listed, signature).value();
  }

  /** The hex signature of a request; {@code signedHeaders} null for the default set. */
  private static String signature(SigningKey c, String method, String rawPath, Map<String, String> query,
      Map<String, String> headers, Instant ts, int expirationSeconds, List<String> signedHeaders) {
    String canonical = CanonicalRequest.of(method, rawPath, query, headers, signedHeaders);
    String signingKey =
        hmacHex(c.secretAccessKey(), AuthorizationHeader.prefix(c.accessKeyId(), ts, expirationSeconds));
    return hmacHex(signingKey, canonical); // the key is the 64-char hex text, not its bytes
  }

  /**
   * Checks a received {@code Authorization} header the way the service does: parse it, recompute it
   * with {@link #sign} over the request as received, compare the signatures in constant time, then
   * check the time. The first failing check decides the outcome; see {@link Verification.Outcome}.
   *
   * <p>A request whose signature is valid is {@code EXPIRED} once {@code now} is past its timestamp
   * plus its expirationSeconds, and {@code OUTSIDE_TIME_WINDOW} when its timestamp is more than
   * {@code window} away from {@code now} in either direction (clock skew). A header listing a
   * signed header that the request lacks is a {@code SIGNATURE_MISMATCH}, as IAM treats it.
   *
   * @param expected the credentials the request should have been signed with
   * @param authorization the received header value; null or garbled gives {@code MALFORMED_HEADER}
   * @param now the server's current time
   * @param window the allowed distance between the request timestamp and {@code now}, &gt;= 0
   * @throws IllegalArgumentException for a missing argument or two header names that differ only in
   *     case (the caller built the header map wrongly)
   */
  public static Verification verify(
      SigningKey expected,
      String authorization,
      String method,
      String rawPath,
      Map<String, String> query,
      Map<String, String> headers,
      Instant now,
      Duration window) {
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(window, "window");
    if (window.isNegative()) {
      throw new IllegalArgumentException("window must be >= 0 but was " + window);
    }
    AuthorizationHeader received;
    try {
      received = AuthorizationHeader.parse(authorization);
    } catch (IllegalArgumentException e) {
      return Verification.failed(Verification.Outcome.MALFORMED_HEADER, e.getMessage());
    }
    if (!received.accessKeyId().equals(expected.accessKeyId())) {
      return Verification.failed(
          Verification.Outcome.ACCESS_KEY_MISMATCH,
          "unknown access key id '" + received.accessKeyId() + "'");
    }
    List<String> listed = received.usesDefaultHeaders() ? null : received.signedHeaders();
    Map<String, String> byName = CanonicalRequest.headerMap(headers);
    if (listed != null) {
      for (String name : listed) {
        if (byName.getOrDefault(name, "").isEmpty()) {
          return Verification.failed(
              Verification.Outcome.SIGNATURE_MISMATCH,
              "signed header '" + name + "' is missing from the request");
        }
      }
    }
    // the same computation as sign(), without writing a header and parsing it back: the engine verifies
    // every request it answers
    String recomputed = signature(expected, method, rawPath, query, headers, received.timestamp(),
        received.expirationSeconds(), listed);
    if (!MessageDigest.isEqual(ascii(recomputed), ascii(received.signature()))) {
      return Verification.failed(
          Verification.Outcome.SIGNATURE_MISMATCH,
          "signature does not match; the canonical request was:\n"
              + CanonicalRequest.of(method, rawPath, query, headers, listed));
    }
    return checkTime(received, now, window);
  }

  /** The lower-case hex SHA-256 of {@code body}: the value of {@link #CONTENT_SHA256}. */
  public static String sha256Hex(byte[] body) {
    try {
      return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  /** Formats a signing time the BCE way: UTC {@code yyyy-MM-ddTHH:mm:ssZ}, no fraction. */
  public static String timestamp(Instant instant) {
    Objects.requireNonNull(instant, "instant");
    LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
    if (t.getYear() < 0 || t.getYear() > 9999) return TIMESTAMP.format(instant.atOffset(ZoneOffset.UTC));
    // By hand: the formatter took a fifth of a signature's time, and every request formats twice.
    char[] c = new char[20];
    digits(c, 0, t.getYear(), 4);
    c[4] = '-';
    digits(c, 5, t.getMonthValue(), 2);
    c[7] = '-';
    digits(c, 8, t.getDayOfMonth(), 2);
    c[10] = 'T';
    digits(c, 11, t.getHour(), 2);
    c[13] = ':';
    digits(c, 14, t.getMinute(), 2);
    c[16] = ':';
    digits(c, 17, t.getSecond(), 2);
    c[19] = 'Z';
    return new String(c);
  }

  private static void digits(char[] out, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--, value /= 10) out[i] = (char) ('0' + value % 10);
  }

  /** Parses {@link #timestamp(Instant)} output strictly; anything else throws DateTimeParseException. */
  static Instant parseTimestamp(String text) {
    // By hand for the shape every signer sends (the formatter was most of parsing a header); the
    // formatter still decides everything else, so what is accepted is unchanged.
    if (text.length() == 20 && text.charAt(4) == '-' && text.charAt(7) == '-' && text.charAt(10) == 'T'
        && text.charAt(13) == ':' && text.charAt(16) == ':' && text.charAt(19) == 'Z') {
      int year = number(text, 0, 4), month = number(text, 5, 2), day = number(text, 8, 2);
      int hour = number(text, 11, 2), minute = number(text, 14, 2), second = number(text, 17, 2);
      if ((year | month | day | hour | minute | second) >= 0) {
        try {
          return LocalDateTime.of(year, month, day, hour, minute, second).toInstant(ZoneOffset.UTC);
        } catch (java.time.DateTimeException e) {
          throw new DateTimeParseException(e.getMessage(), text, 0);
        }
      }
    }
    return LocalDateTime.parse(text, TIMESTAMP).toInstant(ZoneOffset.UTC);
  }

  /** The decimal number in {@code text[at, at + width)}, or -1 when one of them is not a digit. */
  private static int number(String text, int at, int width) {
    int value = 0;
    for (int i = at; i < at + width; i++) {
      char ch = text.charAt(i);
      if (ch < '0' || ch > '9') return -1;
      value = value * 10 + (ch - '0');
    }
    return value;
  }

  private static Verification checkTime(AuthorizationHeader received, Instant now, Duration window) {
    Instant ts = received.timestamp();
    Instant expiry = ts.plusSeconds(received.expirationSeconds());
    if (now.isAfter(expiry)) {
      return Verification.failed(
          Verification.Outcome.EXPIRED,
          "signed at " + timestamp(ts) + ", valid for " + received.expirationSeconds()
              + "s, expired at " + timestamp(expiry) + "; now is " + timestamp(now));
    }
    Duration skew = Duration.between(ts, now).abs();
    if (skew.compareTo(window) > 0) {
      return Verification.failed(
          Verification.Outcome.OUTSIDE_TIME_WINDOW,
          "signed at " + timestamp(ts) + " but now is " + timestamp(now) + ": "
              + skew.toSeconds() + "s apart, more than the allowed " + window.toSeconds() + "s");
    }
    return Verification.ok();
  }

  private static List<String> normalizeNames(List<String> signedHeaders) {
    TreeSet<String> names = new TreeSet<>();
    for (String name : signedHeaders) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("signedHeaders must not contain a null or blank name");
      }
      names.add(name.trim().toLowerCase(Locale.ROOT));
    }
    if (names.isEmpty()) {
      // An empty list would go out as "//", which the service reads as the default set.
      throw new IllegalArgumentException(
          "signedHeaders must not be empty; pass null to sign the default header set");
    }
    return List.copyOf(names);
  }

  private static String hmacHex(String key, String message) {
    try {
      Mac mac = MAC.get();
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HEX.formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
