/**
 * One AIHC call on the wire, not API: {@link dev.aihc.internal.http.Transport} builds the v2 request for
 * a {@link dev.aihc.internal.http.Scope} (pool and queue) and runs it interruptibly, handing back the
 * answer as it came. It knows nothing of the client: what an answer means (the BCE error, retries, the
 * client's exceptions) is decided in {@code dev.aihc.client}, above it.
 */
package dev.aihc.internal.http;
