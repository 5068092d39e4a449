/**
 * Replica log files: the time index beside each log, the monitor that holds logs to their cap, and
 * the reader that pages a log for DescribeJobLogs.
 */
package dev.aihc.local.internal.logs;
