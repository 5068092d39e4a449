/**
 * The HTTP side of the engine: the server (method, path, body cap, signature check, error JSON), the
 * v2 job actions and the queue actions as one small handler each, typed access to request bodies, and
 * the views that turn stored rows into the wire records clients read. Changes go to the engine
 * ({@code internal.engine}); reads go straight to the store. What the engine refuses
 * ({@code EngineException}) gets its HTTP status and BCE code here, in {@code ApiException.of}, and
 * nowhere else.
 */
package dev.aihc.local.internal.api;
