/**
 * SVG drawing of {@link dev.aihc.view.Chart} values with JFreeChart and JFreeSVG, found by
 * {@code Chart.toSvg()} through {@link java.util.ServiceLoader}: having this jar on the class path is all.
 */
package dev.aihc.chart;
