package dev.aihc.local.internal.config;

import dev.aihc.client.Credentials;
import dev.aihc.internal.local.LocalHome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine's own key pair when the config names none: profile {@code [local]} of
 * {@code <home>/credentials}, in the client's profile-file format (so {@link LocalHome#keys()} reads it).
 * Created with random keys and mode 600 on first start.
 */
public final class LocalCredentials {
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private LocalCredentials() {}

  public static Credentials loadOrCreate(Path file) throws IOException {
    if (!Files.exists(file)) {
      String text = "# Keys the aihc-local engine accepts; read them with\n"
          + "# CredentialsProvider.profile(Path.of(\"" + file + "\"), \"" + LocalHome.PROFILE + "\")\n"
          + "[" + LocalHome.PROFILE + "]\n"
          + "access_key_id = " + random(32) + "\n"
          + "secret_access_key = " + random(32) + "\n";
      try {
        // Created with mode 600 from the start: the secret is never readable by others, not even briefly.
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
      } catch (FileAlreadyExistsException e) {
        // another process created it first: read theirs
      }
    }
    return read(file);
  }

  private static Credentials read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    Map<String, String> keys = new HashMap<>();
    boolean inSection = false;
    for (String raw : lines) {
      String line = raw.trim();
      if (line.startsWith("[")) {
        inSection = line.equals("[" + LocalHome.PROFILE + "]");
      } else if (inSection && line.contains("=") && !line.startsWith("#") && !line.startsWith(";")) {
        int eq = line.indexOf('=');
        keys.put(line.substring(0, eq).trim().toLowerCase(java.util.Locale.ROOT), line.substring(eq + 1).trim());
      }
    }
    String ak = keys.get("access_key_id");
    String sk = keys.get("secret_access_key");
    if (ak == null || sk == null || ak.isEmpty() || sk.isEmpty()) {
      throw new IOException(file + " has no access_key_id and secret_access_key in section [" + LocalHome.PROFILE
          + "]. Fix the file, delete it to get new keys, or pass credentials in LocalEngineConfig");
    }
    return Credentials.of(ak, sk);
  }

  private static String random(int n) {
    StringBuilder s = new StringBuilder(n);
    for (int i = 0; i < n; i++) s.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    return s.toString();
  }
}
