/**
 * AIHC's duration text ({@code 7d}, {@code 30m}) as one value, for the DSL, the CLI and the engine, and how
 * long something took as status lines show it ({@code 3m 5s}); not API.
 */
package dev.aihc.internal.time;
