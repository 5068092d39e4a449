/**
 * The room on the engine home's file system: how much is free, the floor the engine keeps free, and telling
 * a write that failed for want of room from other failures.
 */
package dev.aihc.local.internal.storage;
