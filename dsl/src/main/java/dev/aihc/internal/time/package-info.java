/**
 * How long something took as status lines show it ({@code 3m 5s}); not API. AIHC's duration text
 * ({@code 7d}, {@code 30m}) is the job model's: {@code dev.aihc.dsl.DurationText}.
 */
package dev.aihc.internal.time;
