/**
 * The engine core: the one loop thread every state change runs on, creating and starting jobs,
 * following replicas to a job's status, and recovering what an earlier engine left running.
 */
package dev.aihc.local.internal.engine;
