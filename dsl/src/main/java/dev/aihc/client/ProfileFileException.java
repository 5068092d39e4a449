package dev.aihc.client;

import dev.aihc.dsl.AihcException;
import java.nio.file.Path;

/**
 * The profile file ({@code ~/.aihc/profiles}) exists but cannot be used: it is readable by other
 * users, cannot be read, or is not valid INI. Unlike a missing file, this stops the credentials
 * chain: the user meant to use that file.
 */
public class ProfileFileException extends AihcException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;

  /** A problem with {@code file}, described by {@code message} (which names the file and the fix). */
  public ProfileFileException(Path file, String message) {
    super(message);
    this.file = file;
  }

  /** Same, caused by {@code cause}. */
  public ProfileFileException(Path file, String message, Throwable cause) {
    super(message, cause);
    this.file = file;
  }

  /** The file that was refused. */
  public Path file() {
    return file;
  }
}
