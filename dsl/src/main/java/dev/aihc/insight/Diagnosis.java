package dev.aihc.insight;


import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Why a job failed and which replica started it, from {@link dev.aihc.client.JobResult#diagnosis()} or
 * {@link dev.aihc.client.Run#diagnosis()}. Built from the pods' exit codes and reasons, the job's and pods' events and
 * the end of every replica's log; the replicas ended because of another one's failure are not blamed.
 *
 * @param cause what went wrong
 * @param culprit the short name of the replica that failed first ({@code worker-0}), empty when no
 *     replica is to blame (the job failed before any ran)
 * @param evidence the few log lines and events that show it, each prefixed with its replica
 * @param hint what to try
 * @param loggedRank the global rank of the failing process as the culprit's log shows it (PyTorch's
 *     {@code [rank5]:} prefix, torchrun's {@code rank : 5} summary), empty when it shows none
 */
public record Diagnosis(FailureCause cause, String culprit, List<String> evidence, String hint, OptionalInt loggedRank) {
  /** Checks and copies. */
  public Diagnosis {
    Objects.requireNonNull(cause, "cause");
    culprit = culprit == null ? "" : culprit;
    evidence = evidence == null ? List.of() : List.copyOf(evidence);
    hint = hint == null ? "" : hint;
    loggedRank = loggedRank == null ? OptionalInt.empty() : loggedRank;
  }

  /** A diagnosis whose culprit's log shows no rank. */
  public Diagnosis(FailureCause cause, String culprit, List<String> evidence, String hint) {
    this(cause, culprit, evidence, hint, OptionalInt.empty());
  }

  /**
   * The culprit's global rank in torch.distributed: the one its log shows ({@code [rank5]:}, when a replica
   * runs several processes), else the replica's own with one process each: 0 for {@code master-0}, N+1 for
   * {@code worker-N}.
   */
  public OptionalInt rank() {
    return loggedRank.isPresent() ? loggedRank : rankOf(culprit);
  }

  /** One line: {@code Python exception in worker-0 (rank 1): ValueError: bad batch at step 2}. */
  public String summary() {
    StringBuilder s = new StringBuilder(cause.text());
    if (!culprit.isEmpty()) {
      s.append(" in ").append(culprit);
      rank().ifPresent(r -> s.append(" (rank ").append(r).append(')'));
    }
    String key = keyLine();
    if (!key.isEmpty()) s.append(": ").append(key);
    return s.toString();
  }

  /** The summary, the evidence indented below it, then the hint. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(summary());
    for (String e : evidence) s.append("\n  ").append(e);
    if (!hint.isEmpty()) s.append("\n  hint: ").append(hint);
    return s.toString();
  }

  /** The last evidence line without its replica prefix: the exception, the signal, the error. */
  private String keyLine() {
    if (evidence.isEmpty()) return "";
    String last = evidence.get(evidence.size() - 1);
    return last.startsWith("[") && last.indexOf("] ") > 0 ? last.substring(last.indexOf("] ") + 2) : last;
  }

  static OptionalInt rankOf(String pod) {
    if (pod == null) return OptionalInt.empty();
    if (pod.equals("master-0")) return OptionalInt.of(0);
    if (pod.startsWith("worker-")) {
      try {
        return OptionalInt.of(Integer.parseInt(pod.substring("worker-".length())) + 1);
      } catch (NumberFormatException e) {
        return OptionalInt.empty();
      }
    }
    return OptionalInt.empty();
  }
}
