package dev.aihc.dsl;

import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every problem found in a job at once, errors first. {@code toString()} lists one per line, or says
 * the job is valid.
 */
public final class Problems implements Iterable<Problem> {
  private final List<Problem> all;

  Problems(List<Problem> problems) {
    this.all = problems.stream()
        .sorted((a, b) -> a.severity().compareTo(b.severity()))
        .collect(Collectors.toUnmodifiableList());
  }

  /** Every problem, errors first, then warnings, each group in the order found. */
  public List<Problem> all() {
    return all;
  }

  /** The problems that refuse submission. */
  public List<Problem> errors() {
    return all.stream().filter(Problem::isError).collect(Collectors.toUnmodifiableList());
  }

  /** The problems that do not refuse submission. */
  public List<Problem> warnings() {
    return all.stream().filter(p -> !p.isError()).collect(Collectors.toUnmodifiableList());
  }

  /** Whether any problem is an ERROR. */
  public boolean hasErrors() {
    return all.stream().anyMatch(Problem::isError);
  }

  /** Whether there are no errors (warnings allowed). */
  public boolean isValid() {
    return !hasErrors();
  }

  /** Whether there is no problem at all. */
  public boolean isEmpty() {
    return all.isEmpty();
  }

  /** How many problems there are. */
  public int size() {
    return all.size();
  }

  /** The problems about one field path (or anything below it). */
  public List<Problem> about(String field) {
    return all.stream()
        .filter(p -> p.field().equals(field) || p.field().startsWith(field + ".")
            || p.field().startsWith(field + "["))
        .collect(Collectors.toUnmodifiableList());
  }

  /** A stream of every problem. */
  public Stream<Problem> stream() {
    return all.stream();
  }

  @Override
  public Iterator<Problem> iterator() {
    return all.iterator();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Problems other && other.all.equals(all);
  }

  @Override
  public int hashCode() {
    return all.hashCode();
  }

  /** One problem per line, or {@code no problems} for a clean job. */
  @Override
  public String toString() {
    if (all.isEmpty()) return "no problems";
    return all.stream().map(Problem::toString).collect(Collectors.joining("\n"));
  }
}
