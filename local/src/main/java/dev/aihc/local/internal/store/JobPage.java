package dev.aihc.local.internal.store;

import java.util.List;

/**
 * One page of a query.
 *
 * @param total rows matching over every page
 * @param jobs this page
 */
public record JobPage(int total, List<JobRow> jobs) {}
