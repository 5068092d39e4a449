package dev.aihc.client;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import dev.aihc.internal.credentials.ConfigSources;

/**
 * Defaults that are not credentials: region, resource pool, queue and the image registry login.
 *
 * <p>Region, pool and queue come from system properties {@code aihc.region}, {@code aihc.pool},
 * {@code aihc.queue}, else env {@code AIHC_REGION}, {@code AIHC_POOL}, {@code AIHC_QUEUE}, else keys
 * {@code region}, {@code pool}, {@code queue} of the selected profile. The image login is taken as a
 * pair: env {@code AIHC_IMAGE_USERNAME} with {@code AIHC_IMAGE_PASSWORD} when both are set, else
 * {@code image_username} with {@code image_password} from the profile. {@link #toString()} masks the
 * password.
 *
 * <p>This class is immutable and thread-safe.
 */
public final class AihcSettings {
  private final String profileName;
  private final String region;
  private final String pool;
  private final String queue;
  private final String imageUsername;
  private final String imagePassword;

  private AihcSettings(String profileName, String region, String pool, String queue,
      String imageUsername, String imagePassword) {
    this.profileName = profileName;
    this.region = region;
    this.pool = pool;
    this.queue = queue;
    this.imageUsername = imageUsername;
    this.imagePassword = imagePassword;
  }

  /**
   * Reads the settings of this JVM and user.
   *
   * @throws ProfileFileException when {@code ~/.aihc/profiles} exists but is unsafe or malformed
   */
  public static AihcSettings resolve() {
    return resolve(ConfigSources.system());
  }

  static AihcSettings resolve(ConfigSources src) {
    String profileName = src.profileName();
    Map<String, String> profile = ProfileFile.load(src.profileFile())
        .flatMap(f -> f.section(profileName))
        .orElse(Map.of());
    String[] login = loginPair(src.envVar("AIHC_IMAGE_USERNAME"), src.envVar("AIHC_IMAGE_PASSWORD"))
        .or(() -> loginPair(CredentialSources.value(profile, "image_username"),
            CredentialSources.value(profile, "image_password")))
        .orElse(new String[2]);
    return new AihcSettings(
        profileName,
        pick(src, profile, "aihc.region", "AIHC_REGION", "region"),
        pick(src, profile, "aihc.pool", "AIHC_POOL", "pool"),
        pick(src, profile, "aihc.queue", "AIHC_QUEUE", "queue"),
        login[0],
        login[1]);
  }

  /** The profile these settings were read from ({@code aihc.profile}, else {@code AIHC_PROFILE}, else {@code default}). */
  public String profileName() {
    return profileName;
  }

  /** The region, e.g. {@code bj}. */
  public Optional<String> region() {
    return Optional.ofNullable(region);
  }

  /** The resource pool id, e.g. {@code cce-1uji3ib5} or {@code aihc-serverless}. */
  public Optional<String> pool() {
    return Optional.ofNullable(pool);
  }

  /** The queue: a name on a self-managed pool, an {@code aihcq-...} id on the managed pool. */
  public Optional<String> queue() {
    return Optional.ofNullable(queue);
  }

  /** The image registry user name, present only together with {@link #imagePassword()}. */
  public Optional<String> imageUsername() {
    return Optional.ofNullable(imageUsername);
  }

  /** The image registry password, present only together with {@link #imageUsername()}; never log it. */
  public Optional<String> imagePassword() {
    return Optional.ofNullable(imagePassword);
  }

  /**
   * The image registry login as a DSL value, so a notebook can write
   * {@code job.imageAuth(AihcSettings.resolve().imageAuth())} and keep the password out of its source.
   *
   * @throws dev.aihc.dsl.AihcException saying where the login is looked for, when there is none
   */
  public dev.aihc.dsl.ImageAuth imageAuth() {
    if (imageUsername == null || imagePassword == null) {
      throw new dev.aihc.dsl.AihcException("no image registry login is configured: set AIHC_IMAGE_USERNAME and "
          + "AIHC_IMAGE_PASSWORD, or image_username and image_password in profile [" + profileName
          + "] of ~/.aihc/profiles");
    }
    return new dev.aihc.dsl.ImageAuth(imageUsername, imagePassword);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof AihcSettings)) {
      return false;
    }
    AihcSettings s = (AihcSettings) o;
    return profileName.equals(s.profileName) && Objects.equals(region, s.region)
        && Objects.equals(pool, s.pool) && Objects.equals(queue, s.queue)
        && Objects.equals(imageUsername, s.imageUsername) && Objects.equals(imagePassword, s.imagePassword);
  }

  @Override
  public int hashCode() {
    return Objects.hash(profileName, region, pool, queue, imageUsername, imagePassword);
  }

  /** Shows every value except the image password, which appears as {@code ****}. */
  @Override
  public String toString() {
    return "AihcSettings{profile=" + profileName + ", region=" + region + ", pool=" + pool
        + ", queue=" + queue + ", imageUsername=" + imageUsername
        + ", imagePassword=" + (imagePassword == null ? null : "****") + "}";
  }

  /** A login counts only when both halves come from the same place. */
  private static Optional<String[]> loginPair(Optional<String> user, Optional<String> password) {
    return user.isPresent() && password.isPresent()
        ? Optional.of(new String[] {user.get(), password.get()})
        : Optional.empty();
  }

  private static String pick(ConfigSources src, Map<String, String> profile, String property, String env,
      String key) {
    return src.property(property)
        .or(() -> src.envVar(env))
        .or(() -> CredentialSources.value(profile, key))
        .orElse(null);
  }
}
