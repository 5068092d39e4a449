package dev.aihc.internal.shell;

import dev.aihc.internal.shell.SnippetSplitter.Snippet;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.Snippet.Status;
import jdk.jshell.SnippetEvent;
import jdk.jshell.UnresolvedReferenceException;

/**
 * Evaluates the startup script and then a script file, snippet by snippet, in this JVM, and stops at
 * the first snippet that does not compile, cannot be declared, throws or is interrupted, reporting it
 * as {@code FILE:LINE: ...} on the error stream.
 *
 * <p>Snippet output goes straight to {@code System.out}/{@code System.err}: the snippets run here.
 */
public final class ScriptRunner implements AutoCloseable {

  /** Exit status after Ctrl-C, as a shell reports a process killed by SIGINT. */
  static final int INTERRUPTED = 130;

  private static final int RAN_TO_END = -1;
  private static final Pattern EXIT = Pattern.compile("/exit(?:\\s+(-?\\d+))?\\s*");
  // javac names the synthetic wrapper class here; it means nothing to a script's author.
  private static final Pattern WRAPPER_LOCATION = Pattern.compile("\\s*location: class\\s*");

  private final PrintStream err;
  private final ScriptExecutionControl control = new ScriptExecutionControl();
  private final JShell jshell;
  private final Map<String, Origin> origins = new HashMap<>();
  /** The name of the variable or expression the last evaluated snippet produced, for {@link #lastValue()}. */
  private String lastValueName;

  /** Where an evaluated snippet came from, to map diagnostics and stack frames back to a file line. */
  private record Origin(Script script, Snippet snippet) {}

  /** A named script and its lines, for quoting the offending line. */
  record Script(String name, String text) {
    String line(int number) {
      String[] lines = text.split("\n", -1);
      return number >= 1 && number <= lines.length ? stripCr(lines[number - 1]) : "";
    }
  }

  /** A runner whose snippets compile against {@code classPath} (also this JVM's class path). */
  public ScriptRunner(String classPath, PrintStream err) {
    this.err = err;
    this.jshell = JShell.builder()
        .executionEngine(control.provider(), Map.of())
        .compilerOptions("--class-path", classPath)
        .build();
  }

  /**
   * The value of the script's last snippet when it was an expression or a variable declaration (the
   * CLI's {@code submit FILE.jsh} takes the job a script ends with), else empty. The snippets run in
   * this JVM, so the object itself is handed over.
   */
  public java.util.Optional<Object> lastValue() {
    if (lastValueName == null) return java.util.Optional.empty();
    Handoff.clear();
    List<SnippetEvent> events = jshell.eval(Handoff.class.getName() + ".put(" + lastValueName + ");");
    if (events.isEmpty() || events.get(0).exception() != null
        || events.get(0).status() != Status.VALID) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.ofNullable(Handoff.take());
  }

  /** Runs the startup script, then {@code text} (named {@code name} in errors); returns the exit status. */
  public int runScript(String name, String text) {
    return run(new Script(StartupScript.NAME, StartupScript.text()), new Script(name, text));
  }

  /** Asks the running snippet to stop; see {@link ScriptExecutionControl#interrupt()}. */
  void interrupt() {
    control.interrupt();
  }

  /**
   * Runs {@code startup} and then {@code script}.
   *
   * @return the process exit status: 0 at the end of the script, 1 for a failed snippet, {@link
   *     #INTERRUPTED}, or the status given to {@code /exit}
   */
  int run(Script startup, Script script) {
    int status = evaluate(startup);
    if (status == RAN_TO_END) {
      status = evaluate(script);
    }
    return status == RAN_TO_END ? 0 : status;
  }

  private int evaluate(Script script) {
    for (Snippet snippet : SnippetSplitter.split(script.text(), jshell.sourceCodeAnalysis())) {
      if (control.interruptRequested()) {
        return interrupted(script, snippet);
      }
      if (snippet.isCommand()) {
        Matcher exit = EXIT.matcher(snippet.source());
        if (exit.matches()) {
          return exit.group(1) == null ? 0 : Integer.parseInt(exit.group(1));
        }
        return report(script, snippet.line(), "error: only the JShell command /exit may appear in a"
            + " script, not " + snippet.source().split("\\s", 2)[0], snippet.line());
      }
      int status = evaluate(script, snippet);
      if (status != RAN_TO_END) {
        return status;
      }
    }
    return RAN_TO_END;
  }

  private int evaluate(Script script, Snippet snippet) {
    List<SnippetEvent> events = jshell.eval(snippet.source());
    System.out.flush();
    if (control.interruptRequested()) {
      return interrupted(script, snippet);
    }
    boolean unexpected = false;
    for (SnippetEvent event : events) {
      if (event.causeSnippet() != null) {
        continue; // a consequence for an earlier snippet, e.g. one it replaced
      }
      origins.put(event.snippet().id(), new Origin(script, snippet));
      Status status = event.status();
      if (status == Status.REJECTED) {
        return compileError(script, snippet, event.snippet());
      }
      if (status == Status.RECOVERABLE_NOT_DEFINED) {
        return undeclared(script, snippet, event.snippet());
      }
      if (event.exception() != null) {
        return exception(script, snippet, event.exception());
      }
      lastValueName = event.snippet() instanceof jdk.jshell.VarSnippet v ? v.name()
          : event.snippet() instanceof jdk.jshell.ExpressionSnippet e ? e.name() : null;
      unexpected |= status != Status.VALID && status != Status.RECOVERABLE_DEFINED;
    }
    if (!snippet.complete() || events.isEmpty() || unexpected) {
      return report(script, snippet.line(), "error: incomplete or unparsable code (check for an"
          + " unclosed bracket or string, or a missing ';' before the next statement)", snippet.line());
    }
    return RAN_TO_END;
  }

