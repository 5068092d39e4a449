/**
 * The local engine: AIHC's v2 job API on 127.0.0.1, running each replica as a process group on this
 * Linux host, with jobs in SQLite. Start it with {@link dev.aihc.local.LocalEngine#start}, or as a
 * process with {@link dev.aihc.local.LocalEngineMain}.
 *
 * <p>Everything else is internal, one package per part a request passes through, in layers that only
 * import downward (a test pins them):
 *
 * <ol>
 *   <li>{@code internal.api}: HTTP and the actions; the one place an engine failure becomes an HTTP status
 *       and error code;
 *   <li>{@code internal.engine}: creating and starting jobs, following replicas to a job's status, and
 *       recovering what an earlier engine left running;
 *   <li>{@code internal.sched} (pools, queues, the gang scheduler) and {@code internal.policy} (faults,
 *       retention, alerts, TensorBoard), which do not import each other;
 *   <li>{@code internal.store} (SQLite), {@code internal.replica} (processes, sandbox, samples) and
 *       {@code internal.logs} (log files);
 *   <li>at the bottom, {@code internal.config} (the home and its files), {@code internal.storage} (the room on
 *       the home's file system) and {@code internal.core} (the loop every change runs on, and
 *       {@code EngineException}, what the engine refuses), each importing only those after it.
 * </ol>
 *
 * <p>This package, above them all, is the composition root: it builds the parts and wires them.
 */
package dev.aihc.local;
