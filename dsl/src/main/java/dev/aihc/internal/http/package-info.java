/**
 * One AIHC call on the wire, not API: {@link dev.aihc.internal.http.Transport} builds the v2 request for
 * a {@link dev.aihc.internal.http.Scope} (pool and queue), runs it interruptibly, retries what is safe
 * and decodes the answer; {@link dev.aihc.internal.http.ServiceErrorDecoder} turns an error answer into
 * an {@code AihcServiceException}.
 */
package dev.aihc.internal.http;
