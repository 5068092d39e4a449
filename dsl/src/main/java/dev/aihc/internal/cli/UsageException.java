package dev.aihc.internal.cli;

/** A command line that cannot be run as written: exit status 2, with the fix. */
final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
