/**
 * Jupyter support for aihc-dsl in an IJava kernel: {@link dev.aihc.kernel.Notebook#installIfIJava()}
 * registers the HTML views and returns the sink that draws {@code follow()} and {@code await()} in place.
 * The startup script reaches it by name ({@code NotebookHook}), so plain JShell works without this jar;
 * for the same reason {@code aihc.jsh} does not import this package.
 */
package dev.aihc.kernel;
