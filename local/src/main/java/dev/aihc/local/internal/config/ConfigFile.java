package dev.aihc.local.internal.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aihc.internal.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * {@code <home>/config.json}, read and parsed once when the engine starts ({@link Home#config()}); its
 * sections are then read by {@link EngineOptionsFile} (data sources, alerts, TensorBoard, time scale) and
 * by the scheduler's pools reader. A mistake anywhere is an {@link IllegalArgumentException} that names the
 * file.
 *
 * @param file where it is
 * @param root the parsed JSON, or null when there is no file
 */
public record ConfigFile(Path file, JsonNode root) {
  /** The file's name in the home. */
  public static final String NAME = "config.json";

  /**
   * Reads {@code file}; a missing file is one with no settings.
   *
   * @throws IllegalArgumentException naming the file when it is not JSON
   * @throws UncheckedIOException when it exists but cannot be read
   */
  static ConfigFile read(Path file) {
    try {
      return new ConfigFile(file, Json.mapper().readTree(Files.readString(file)));
    } catch (NoSuchFileException e) {
      return new ConfigFile(file, null);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(file + " is not valid JSON: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Whether the file exists. */
  public boolean exists() {
    return root != null;
  }

  /** The directory relative paths in the file are taken from. */
  public Path home() {
    return file.getParent();
  }

  /** {@code message} as a mistake in this file. */
  public IllegalArgumentException mistake(String message, Throwable cause) {
    return new IllegalArgumentException(file + ": " + message, cause);
  }
}
