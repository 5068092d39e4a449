package dev.aihc.insight;

import dev.aihc.wire.PodItem;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The order replicas are shown in: master first, then workers by number ({@code worker-2} before
 * {@code worker-10}).
 */
final class Pods {
  private static final Pattern INDEX = Pattern.compile("-(\\d+)$");
  private static final Comparator<PodItem> ORDER = Comparator
      .comparing((PodItem p) -> !"master".equalsIgnoreCase(p.replicaType()))
      .thenComparingLong(Pods::index)
      .thenComparing(p -> String.valueOf(p.podName()));

  private Pods() {}

  /** {@code pods} in that order. */
  static List<PodItem> inOrder(List<PodItem> pods) {
    return pods.stream().sorted(ORDER).toList();
  }

  private static long index(PodItem pod) {
    Matcher m = INDEX.matcher(String.valueOf(pod.podName()));
    return m.find() ? Long.parseLong(m.group(1)) : Long.MAX_VALUE;
  }
}
