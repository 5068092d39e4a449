package dev.aihc.dsl;

import java.util.Objects;

/**
 * One entry of {@code labels}: a Kubernetes label on the job.
 *
 * @param key the label key, optionally prefixed ({@code team}, {@code example.com/team})
 * @param value the label value
 */
public record Label(String key, String value) {
  /** Checks both parts are present. */
  public Label {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
  }

  @Override
  public String toString() {
    return key + "=" + value;
  }
}
