/**
 * The engine: creating and starting jobs, following replicas to a job's status, and recovering what an
 * earlier engine left running. Its work runs on the loop of {@code internal.core}.
 */
package dev.aihc.local.internal.engine;
