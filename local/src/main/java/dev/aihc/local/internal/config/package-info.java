/**
 * The engine home and its files: the directory layout, {@code config.json}'s engine options (its pools
 * and queues are the scheduler's), {@code endpoint.json} for clients, and the engine's own credentials.
 */
package dev.aihc.local.internal.config;
