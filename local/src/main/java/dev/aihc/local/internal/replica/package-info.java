/**
 * Running replicas: starting them as process groups through their wrapper, signalling them, the
 * bubblewrap sandbox with the job's data sources mounted, what /proc and nvidia-smi say about them
 * (CPU, memory, GPU samples), and what this host offers.
 */
package dev.aihc.local.internal.replica;
