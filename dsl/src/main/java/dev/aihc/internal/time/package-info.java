/** AIHC's duration text ({@code 7d}, {@code 30m}) as one value, for the DSL, the CLI and the engine; not API. */
package dev.aihc.internal.time;
