package dev.aihc.internal.signing;

import java.util.Optional;

/**
 * What signing needs of a key pair, and all it may see: the client's public {@code Credentials} is one,
 * so this package signs and verifies without depending on the client that uses it.
 */
public interface SigningKey {
  /** The access key id (AK); it is written into the Authorization header. */
  String accessKeyId();

  /** The secret access key (SK); only the signature is derived from it. */
  String secretAccessKey();

  /** The STS session token, sent as {@code x-bce-security-token}; empty for long-term keys. */
  Optional<String> sessionToken();
}
