package dev.aihc.client;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import dev.aihc.internal.credentials.ConfigSources;

/**
 * Supplies the credentials for a request. The client asks once per request, so a provider may
 * pick up rotated keys (a profile is re-read each time).
 *
 * <p>Typical use: {@code CredentialsProvider.defaultChain()}, or
 * {@code CredentialsProvider.of(Credentials.of(ak, sk))} for explicit keys.
 */
@FunctionalInterface
public interface CredentialsProvider {

  /**
   * Returns credentials with both an access key id and a secret access key.
   *
   * @throws CredentialsNotFoundException when this provider has none; the message says where it looked
   * @throws ProfileFileException when a profile file exists but is unsafe or unreadable
   */
  Credentials resolve();

  /** Always returns {@code credentials}. */
  static CredentialsProvider of(Credentials credentials) {
    Objects.requireNonNull(credentials, "credentials");
    return () -> credentials;
  }

  /**
   * System properties {@code aihc.accessKeyId} and {@code aihc.secretAccessKey}, plus
   * {@code aihc.sessionToken} when set; read at each call.
   */
  static CredentialsProvider systemProperties() {
    return CredentialSources.systemProperties(ConfigSources.system());
  }

  /** Environment variables {@code BCE_ACCESS_KEY_ID}, {@code BCE_SECRET_ACCESS_KEY}, optional {@code BCE_SESSION_TOKEN}. */
  static CredentialsProvider environment() {
    return CredentialSources.environment(ConfigSources.system());
  }

  /**
   * The profile named by env {@code AIHC_PROFILE} (else {@code default}) in {@code ~/.aihc/profiles}:
   * keys {@code access_key_id}, {@code secret_access_key}, optional {@code session_token}. A file that
   * group or others can read is refused with a {@link ProfileFileException}.
   */
  static CredentialsProvider profile() {
    return CredentialSources.profile(ConfigSources.system());
  }

  /** Section {@code name} of the INI file {@code file}; see {@link #profile()}. */
  static CredentialsProvider profile(Path file, String name) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(name, "name");
    return CredentialSources.profile(() -> file, () -> name);
  }

  /**
   * Tries each provider in order; the first that returns credentials wins. When none does, throws
   * one {@link CredentialsNotFoundException} listing every provider's attempt. Any other failure
   * (such as an unsafe profile file) stops the chain.
   */
  static CredentialsProvider chain(CredentialsProvider... providers) {
    Objects.requireNonNull(providers, "providers");
    if (providers.length == 0) {
      throw new IllegalArgumentException("chain needs at least one provider");
    }
    List<CredentialsProvider> list = List.of(providers); // rejects null elements
    return CredentialSources.chain(list);
  }

  /**
   * System properties, then the environment, then the profile file. Explicit credentials given to the
   * client take precedence over this whole chain.
   */
  static CredentialsProvider defaultChain() {
    return CredentialSources.defaultChain(ConfigSources.system());
  }
}
