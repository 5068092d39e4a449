/**
 * The client side of the local engine: finding, starting (detached, one per home) and stopping the
 * engine of a home, without a compile-time dependency on aihc-local. Not API: {@code dev.aihc.Aihc} and
 * {@code ./aihc local} use it.
 */
package dev.aihc.internal.local;
