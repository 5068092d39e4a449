package dev.aihc.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The INI profile file: {@code [name]} sections of {@code key = value} lines; {@code #} and {@code ;}
 * start a comment line. There are no inline comments, because a secret may contain {@code #}.
 */
final class ProfileFile {
  /** Files read, by path, with what identified the version read. */
  private static final Map<Path, Read> READ = new ConcurrentHashMap<>();

  private record Read(FileTime modified, long size, Object fileKey, ProfileFile file) {
    boolean sameAs(BasicFileAttributes now) {
      return modified.equals(now.lastModifiedTime()) && size == now.size() && Objects.equals(fileKey, now.fileKey())
          && System.currentTimeMillis() - modified.toMillis() > 1000;
    }
  }

  private final Path path;
  private final Map<String, Map<String, String>> sections;

  private ProfileFile(Path path, Map<String, Map<String, String>> sections) {
    this.path = path;
    this.sections = sections;
  }

  /**
   * Reads {@code file}; empty when it does not exist.
   *
   * <p>A client resolves its credentials for every request it signs, so the parsed file is kept and
   * read again only when the file changed (its modification time, size or inode), or was modified in
   * the last second (file times are coarser than that on some file systems): a rotated key still takes
   * effect on the next request, and a request no longer costs opening, reading and parsing the file.
   * Its permissions are checked every time.
   *
   * @throws ProfileFileException when it is readable by group or others, unreadable, or malformed
   */
  static Optional<ProfileFile> load(Path file) {
    BasicFileAttributes attributes;
    try {
      attributes = attributes(file);
    } catch (NoSuchFileException e) {
      READ.remove(file);
      return Optional.empty();
    } catch (IOException e) {
      throw new ProfileFileException(file, "Cannot read the permissions of " + file + ": " + e.getMessage(), e);
    }
    if (attributes instanceof PosixFileAttributes posix) refuseIfShared(file, posix.permissions());
    Read kept = READ.get(file);
    if (kept != null && kept.sameAs(attributes)) return Optional.of(kept.file());
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new ProfileFileException(file, "Cannot read " + file + ": " + e.getMessage(), e);
    }
    ProfileFile read = new ProfileFile(file, parse(file, lines));
    READ.put(file, new Read(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey(), read));
    return Optional.of(read);
  }

  /** The file's POSIX attributes, or its basic ones where there are none (Windows: its ACLs are all we have). */
  private static BasicFileAttributes attributes(Path file) throws IOException {
    try {
      return Files.readAttributes(file, PosixFileAttributes.class);
    } catch (UnsupportedOperationException e) {
      return Files.readAttributes(file, BasicFileAttributes.class);
    }
  }

  Path path() {
    return path;
  }

  Set<String> sectionNames() {
    return sections.keySet();
  }

  /** The keys of section {@code name} (lower-case keys, trimmed values). */
  Optional<Map<String, String>> section(String name) {
    return Optional.ofNullable(sections.get(name));
  }

  private static void refuseIfShared(Path file, Set<PosixFilePermission> perms) {
    if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
      throw new ProfileFileException(file, "Refusing to read " + file
          + ": it holds secret keys but is readable by group or others. Run: chmod 600 " + file);
    }
  }

  private static Map<String, Map<String, String>> parse(Path file, List<String> lines) {
    Map<String, Map<String, String>> sections = new LinkedHashMap<>();
    Map<String, String> current = null;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (i == 0 && line.startsWith("\uFEFF")) {
        line = line.substring(1).strip();
      }
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        String name = line.substring(1, line.length() - 1).strip();
        if (name.isEmpty() || sections.containsKey(name)) {
          throw malformed(file, i, name.isEmpty() ? "has an empty [section] name" : "repeats section [" + name + "]");
        }
        current = new LinkedHashMap<>();
        sections.put(name, current);
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        // the line itself is not quoted: it may be a pasted secret
        throw malformed(file, i, "is neither [section] nor key = value");
      }
      if (current == null) {
        throw malformed(file, i, "has a key before the first [section]");
      }
      current.put(line.substring(0, eq).strip().toLowerCase(Locale.ROOT), line.substring(eq + 1).strip());
    }
    return sections;
  }

  private static ProfileFileException malformed(Path file, int index, String problem) {
    return new ProfileFileException(file, file + ": line " + (index + 1) + " " + problem
        + ". Expected [profile] headers followed by key = value lines.");
  }
}
