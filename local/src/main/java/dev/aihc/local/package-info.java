/**
 * The local engine: AIHC's v2 job API on 127.0.0.1, running each replica as a process group on this
 * Linux host, with jobs in SQLite. Start it with {@link dev.aihc.local.LocalEngine#start}, or as a
 * process with {@link dev.aihc.local.LocalEngineMain}.
 */
package dev.aihc.local;
