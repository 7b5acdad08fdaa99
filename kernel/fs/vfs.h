/*
 * The virtual file system: inodes with per-type operations, path
 * resolution, and files opened on inodes. Words: a "name" is one path
 * component (no '/'); resolving a path walks names from the root or the
 * working directory, following symbolic links (at most SYMLOOP_MAX).
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "../../shared/bootinfo.h"
#include "../arch/x86_64/vmlayout.h"
#include "../mutex.h"
#include "../uaccess.h"

#define S_IFMT		0170000
#define S_IFSOCK	0140000
#define S_IFLNK		0120000
#define S_IFREG		0100000
#define S_IFBLK		0060000
#define S_IFDIR		0040000
#define S_IFCHR		0020000
#define S_IFIFO		0010000
#define S_ISDIR(m)	(((m) & S_IFMT) == S_IFDIR)
#define S_ISREG(m)	(((m) & S_IFMT) == S_IFREG)
#define S_ISLNK(m)	(((m) & S_IFMT) == S_IFLNK)
#define S_ISCHR(m)	(((m) & S_IFMT) == S_IFCHR)

#define NAME_MAX	255
#define PATH_MAX	4096
#define SYMLOOP_MAX	40

struct inode;
struct file;
struct file_ops;

/* Where a read or write goes: user memory or a kernel buffer. */
struct iobuf {
	int user;
	uaddr_t uaddr;
	void *kaddr;
	/* Set by vfs_rdwr: user pages are not faulted in; the first copy
	   that failed for it leaves its range in fault_at, fault_len. */
	int nofault;
	size_t fault_at, fault_len;
};

/* Copy n bytes to or from the buffer at offset at: 0 or -EFAULT. */
int iobuf_copy_to(struct iobuf *b, size_t at, const void *src, size_t n);
int iobuf_copy_from(void *dst, struct iobuf *b, size_t at, size_t n);
/* Zero n bytes of the buffer at offset at: 0 or -EFAULT. */
int iobuf_clear(struct iobuf *b, size_t at, size_t n);
/* As iobuf_copy_to and _from, but up to the first user page that fails:
   the bytes copied, n if all (read(2) and write(2) count a partial
   copy). */
size_t iobuf_copy_to_some(struct iobuf *b, size_t at, const void *src,
			  size_t n);
size_t iobuf_copy_from_some(void *dst, struct iobuf *b, size_t at, size_t n);

struct vfs_dirent {
	uint64_t ino;
	uint32_t type;			/* S_IF* */
	char name[NAME_MAX + 1];
};

struct inode_ops {
	/* Directories: */
	int (*lookup)(struct inode *dir, const char *name, struct inode **out);
	int (*create)(struct inode *dir, const char *name, uint32_t mode,
		      const char *target, struct inode **out);
	int (*remove)(struct inode *dir, const char *name, int want_dir);
	int (*rename)(struct inode *odir, const char *oname,
		      struct inode *ndir, const char *nname);
	/* A new name for ino (not a directory) in dir; NULL: -EPERM. */
	int (*link)(struct inode *dir, const char *name, struct inode *ino);
	/* The first entry at or after position *pos (0 ".", 1 "..", then
	   entries); sets *pos past it. -ENOENT at the end. Positions stay
	   valid while entries are added and removed. */
	int (*readdir)(struct inode *dir, uint64_t *pos, struct vfs_dirent *d);
	/* Regular files and symbolic links: */
	long (*read)(struct inode *ino, uint64_t off, struct iobuf *buf,
		     size_t n);
	long (*write)(struct inode *ino, uint64_t off, struct iobuf *buf,
		      size_t n);
	int (*truncate)(struct inode *ino, uint64_t size);
	/* Memory mappings: page idx of the file with a reference taken
	   (vmobject.h has the rules). Takes ino->lock. */
	int (*getpage)(struct inode *ino, uint64_t idx, int alloc,
		       paddr_t *pa);
	/* Free what the inode owns (no links, no references left). */
	void (*evict)(struct inode *ino);
	/* Inodes made per lookup (/proc): freed with their last reference
	   whatever their link count says. */
	int transient;
};

