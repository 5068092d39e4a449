package dev.aihc.internal.http;


/**
 * The pool and queue a call travels with ({@code resourcePoolId}, {@code queueID} in the query). A
 * {@link Run} keeps those of its job; other calls use the client's defaults.
 *
 * @param pool the resource pool id, or null to leave it out
 * @param queue the queue, or null to leave it out
 */
public record Scope(String pool, String queue) {
  public Scope orElse(Scope defaults) {
    return new Scope(pool != null ? pool : defaults.pool, queue != null ? queue : defaults.queue);
  }
}
