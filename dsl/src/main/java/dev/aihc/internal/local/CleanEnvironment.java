package dev.aihc.internal.local;

import java.util.Map;
import java.util.Set;

/**
 * What of the starting shell's environment the local engine and its replicas keep: the path, the user's
 * name and home, the shell, the locale and time zone, the temporary directory. Nothing else: the shell
 * that started an engine may hold a user's cloud keys ({@code BCE_SECRET_ACCESS_KEY}), an image password
 * or an {@code LD_PRELOAD}, and what the engine kept would reach every replica of every job, whose log
 * is one print away. A replica adds what AIHC injects and the job's own env; the daemonised engine adds
 * only its own settings.
 */
public final class CleanEnvironment {
  private static final Set<String> BASICS = Set.of("PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LANGUAGE",
      "TZ", "TMPDIR");

  private CleanEnvironment() {}

  /** Whether the variable {@code name} is kept: a basic, or a locale category ({@code LC_*}). */
  public static boolean kept(String name) {
    return BASICS.contains(name) || name.startsWith("LC_");
  }

  /** Removes from {@code env} (such as {@code ProcessBuilder.environment()}) all but what is kept. */
  public static void retainBasics(Map<String, String> env) {
    env.keySet().removeIf(name -> !kept(name));
  }
}
