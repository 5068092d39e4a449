package dev.aihc.local.internal.config;

import com.fasterxml.jackson.databind.JsonNode;

/** JSON values as the engine's messages quote them, for a file's or a request's wrong field. */
public final class JsonValues {
  private JsonValues() {}

  /** A short description of a JSON value for messages; long text is cut. */
  public static String describe(JsonNode n) {
    if (n == null || n.isNull()) return "null";
    if (n.isObject()) return "an object";
    if (n.isArray()) return "an array";
    String s = n.toString();
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }
}
