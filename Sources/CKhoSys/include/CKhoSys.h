// System calls that Swift's Glibc module does not expose (they need _GNU_SOURCE), and the few
// glibc structures kho reads, handed over as kho's own: with member-import visibility, which
// system module "owns" `struct stat`, `timespec` or `dirent` changes from build to build.
#ifndef CKHOSYS_H
#define CKHOSYS_H

/// Flushes every dirty page of the file system that holds `fd` (syncfs(2)).
/// One call makes a whole batch of freshly written objects durable.
int kho_syncfs(int fd);

/// Copies up to `len` bytes from `fd_in` to `fd_out` at their file offsets inside the kernel
/// (copy_file_range(2)): no trip through user space, as cp(1) does. Returns bytes copied or -1.
long kho_copy_file_range(int fd_in, int fd_out, unsigned long len);

/// Starts writing back `len` bytes of `fd` at `offset` without waiting (sync_file_range(2) with
/// SYNC_FILE_RANGE_WRITE), so the disk works while the next window is copied and hashed.
int kho_start_writeback(int fd, long long offset, long long len);

/// Renames `from` to `to` unless `to` exists (renameat2 with RENAME_NOREPLACE): moving a file
/// can never replace another. Returns -1 with errno EEXIST, or EINVAL where the file system lacks it.
int kho_rename_noreplace(const char *from, const char *to);

/// The file system type (statfs(2) f_type magic) of the one holding `path`, or -1.
long long kho_fs_type(const char *path);

/// A non-blocking eventfd(2): a counter that wakes poll(2) when written.
int kho_eventfd(void);

/// Whether any process holds the file open for writing, asked with a read lease (F_SETLEASE):
/// 1 yes, 0 no, -1 unknown (not our file, or a file system without leases).
int kho_writer_open(int fd);

/// Says which file this thread reads: `fd` is its reading mark (see ReadingMarks), or -1 when it
/// reads none. Installs, once, handlers for the signals of a crash (SIGSEGV, SIGBUS, SIGILL,
/// SIGTRAP, SIGFPE, SIGABRT) that append "\n!crashed" to the crashing thread's mark, then die
/// with the signal as before: the next kho knows the file, not a kill or a power cut, was the cause.
void kho_reading_mark_set(int fd);

/// What stat(2) says of a file, in kho's words. `kind`: 'f' file, 'd' folder, 'l' link, 'o' other.
struct kho_file_status {
    long long size;
    long long mtime_ns;
    long long ctime_ns;
    unsigned long long device;
    unsigned long long inode;
    unsigned int mode;
    char kind;
};

/// stat(2) (`follow` 1) or lstat(2) (`follow` 0) of `path`; 0 or -1 with errno.
int kho_stat(const char *path, int follow, struct kho_file_status *out);
/// fstat(2) of an open file; 0 or -1 with errno.
int kho_fstat(int fd, struct kho_file_status *out);

/// The wall clock (CLOCK_REALTIME) in seconds, with nanoseconds.
double kho_wall_seconds(void);
/// Waits until `fd1` or `fd2` (ignored when < 0) can be read, or `timeout_ms` passes (poll(2)).
int kho_wait_readable(int fd1, int fd2, int timeout_ms);
/// Blocks SIGTERM and SIGINT in this thread and the threads it starts (they stay pending).
void kho_block_stop_signals(void);
/// The next name in a directory stream, NULL at its end. `kind` as in kho_file_status, '?' when
/// the file system does not say.
const char *kho_next_entry(void *dir, char *kind);
/// The local date of now: year, month (1–12) and day.
void kho_local_date(int *year, int *month, int *day);
/// The name of the user running kho (NULL when the system has none).
const char *kho_user_name(void);

/// Writes all of `buffer` to `fd` (a pipe to a child) without dying of SIGPIPE when the child has
/// gone: -1 with errno EPIPE instead. Returns `count`, or -1.
long kho_write_all_nosigpipe(int fd, const void *buffer, unsigned long count);

#endif
