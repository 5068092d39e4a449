package dev.aihc.internal.signing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The canonical request of BCE v1 signing (spec section 6): method, URI, query and headers in the one
 * spelling both sides agree on. Kept apart from {@link BceSigner} so tests and error details can show
 * the intermediate strings.
 */
final class CanonicalRequest {
  private static final char[] UPPER_HEX = "0123456789ABCDEF".toCharArray();

  private CanonicalRequest() {}

  /** The canonical request that gets signed; {@code signedHeaders} is null for the default set. */
  static String of(
      String method,
      String rawPath,
      Map<String, String> query,
      Map<String, String> headers,
      List<String> signedHeaders) {
    Objects.requireNonNull(method, "method");
    if (method.isBlank()) {
      throw new IllegalArgumentException("method must not be blank");
    }
    return method.trim().toUpperCase(Locale.ROOT)
        + "\n" + uri(rawPath)
        + "\n" + query(query)
        + "\n" + headers(headers, signedHeaders);
  }

  /** The encoded path with {@code /} kept; null or empty is {@code /}. */
  static String uri(String rawPath) {
    return rawPath == null || rawPath.isEmpty() ? "/" : uriEncode(rawPath, true);
  }

  /** Encoded {@code k=v} pairs without {@code authorization}, sorted, joined by {@code &}. */
  static String query(Map<String, String> query) {
    if (query == null) {
      return "";
    }
    List<String> pairs = new ArrayList<>();
    for (Map.Entry<String, String> e : query.entrySet()) {
      String key = Objects.requireNonNull(e.getKey(), "query key");
      if (key.equalsIgnoreCase("authorization")) {
        continue; // a presigned URL carries its own signature; it cannot sign itself
      }
      String value = e.getValue() == null ? "" : e.getValue();
      pairs.add(uriEncode(key, false) + "=" + uriEncode(value, false));
    }
    Collections.sort(pairs); // encoded pairs are ASCII, so String order is byte order
    return String.join("&", pairs);
  }

  /** Encoded {@code name:value} lines of the signed, non-empty headers, sorted, joined by newlines. */
  static String headers(Map<String, String> headers, List<String> signedHeaders) {
    Map<String, String> byName = headerMap(headers);
    List<String> lines = new ArrayList<>();
    for (Map.Entry<String, String> e : byName.entrySet()) {
      String name = e.getKey();
      boolean signed = signedHeaders == null ? isDefaultSigned(name) : signedHeaders.contains(name);
      if (signed && !e.getValue().isEmpty()) {
        lines.add(uriEncode(name, false) + ":" + uriEncode(e.getValue(), false));
      }
    }
    Collections.sort(lines); // the spec sorts whole lines, not names
    return String.join("\n", lines);
  }

  /** UriEncode from the spec: UTF-8, unreserved {@code A-Z a-z 0-9 - _ . ~} kept, the rest %XX. */
  static String uriEncode(String value, boolean keepSlash) {
    if (needsNoEncoding(value, keepSlash)) return value; // most names and values: no copy
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(bytes.length * 3);
    for (byte b : bytes) {
      int ch = b & 0xff;
      if (isUnreserved(ch) || (keepSlash && ch == '/')) {
        out.append((char) ch);
      } else {
        out.append('%').append(UPPER_HEX[ch >> 4]).append(UPPER_HEX[ch & 0xf]);
      }
    }
    return out.toString();
  }

  private static boolean needsNoEncoding(String value, boolean keepSlash) {
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      if (!isUnreserved(ch) && !(keepSlash && ch == '/')) return false;
    }
    return true;
  }

  private static boolean isDefaultSigned(String lowerName) {
    switch (lowerName) {
      case "host":
      case "content-length":
      case "content-type":
      case "content-md5":
        return true;
      default:
        return lowerName.startsWith("x-bce-");
    }
  }

  private static boolean isUnreserved(int ch) {
    return (ch >= 'A' && ch <= 'Z')
        || (ch >= 'a' && ch <= 'z')
        || (ch >= '0' && ch <= '9')
        || ch == '-' || ch == '_' || ch == '.' || ch == '~';
  }

  /** Lower-case trimmed names to trimmed values (null becomes empty), sorted by name. */
  static Map<String, String> headerMap(Map<String, String> headers) {
    Map<String, String> byName = new TreeMap<>();
    if (headers == null) {
      return byName;
    }
    for (Map.Entry<String, String> e : headers.entrySet()) {
      String name = Objects.requireNonNull(e.getKey(), "header name").trim().toLowerCase(Locale.ROOT);
      String value = e.getValue() == null ? "" : e.getValue().trim();
      if (byName.put(name, value) != null) {
        throw new IllegalArgumentException(
            "headers contain '" + name + "' more than once (names differ only in case); merge them first");
      }
    }
    return byName;
  }
}
