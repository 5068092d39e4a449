/**
 * Scheduling: the pools and queues jobs are placed into, what a job demands of its queue, each queue's
 * accounting, and the gang scheduler that admits waiting jobs when all their replicas fit.
 */
package dev.aihc.local.internal.sched;
