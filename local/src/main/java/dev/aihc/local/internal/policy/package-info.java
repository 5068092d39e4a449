/**
 * What a job asks for beyond running: fault tolerance (exit codes, log patterns, hangs), retention of
 * finished jobs, alerts and their webhook, and TensorBoard while it runs.
 */
package dev.aihc.local.internal.policy;
