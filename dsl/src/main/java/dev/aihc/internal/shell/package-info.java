/**
 * The console JShell runner behind {@code ./aihc run} and {@code ./aihc shell}. Internal: not API, and
 * not imported by the startup script.
 */
package dev.aihc.internal.shell;
