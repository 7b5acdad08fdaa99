/*
 * Open files and descriptor tables. A struct file is one open instance
 * (of the console, a pipe end, later any inode) with its flags and
 * operations; descriptors in a process's table point at files, several
 * descriptors (dup, fork) at one file, which is released with the last.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "../spinlock.h"
#include "../uaccess.h"

/* open(2) flags (Linux x86_64 values). */
#define O_ACCMODE	00000003
#define O_RDONLY	00000000
#define O_WRONLY	00000001
#define O_RDWR		00000002
#define O_CREAT		00000100
#define O_EXCL		00000200
#define O_NOCTTY	00000400
#define O_TRUNC		00001000
#define O_APPEND	00002000
#define O_NONBLOCK	00004000
#define O_DIRECTORY	00200000
#define O_CLOEXEC	02000000

#define FD_MAX		1024		/* RLIMIT_NOFILE: the hard limit */
#define FD_LIMIT_SOFT	1024		/* ... and the soft one */

struct file;
struct mutex;

struct iobuf;

struct file_ops {
	/* Transfer up to n bytes to or from buf (user memory, or the
	   kernel's: sendfile); return the count or -errno. */
	long (*read)(struct file *f, struct iobuf *buf, size_t n);
	long (*write)(struct file *f, struct iobuf *buf, size_t n);
	long (*ioctl)(struct file *f, unsigned long cmd, uaddr_t arg);
	/* Readiness now: POLL* bits (fs/poll.h). NULL: always ready. */
	int (*poll)(struct file *f);
	/* The last reference is gone. */
	void (*release)(struct file *f);
	/* Held across each write and writev, so that one call's bytes stay
	   together among other writers' (the terminal); NULL: none. */
	struct mutex *write_lock;
	/* The device has no offsets (/dev/null, zero, full, random): pread
	   and pwrite are read and write. Otherwise a device, like a pipe,
	   refuses them (ESPIPE). */
	int positionless;
};

struct inode;

struct file {
	int refs;			/* atomic */
	unsigned int flags;		/* O_* status flags (F_GETFL) */
	const struct file_ops *ops;
	void *priv;
	struct inode *inode;		/* NULL for pipes; a reference */
	uint64_t pos;			/* offset (under inode->lock) */
	char *path;			/* opened by this path (/proc), or NULL */
};

/* A new file with one reference, or NULL. */
struct file *file_alloc(const struct file_ops *ops, void *priv,
			unsigned int flags);
void file_get(struct file *f);
void file_put(struct file *f);
/* Free a file that was never opened through its ops (an error path
   right after file_alloc): no release, no inode references. */
void file_discard(struct file *f);
/* Does a file of ino opened with flags write a regular file (and so
   hold ino's write count: inode_get_write)? */
int file_writer(const struct inode *ino, unsigned int flags);

#define FD_INLINE	64		/* slots in a new table (as Linux) */

/* A descriptor table starts with FD_INLINE slots inside it and doubles
   (up to FD_MAX) when a descriptor beyond them is given out: a process
   costs a small table, and fork, exec and exit go through its slots
   only. */
struct fdtable {
	struct spinlock lock;
	/* Protected by lock: */
	int size;			/* slots: a multiple of 64 */
	struct file **fd;		/* size slots: inline_fd or kmalloc'd */
	uint64_t *cloexec;		/* size bits */
	struct file *inline_fd[FD_INLINE];
	uint64_t inline_cloexec[FD_INLINE / 64];
};

struct fdtable *fdtable_alloc(void);
/* A copy sharing every open file (fork); NULL when out of memory. */
struct fdtable *fdtable_copy(struct fdtable *t);
/* Close everything and free t. */
void fdtable_free(struct fdtable *t);
/* Close the descriptors marked close-on-exec. */
void fdtable_exec(struct fdtable *t);

/* Put f (its reference passes to the table) at the lowest free
   descriptor >= min. Returns it or -EMFILE (f is then not consumed). */
/* The calling process's descriptor limit (RLIMIT_NOFILE, at most
   FD_MAX). */
int fd_limit(void);

int fd_install(struct fdtable *t, struct file *f, int min, int cloexec);
/* The file at fd with a reference taken, or NULL. */
struct file *fd_get(struct fdtable *t, int fd);
/* close(2), dup2/dup3(2). Return 0 / newfd or -errno. */
int fd_close(struct fdtable *t, int fd);
int fd_dup2(struct fdtable *t, int oldfd, int newfd, int cloexec);
/* FD_CLOEXEC of fd: get (0/1 or -EBADF) and set. */
int fd_get_cloexec(struct fdtable *t, int fd);
int fd_set_cloexec(struct fdtable *t, int fd, int on);
