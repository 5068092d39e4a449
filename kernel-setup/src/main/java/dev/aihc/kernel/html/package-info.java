/**
 * Pure HTML views of the DSL and client types: {@code render(x)} returns an escaped HTML string with
 * inline styles, and needs no kernel. Secrets appear only as {@code ****}.
 */
package dev.aihc.kernel.html;
