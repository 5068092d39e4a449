/**
 * The engine: creating jobs and starting their replicas once the scheduler admits them
 * ({@code JobStart}), following replicas to their end and what that means for the job
 * ({@code ReplicaLifecycle}), the changes the API asks for ({@code JobChanges}), and recovering what an
 * earlier engine left running. Its work runs on the loop of {@code internal.core}; the parts are made and
 * wired by {@code dev.aihc.local.EngineParts}.
 */
package dev.aihc.local.internal.engine;
