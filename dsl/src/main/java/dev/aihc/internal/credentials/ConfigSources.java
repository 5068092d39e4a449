package dev.aihc.internal.credentials;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where configuration comes from: system properties, the environment and the home directory.
 * Tests build one from a map and a temp dir so they never depend on the machine they run on.
 */
public record ConfigSources(Function<String, String> systemProperty, Map<String, String> env, Path home) {

  public static final String PROFILE_ENV = "AIHC_PROFILE";
  /** The system property that names the profile ahead of {@link #PROFILE_ENV} (the CLI's --profile sets it). */
  public static final String PROFILE_PROPERTY = "aihc.profile";
  public static final String DEFAULT_PROFILE = "default";

  public ConfigSources {
    Objects.requireNonNull(systemProperty, "systemProperty");
    env = Map.copyOf(Objects.requireNonNull(env, "env"));
    Objects.requireNonNull(home, "home");
  }

  /** The real JVM: live system properties, the process environment, {@code user.home}. */
  public static ConfigSources system() {
    return new ConfigSources(System::getProperty, System.getenv(), Path.of(System.getProperty("user.home")));
  }

  /** A system property, trimmed; empty when unset or blank. */
  public Optional<String> property(String name) {
    return nonBlank(systemProperty.apply(name));
  }

  /** An environment variable, trimmed; empty when unset or blank. */
  public Optional<String> envVar(String name) {
    return nonBlank(env.get(name));
  }

  /** {@code ~/.aihc/profiles}. */
  public Path profileFile() {
    return home.resolve(".aihc").resolve("profiles");
  }

  /** The profile named by {@code aihc.profile}, else {@code AIHC_PROFILE}, else {@code default}. */
  public String profileName() {
    return property(PROFILE_PROPERTY).or(() -> envVar(PROFILE_ENV)).orElse(DEFAULT_PROFILE);
  }

  private static Optional<String> nonBlank(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }
}
