package dev.aihc.internal.signing;

import dev.aihc.client.Credentials;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import mockwebserver3.RecordedRequest;

/**
 * A request a test server received, read the way the AIHC service reads it: the request line decoded by
 * the server itself (not by the client that signed it) and every header it received. Tests verify the
 * client's signatures with it.
 */
public final class AsTheService {
  private AsTheService() {}

  /** Verifies the request's Authorization at {@code now}, with the service's 15 minutes of clock skew. */
  public static Verification verify(RecordedRequest r, Credentials c, Instant now) {
    return BceSigner.verify(c, r.getHeaders().get("Authorization"), r.getMethod(), path(r), query(r), headers(r),
        now, Duration.ofMinutes(15));
  }

  /** Every header received; a repeated one joined with commas. */
  public static Map<String, String> headers(RecordedRequest r) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (String name : r.getHeaders().names()) {
      headers.put(name, String.join(",", r.getHeaders().values(name)));
    }
    return headers;
  }

  /** The decoded path. */
  public static String path(RecordedRequest r) {
    return URI.create(r.getTarget()).getPath();
  }

  /** The query as the server decodes it, in order. */
  public static Map<String, String> query(RecordedRequest r) {
    Map<String, String> query = new LinkedHashMap<>();
    String raw = URI.create(r.getTarget()).getRawQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        String key = eq < 0 ? pair : pair.substring(0, eq);
        String value = eq < 0 ? null : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        query.put(URLDecoder.decode(key, StandardCharsets.UTF_8), value);
      }
    }
    return query;
  }
}
