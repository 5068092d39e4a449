package dev.aihc.dsl;

import java.util.Objects;

/**
 * Credentials for a private image registry ({@code jobSpec.imageConfig}). The password never appears
 * in {@code toString()}.
 *
 * @param username the registry user
 * @param password the registry password (a secret)
 */
public record ImageAuth(String username, String password) {
  /** Checks both parts are present. */
  public ImageAuth {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
  }

  /** {@code robot/****}: the password is masked. */
  @Override
  public String toString() {
    return username + "/****";
  }
}
