package dev.aihc;

import dev.aihc.dsl.AihcException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** Finds the Python on this machine that can import {@code torch.distributed}; see {@link Aihc#torchPython()}. */
final class TorchPython {
  /** Importing torch takes seconds on a busy machine; a Python that takes longer than this is of no use. */
  private static final long PROBE_SECONDS = 60;
  private static volatile String found;

  private TorchPython() {}

  /**
   * {@code ./aihc quickstart}'s lookup: prints the Python's path, or says what was tried and exits 1 (the
   * launcher then installs python3-torch when it runs as root).
   */
  public static void main(String[] args) {
    try {
      System.out.println(find());
    } catch (AihcException e) {
      System.err.println(e.getMessage());
      System.exit(1);
    }
  }

  static String find() {
    String python = found;
    if (python == null) found = python = find(candidates());
    return python;
  }

  /** The first of {@code candidates} that can import torch.distributed, as an absolute path. */
  static String find(Collection<String> candidates) {
    List<String> tried = new ArrayList<>();
    for (String candidate : candidates) {
      String executable = probe(candidate);
      if (executable != null) return executable;
      tried.add(candidate);
    }
    throw new AihcException("no Python here can import torch.distributed (tried " + String.join(", ", tried)
        + "). Install it with sudo apt-get install -y python3-torch, or set AIHC_PYTHON to a Python that has it");
  }

  /**
   * AIHC_PYTHON, python3 on the PATH, then the system's own: Debian's python3-torch belongs to
   * /usr/bin/python3, which a pyenv or virtualenv python3 first on the PATH hides.
   */
  private static Set<String> candidates() {
    Set<String> candidates = new LinkedHashSet<>();
    String env = System.getenv("AIHC_PYTHON");
    if (env != null && !env.isBlank()) candidates.add(env.strip());
    candidates.add("python3");
    candidates.add("/usr/bin/python3");
    candidates.add("/usr/local/bin/python3");
    return candidates;
  }

  /** The absolute path of {@code python} when it can import torch.distributed, else null. */
  private static String probe(String python) {
    Process p;
    try {
      p = new ProcessBuilder(python, "-c", "import sys, torch.distributed; print(sys.executable)")
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      return null; // no such program
    }
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!p.waitFor(PROBE_SECONDS, TimeUnit.SECONDS)) return null;
      return p.exitValue() == 0 && !out.isEmpty() ? out : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AihcException("interrupted while looking for a Python that can import torch");
    } finally {
      p.destroy();
    }
  }
}
