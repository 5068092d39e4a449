package dev.aihc.dsl;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code alertConfig}: which job events raise an alert through a Cprom monitoring instance. Start from
 * {@link #NONE} (or the lambda of {@link Job#alert(java.util.function.UnaryOperator)}); every step
 * returns a new value.
 *
 * @param instanceId the Cprom instance, such as {@code cprom-abc123}, or null
 * @param alertItems the events, in wire spelling ({@code jobFailed} ...)
 * @param forDuration the wire {@code for}: how long a condition holds before alerting, like {@code 0m}, or null
 * @param notifyRuleId the notification rule, or null
 */
public record Alert(String instanceId, List<String> alertItems, String forDuration, String notifyRuleId) {
  /** Nothing set. */
  public static final Alert NONE = new Alert(null, List.of(), null, null);

  /** Copies the items. */
  public Alert {
    alertItems = List.copyOf(Objects.requireNonNull(alertItems, "alertItems"));
  }

  /** This alert sent through Cprom instance {@code instanceId}. */
  @CheckReturnValue
  public Alert instanceId(String instanceId) {
    return new Alert(Objects.requireNonNull(instanceId, "instanceId"), alertItems, forDuration, notifyRuleId);
  }

  /** This alert also raised on {@code items}. */
  @CheckReturnValue
  public Alert alertItems(AlertItem... items) {
    List<String> all = new ArrayList<>(alertItems);
    for (AlertItem item : items) all.add(Objects.requireNonNull(item, "item").wireName());
    return new Alert(instanceId, all, forDuration, notifyRuleId);
  }

  /** This alert also raised on the item spelled {@code wireName} (checked by validation). */
  @CheckReturnValue
  public Alert alertItem(String wireName) {
    List<String> all = new ArrayList<>(alertItems);
    all.add(Objects.requireNonNull(wireName, "wireName"));
    return new Alert(instanceId, all, forDuration, notifyRuleId);
  }

  /** The wire {@code for}: alert once the condition has held this long ({@code 0m} alerts at once). */
  @CheckReturnValue
  public Alert forDuration(Duration d) {
    Objects.requireNonNull(d, "forDuration");
    if (d.isNegative()) throw new IllegalArgumentException("forDuration must not be negative but was " + d);
    return new Alert(instanceId, alertItems, DurationText.of(d, DurationText.Unit.MINUTES).toString(), notifyRuleId);
  }

  /** The wire {@code for} as written, such as {@code 0m} or {@code 30s} (checked by validation). */
  @CheckReturnValue
  public Alert forDuration(String text) {
    return new Alert(instanceId, alertItems, Objects.requireNonNull(text, "forDuration"), notifyRuleId);
  }

  /** The notification rule to use. */
  @CheckReturnValue
  public Alert notifyRuleId(String notifyRuleId) {
    return new Alert(instanceId, alertItems, forDuration, Objects.requireNonNull(notifyRuleId, "notifyRuleId"));
  }

  @Override
  public String toString() {
    return alertItems + (instanceId == null ? "" : " via " + instanceId)
        + (forDuration == null ? "" : " for " + forDuration)
        + (notifyRuleId == null ? "" : " rule " + notifyRuleId);
  }
}
