package dev.aihc.kernel;

/**
 * Notebook outputs that can be redrawn in place: the one thing {@link NotebookSink} needs from a kernel.
 * Called only from the thread running the cell, while it runs.
 */
interface Displays {
  /** Shows a new output with {@code html} (and {@code text} for front ends without HTML); returns its id. */
  String show(String html, String text);

  /** Replaces what output {@code id} shows. */
  void update(String id, String html, String text);

  /** {@code value} as HTML, as it shows as a cell's value. */
  String html(Object value);
}
