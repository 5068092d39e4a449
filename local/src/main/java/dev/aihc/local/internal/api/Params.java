package dev.aihc.local.internal.api;

import static dev.aihc.local.internal.config.JsonValues.describe;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aihc.internal.json.Json;
import dev.aihc.local.internal.core.Times;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Typed access to the fields of a request body. Every wrong value becomes a 400 InvalidParam naming
 * the field, what it must be and what it was, so no client input can surface as a 500.
 */
public final class Params {
  private final JsonNode body;

  Params(JsonNode body) {
    this.body = body;
  }

  /**
   * {@code text} as a JSON object.
   *
   * @throws ApiException 400 MalformedJSON (with the line and column) or InappropriateJSON
   */
  static Params parse(String text) {
    JsonNode json;
    try {
      json = Json.mapper().readTree(text);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new ApiException(400, "MalformedJSON", "the body is not valid JSON" + where + ": "
          + e.getOriginalMessage());
    }
    if (json == null || !json.isObject()) {
      throw new ApiException(400, "InappropriateJSON", "the body must be a JSON object ({...}) but was "
          + describe(json));
    }
    return new Params(json);
  }

  JsonNode body() {
    return body;
  }

  /** A required non-blank string. */
  String requiredString(String field) {
    return string(field).orElseThrow(() -> ApiException.invalidParam(field + " is required in the body"));
  }

  /** A string, absent when missing, null or empty. */
  Optional<String> string(String field) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) return Optional.empty();
    if (!n.isTextual()) {
      throw ApiException.invalidParam(field + " must be a string but was " + describe(n));
    }
    String s = n.asText().trim();
    return s.isEmpty() ? Optional.empty() : Optional.of(s);
  }

  /** A whole number, written as a JSON number or a numeric string. */
  Optional<Long> number(String field) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) return Optional.empty();
    if (n.isIntegralNumber() && n.canConvertToLong()) return Optional.of(n.longValue());
    if (n.isTextual()) {
      String s = n.asText().trim();
      if (s.isEmpty()) return Optional.empty();
      try {
        return Optional.of(Long.parseLong(s));
      } catch (NumberFormatException e) {
        // fall through to the error below
      }
    }
    throw ApiException.invalidParam(field + " must be a whole number but was " + describe(n));
  }

  /** A whole number within {@code min..max}. */
  Optional<Integer> intIn(String field, int min, int max) {
    Optional<Long> v = number(field);
    if (v.isPresent() && (v.get() < min || v.get() > max)) {
      throw ApiException.invalidParam(field + " must be " + min + ".." + max + " but was " + v.get());
    }
    return v.map(Long::intValue);
  }

  /** A boolean, written as JSON true/false or the strings "true"/"false". */
  boolean flag(String field) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) return false;
    if (n.isBoolean()) return n.booleanValue();
    if (n.isTextual() && (n.asText().equalsIgnoreCase("true") || n.asText().equalsIgnoreCase("false"))) {
      return Boolean.parseBoolean(n.asText());
    }
    throw ApiException.invalidParam(field + " must be true or false but was " + describe(n));
  }

  /** A time as epoch seconds: unix seconds (string or number) or RFC 3339. */
  Optional<Long> time(String field) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) return Optional.empty();
    if (n.isIntegralNumber() && n.canConvertToLong()) return Optional.of(n.longValue());
    if (n.isTextual()) {
      return n.asText().isBlank() ? Optional.empty() : Optional.of(Times.epochSeconds(field, n.asText()));
    }
    throw ApiException.invalidParam(field + " must be unix seconds as a string but was " + describe(n));
  }

  /** A list of strings: a JSON array of strings, or one string holding comma-separated items. */
  List<String> strings(String field) {
    JsonNode n = body.get(field);
    List<String> out = new ArrayList<>();
    if (n == null || n.isNull()) return out;
    if (n.isTextual()) {
      for (String part : n.asText().split(",")) {
        if (!part.isBlank()) out.add(part.trim());
      }
      return out;
    }
    if (n.isArray()) {
      for (int i = 0; i < n.size(); i++) {
        JsonNode e = n.get(i);
        if (!e.isTextual()) {
          throw ApiException.invalidParam(field + "[" + i + "] must be a string but was " + describe(e));
        }
        if (!e.asText().isEmpty()) out.add(e.asText());
      }
      return out;
    }
    throw ApiException.invalidParam(field + " must be a string or an array of strings but was " + describe(n));
  }

  /** A required array. */
  JsonNode array(String field) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) throw ApiException.invalidParam(field + " is required in the body");
    if (!n.isArray()) throw ApiException.invalidParam(field + " must be an array but was " + describe(n));
    return n;
  }
}
