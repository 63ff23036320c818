// System calls that Swift's Glibc module does not expose (they need _GNU_SOURCE).
#ifndef CKHOSYS_H
#define CKHOSYS_H

/// Flushes every dirty page of the file system that holds `fd` (syncfs(2)).
/// One call makes a whole batch of freshly written objects durable.
int kho_syncfs(int fd);

#endif
