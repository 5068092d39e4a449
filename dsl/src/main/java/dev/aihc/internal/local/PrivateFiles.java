package dev.aihc.internal.local;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * An engine home is its owner's alone (a teaching server has many users): directories {@code 0700},
 * files {@code 0600}. Modes are given at creation, where the umask can only take bits away, so nothing
 * is ever looser than that whatever the umask; a home made by an older version is tightened once.
 */
public final class PrivateFiles {
  private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> DIRECTORY_MODE = PosixFilePermissions.fromString("rwx------");
  /** For {@code Files.createFile}, {@code FileChannel.open} and the like: {@code 0600}. */
  public static final FileAttribute<Set<PosixFilePermission>> FILE = PosixFilePermissions.asFileAttribute(FILE_MODE);
  /** For {@code Files.createDirectories}: {@code 0700}. */
  public static final FileAttribute<Set<PosixFilePermission>> DIRECTORY =
      PosixFilePermissions.asFileAttribute(DIRECTORY_MODE);

  private PrivateFiles() {}

  /** {@code dir} and every missing parent, each created {@code 0700}. */
  public static Path directories(Path dir) throws IOException {
    return Files.createDirectories(dir, DIRECTORY);
  }

  /** {@code file}, created empty with mode {@code 0600} when missing (an existing one is left as it is). */
  public static Path file(Path file) throws IOException {
    try {
      return Files.createFile(file, FILE);
    } catch (FileAlreadyExistsException e) {
      return file;
    }
  }

  /**
   * Takes group and other permissions off {@code root} and everything below it (not following links);
   * the owner's bits stay as they are.
   *
   * @return how many files and directories were changed: 0 for a home that was private already
   */
  public static int tighten(Path root) throws IOException {
    int[] changed = {0};
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        changed[0] += ownerOnly(dir);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        if (attrs.isRegularFile()) changed[0] += ownerOnly(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) {
        return FileVisitResult.CONTINUE; // gone meanwhile (a replica's file), or not ours to read
      }
    });
    return changed[0];
  }

  private static int ownerOnly(Path p) throws IOException {
    Set<PosixFilePermission> mode = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
    if (mode.stream().allMatch(m -> m.name().startsWith("OWNER_"))) return 0;
    mode.removeIf(m -> !m.name().startsWith("OWNER_"));
    Files.setPosixFilePermissions(p, mode);
    return 1;
  }
}
