/**
 * The AIHC v2 answers as records, one per response shape ({@link dev.aihc.wire.JobItem},
 * {@link dev.aihc.wire.JobList}, {@link dev.aihc.wire.JobEvents}, {@link dev.aihc.wire.QueueList} ...):
 * what {@link dev.aihc.client.AihcClient} returns, and what the local engine writes as its answers, so
 * both sides share one definition of the wire. Field names are the API's; read with
 * {@code dev.aihc.internal.json.Json}'s mapper (unknown fields ignored).
 */
package dev.aihc.wire;
