package dev.aihc.local.internal.replica;

import java.nio.file.Path;

/**
 * A data source as a replica gets it: the host directory {@code source} shown at {@code mountPath}.
 *
 * @param source the host directory, absolute and real (symlinks resolved)
 * @param mountPath where the replica sees it, absolute
 * @param readOnly whether the replica may not write to it
 * @param what the data source for messages, such as {@code pfs pfs-1:/ at /mnt/cluster}
 */
public record Mount(Path source, Path mountPath, boolean readOnly, String what) {}
