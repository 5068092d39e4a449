/**
 * The local engine: AIHC's v2 job API on 127.0.0.1, running each replica as a process group on this
 * Linux host, with jobs in SQLite. Start it with {@link dev.aihc.local.LocalEngine#start}, or as a
 * process with {@link dev.aihc.local.LocalEngineMain}.
 *
 * <p>Everything else is internal, one package per part a request passes through: {@code internal.api}
 * (HTTP and the actions), {@code internal.engine} (the loop every change runs on), {@code internal.store}
 * (SQLite), {@code internal.sched} (queues), {@code internal.replica} (processes, sandbox, samples) and
 * {@code internal.logs} (log files); beside them {@code internal.policy} (faults, retention, alerts,
 * TensorBoard) and {@code internal.config} (the home and its files).
 */
package dev.aihc.local;
