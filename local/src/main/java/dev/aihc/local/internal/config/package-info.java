/**
 * The engine home and its files: the directory layout, {@code config.json} (pools, queues and engine
 * options), {@code endpoint.json} for clients, and the engine's own credentials.
 */
package dev.aihc.local.internal.config;
