/**
 * What every room of the engine stands on: the one loop thread every state change runs on, the
 * engine's failure ({@code EngineException}, a kind and a message, with no HTTP in it), and the wire's
 * time format.
 */
package dev.aihc.local.internal.core;
