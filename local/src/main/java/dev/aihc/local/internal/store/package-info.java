/**
 * The job store: jobs, pods and events in one SQLite file (schema, migrations, every SQL statement),
 * the transactions that read and write it, the stored rows, and CreateJob's group commit.
 */
package dev.aihc.local.internal.store;
