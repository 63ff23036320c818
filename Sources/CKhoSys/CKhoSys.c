#define _GNU_SOURCE
#include <fcntl.h>
#include <unistd.h>
#include "CKhoSys.h"

int kho_syncfs(int fd) { return syncfs(fd); }

long kho_copy_file_range(int fd_in, int fd_out, unsigned long len) {
    return (long)copy_file_range(fd_in, NULL, fd_out, NULL, len, 0);
}

int kho_start_writeback(int fd, long long offset, long long len) {
    return sync_file_range(fd, offset, len, SYNC_FILE_RANGE_WRITE);
}
