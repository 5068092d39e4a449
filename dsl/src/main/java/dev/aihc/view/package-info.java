/**
 * Values that show themselves: a {@link dev.aihc.view.Chart} (drawn as SVG by {@code aihc-chart}) and a
 * {@link dev.aihc.view.Table} (aligned text; HTML in a notebook). A room of their own because the readers of
 * {@code dev.aihc.insight} (a series' chart, the metrics' charts), the client and the experiments all make
 * them, and they need nothing of any of those: this package imports nothing of the product, so every other
 * package can point down to it. The sinks that {@code follow()} and {@code await()} write through stay with
 * the client: they are where the client's output goes, and they show its progress.
 */
package dev.aihc.view;