  private int compileError(Script script, Snippet snippet, jdk.jshell.Snippet rejected) {
    List<Diag> errors = jshell.diagnostics(rejected).filter(Diag::isError).collect(Collectors.toList());
    if (errors.isEmpty()) {
      return report(script, snippet.line(), "error: snippet rejected by JShell", snippet.line());
    }
    Diag diag = errors.get(0);
    long position = diag.getPosition() >= 0 ? diag.getPosition() : diag.getStartPosition();
    int offset = (int) Math.max(0, Math.min(position, snippet.source().length()));
    String before = snippet.source().substring(0, offset);
    int lineInSnippet = (int) before.chars().filter(c -> c == '\n').count();
    int line = snippet.line() + lineInSnippet;
    int column = lineInSnippet == 0
        ? snippet.column() + offset
        : offset - before.lastIndexOf('\n');
    String[] message = diag.getMessage(null).split("\n");
    System.out.flush();
    err.println(script.name() + ":" + line + ": error: " + message[0]);
    String text = script.line(line);
    err.println(text);
    err.println(caret(text, column));
    for (int i = 1; i < message.length; i++) {
      if (!WRAPPER_LOCATION.matcher(message[i]).matches()) {
        err.println(message[i]);
      }
    }
    err.flush();
    return 1;
  }

  private int undeclared(Script script, Snippet snippet, jdk.jshell.Snippet declaration) {
    String missing = declaration instanceof jdk.jshell.DeclarationSnippet d
        ? String.join(", ", jshell.unresolvedDependencies(d).collect(Collectors.toList()))
        : "";
    String name = declaration instanceof jdk.jshell.DeclarationSnippet d ? d.name() : "snippet";
    return report(script, snippet.line(),
        "error: " + name + " uses undeclared " + (missing.isEmpty() ? "names" : missing),
        snippet.line());
  }

  private int exception(Script script, Snippet snippet, Exception thrown) {
    if (thrown instanceof UnresolvedReferenceException unresolved) {
      String missing = String.join(", ",
          jshell.unresolvedDependencies(unresolved.getSnippet()).collect(Collectors.toList()));
      return report(script, snippet.line(), "error: " + unresolved.getSnippet().name()
          + " cannot run: it uses undeclared " + missing, snippet.line());
    }
    System.out.flush();
    Frame top = firstScriptFrame(thrown);
    String where = top != null ? top.where() : script.name() + ":" + snippet.line();
    err.println(where + ": exception " + describe(thrown));
    printFrames(thrown);
    for (Throwable cause = thrown.getCause(); cause != null; cause = cause.getCause()) {
      err.println("Caused by: " + describe(cause));
      printFrames(cause);
    }
    err.flush();
    return 1;
  }

  private int interrupted(Script script, Snippet snippet) {
    report(script, snippet.line(), "interrupted", -1);
    return INTERRUPTED;
  }

  /** Prints {@code FILE:LINE: message}, and the source line when {@code quoteLine} >= 1; returns 1. */
  private int report(Script script, int line, String message, int quoteLine) {
    System.out.flush();
    err.println(script.name() + ":" + line + ": " + message);
    if (quoteLine >= 1) {
      err.println(script.line(quoteLine));
    }
    err.flush();
    return 1;
  }

  private static String describe(Throwable t) {
    String name = t instanceof EvalException e ? e.getExceptionClassName() : t.getClass().getName();
    return t.getMessage() == null ? name : name + ": " + t.getMessage();
  }

  /** A stack frame inside a snippet, mapped to the script line it came from. */
  private record Frame(String method, String where) {}

  private Frame scriptFrame(StackTraceElement element) {
    String file = element.getFileName();
    if (file == null || !file.startsWith("#")) {
      return null;
    }
    Origin origin = origins.get(file.substring(1));
    if (origin == null) {
      return null;
    }
    int line = origin.snippet().line() + Math.max(element.getLineNumber(), 1) - 1;
    String cls = element.getClassName();
    String method = element.getMethodName();
    if (method.startsWith("lambda$")) {
      method = "lambda"; // javac's synthetic name, e.g. lambda$do_it$$0
    }
    String name = method.isEmpty() || method.startsWith("do_it$") ? ""
        : cls.isEmpty() ? method : cls + "." + method;
    return new Frame(name, origin.script().name() + ":" + line);
  }

  private Frame firstScriptFrame(Throwable t) {
    for (StackTraceElement element : t.getStackTrace()) {
      Frame frame = scriptFrame(element);
      if (frame != null) {
        return frame;
      }
    }
    return null;
  }

  /** Prints the frames down to the outermost script frame; JShell's own frames are left out. */
  private void printFrames(Throwable t) {
    StackTraceElement[] trace = t.getStackTrace();
    int last = trace.length - 1;
    while (last >= 0 && scriptFrame(trace[last]) == null) {
      last--;
    }
    if (last < 0) {
      last = trace.length - 1;
    }
    for (int i = 0; i <= last; i++) {
      Frame frame = scriptFrame(trace[i]);
      if (frame == null) {
        err.println("    at " + trace[i]);
      } else if (frame.method().isEmpty()) {
        err.println("    at " + frame.where());
      } else {
        err.println("    at " + frame.method() + "(" + frame.where() + ")");
      }
    }
  }

  private static String caret(String line, int column) {
    StringBuilder pad = new StringBuilder();
    for (int i = 0; i < column - 1 && i < line.length(); i++) {
      pad.append(line.charAt(i) == '\t' ? '\t' : ' ');
    }
    return pad.append('^').toString();
  }

  private static String stripCr(String s) {
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }

  @Override
  public void close() {
    jshell.close();
  }
}
