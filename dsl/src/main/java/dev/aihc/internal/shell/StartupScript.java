package dev.aihc.internal.shell;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The product's JShell startup script, {@code dev/aihc/aihc.jsh}, read from the class path. */
final class StartupScript {

  /** Name used in messages about the startup script. */
  static final String NAME = "aihc.jsh";

  /** Resource path inside the dsl jar. */
  static final String RESOURCE = "/dev/aihc/aihc.jsh";

  private StartupScript() {}

  /** The script's text; fails if the dsl jar on the class path does not contain it. */
  static String text() {
    try (InputStream in = StartupScript.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            RESOURCE + " not found on the class path. Put the aihc-dsl jar on the class path"
                + " (./aihc does this; rebuild with mvn package if it is stale).");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }
}
