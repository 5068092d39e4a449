package dev.aihc.internal.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The product's one Jackson configuration: unknown response fields ignored, unset request fields left
 * out (never {@code null}). Used by the client's requests, answers and error bodies, the CLI, and the
 * local engine's API and files, so that both sides of the wire read and write alike. (The job JSON,
 * {@code Job.toJson}/{@code fromJson}, reads and writes trees, which these settings do not touch.)
 */
public final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
      .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false)
      .setSerializationInclusion(JsonInclude.Include.NON_NULL);

  private Json() {}

  /** The shared mapper; do not reconfigure it. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }
}
