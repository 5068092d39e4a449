package dev.aihc.wire;

/**
 * One entry of a job's {@code jobTimeLine}.
 *
 * @param conditionType the status reached, such as {@code Running}
 * @param time when, RFC 3339
 */
public record JobCondition(String conditionType, String time) {}