struct inode {
	uint64_t ino;
	int refs;			/* atomic: files, cwds, lookups */
	int writecount;			/* atomic: > 0 opened for writing,
					   < 0 the program of -n spaces */
	const struct inode_ops *ops;
	const struct file_ops *dev;	/* character devices */
	struct mutex lock;
	/* Protected by lock: */
	uint32_t mode;
	uint32_t nlink;
	uint32_t uid, gid;
	uint64_t size;
	uint64_t blocks;		/* 512-byte units held (st_blocks) */
	uint32_t rdev;			/* devices: Linux's major << 8 | minor */
	uint64_t atime, mtime, ctime;	/* ns since the epoch */
	struct inode *parent;		/* directories: for "..", getcwd */
	void *priv;			/* the file system's */
	/* Mount points (set at boot, then fixed): */
	struct inode *mounted;		/* root of the file system on this dir */
	struct inode *covered;		/* for a mounted root: the dir it hides */
};

/* Make the RAM root and fill it with the loader's files, /tmp and
   /dev. */
void vfs_init(const struct bootinfo_file *files, uint32_t count);
struct inode *vfs_root(void);

/* A zeroed inode for a file system to fill in (refs 0), or NULL; one
   that never went into use is given back with inode_free. inode_put
   frees the others. */
struct inode *inode_alloc(void);
void inode_free(struct inode *ino);
void inode_get(struct inode *ino);
void inode_put(struct inode *ino);

/*
 * Linux's i_writecount: a file is open for writing or is a running
 * program, never both (a program's pages are the file's own), and the
 * other use gets -ETXTBSY. inode_get_write/put_write bracket a writer
 * (an open for writing, a truncate); inode_deny_write/allow_write an
 * address space that runs the file.
 */
int inode_get_write(struct inode *ino);
void inode_put_write(struct inode *ino);
int inode_deny_write(struct inode *ino);
void inode_allow_write(struct inode *ino);

/* Resolve path (relative to cwd unless absolute). follow: follow a
   symbolic link as the last component. Returns 0 and a reference in
   *out, or -ENOENT, -ENOTDIR, -ENAMETOOLONG, -ELOOP, -EFAULT... */
int vfs_resolve(struct inode *cwd, const char *path, int follow,
		struct inode **out);

/* Resolve all but the last component: its directory (a reference) and
   the last name (in name, NAME_MAX + 1 bytes). A path ending in '/'
   sets *trailing_slash. */
int vfs_resolve_parent(struct inode *cwd, const char *path,
		       struct inode **dir, char *name, int *trailing_slash);

/* Mount the file system whose root is fsroot on directory dir. */
int vfs_mount(struct inode *dir, struct inode *fsroot);

/* Read from an inode into a kernel buffer (execve). */
long vfs_read_kernel(struct inode *ino, uint64_t off, void *buf, size_t n);
/*
 * Read (writing 0) or write n bytes of regular file ino at *pos, which
 * moves by the bytes done; append: at the end of the file, as O_APPEND.
 * The inode's lock is held over each call of ino->ops, and page faults
 * are off meanwhile: a fault in the user buffer would take the vmspace's
 * lock, which the page-fault path takes before an inode's (and the
 * buffer may map this very file). A page not present is faulted in with
 * the lock dropped, and the rest tried again, as Linux does.
 */
long vfs_rdwr(struct inode *ino, uint64_t *pos, int append, struct iobuf *b,
	      size_t n, int writing);
/* May regular file ino (locked) be truncated to size? 0; -EFBIG if it
   would grow past RLIMIT_FSIZE (then SIGXFSZ to the caller, as Linux's
   inode_newsize_ok) or past the largest offset. */
int vfs_newsize_ok(struct inode *ino, uint64_t size);

/* The absolute path of directory dir into buf (getcwd). */
int vfs_path_of(struct inode *dir, char *buf, size_t size);

/* path made absolute (relative to directory start) with ".", ".." and
   repeated slashes folded by name, symbolic links not followed: what
   /proc shows for an open file or a program. A kmalloc'ed string, or
   NULL. */
char *vfs_abspath(struct inode *start, const char *path);

/* Open an inode as a file with open(2) flags. */
int vfs_open_inode(struct inode *ino, unsigned int flags, struct file **out);

uint64_t vfs_now(void);
