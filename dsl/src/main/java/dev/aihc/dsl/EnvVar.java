package dev.aihc.dsl;

import java.util.Objects;

/**
 * One entry of {@code jobSpec.envs}.
 *
 * @param name the variable name
 * @param value its value (may be empty)
 */
public record EnvVar(String name, String value) {
  /** Checks both parts are present. */
  public EnvVar {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
  }

  @Override
  public String toString() {
    return name + "=" + value;
  }
}
