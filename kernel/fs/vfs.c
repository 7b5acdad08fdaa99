/*
 * Path resolution and files on inodes. Resolution works on a copy of the
 * path; a symbolic link's target is spliced in front of the rest of the
 * path, and the count of links followed stops loops at SYMLOOP_MAX.
 */
#include "vfs.h"

#include "file.h"
#include "ramfs.h"
#include "devfs.h"
#include "procfs.h"
#include "../errno.h"
#include "../log.h"
#include "../vm.h"
#include "../kmalloc.h"
#include "../kstat.h"
#include "../panic.h"
#include "../proc.h"
#include "../signal.h"
#include "../string.h"
#include "../thread.h"
#include "../time.h"
#include "../uaccess.h"

static struct inode *root;

enum user_op { TO_USER, FROM_USER, CLEAR_USER };

/*
 * One access to b's user memory [at, at+n), to or from k: 0 or -EFAULT.
 * With b->nofault, page faults are off meanwhile, and the first range
 * that failed is kept for vfs_rdwr to fault in.
 */
static int user_access(struct iobuf *b, enum user_op op, size_t at,
		       void *k, size_t n)
{
	uaddr_t u = b->uaddr + at;
	int err;

	if (b->nofault)
		pagefault_disable();
	err = op == TO_USER ? copy_to_user(u, k, n) :
	      op == FROM_USER ? copy_from_user(k, u, n) : clear_user(u, n);
	if (b->nofault)
		pagefault_enable();
	if (err && b->nofault && !b->fault_len) {
		b->fault_at = at;
		b->fault_len = n;
	}
	return err;
}

int iobuf_copy_to(struct iobuf *b, size_t at, const void *src, size_t n)
{
	if (b->user)
		return user_access(b, TO_USER, at, (void *)src, n);
	memcpy((char *)b->kaddr + at, src, n);
	return 0;
}

int iobuf_clear(struct iobuf *b, size_t at, size_t n)
{
	if (b->user)
		return user_access(b, CLEAR_USER, at, NULL, n);
	memset((char *)b->kaddr + at, 0, n);
	return 0;
}

int iobuf_copy_from(void *dst, struct iobuf *b, size_t at, size_t n)
{
	if (b->user)
		return user_access(b, FROM_USER, at, dst, n);
	memcpy(dst, (char *)b->kaddr + at, n);
	return 0;
}

/* The _some forms: all at once, else page by page up to the one that
   fails (which is then the range kept for faulting in). */
static size_t access_some(struct iobuf *b, enum user_op op, size_t at,
			  char *k, size_t n)
{
	size_t done = 0, left;

	if (!b->user) {
		if (op == TO_USER)
			memcpy((char *)b->kaddr + at, k, n);
		else
			memcpy(k, (char *)b->kaddr + at, n);
		return n;
	}
	if (!user_access(b, op, at, k, n))
		return n;
	b->fault_len = 0;
	while (done < n) {
		left = PAGE_SIZE - ((b->uaddr + at + done) & (PAGE_SIZE - 1));
		if (left > n - done)
			left = n - done;
		if (user_access(b, op, at + done, k + done, left))
			break;
		done += left;
	}
	return done;
}

size_t iobuf_copy_to_some(struct iobuf *b, size_t at, const void *src,
			  size_t n)
{
	return access_some(b, TO_USER, at, (char *)src, n);
}

size_t iobuf_copy_from_some(void *dst, struct iobuf *b, size_t at, size_t n)
{
	return access_some(b, FROM_USER, at, dst, n);
}

uint64_t vfs_now(void)
{
	return time_realtime_ns();
}

struct inode *vfs_root(void)
{
	return root;
}

struct inode *inode_alloc(void)
{
	struct inode *ino = kzalloc(sizeof(*ino));

	if (ino)
		kstat_add(KSTAT_INODES, 1);
	return ino;
}

void inode_free(struct inode *ino)
{
	kfree(ino);
	kstat_add(KSTAT_INODES, -1);
}

void inode_get(struct inode *ino)
{
	int was = __atomic_fetch_add(&ino->refs, 1, __ATOMIC_RELAXED);

	KASSERT(was >= 0);
}

void inode_put(struct inode *ino)
{
	int left = __atomic_sub_fetch(&ino->refs, 1, __ATOMIC_ACQ_REL);

	KASSERT(left >= 0);
	if (left)
		return;
	if (ino->nlink && !ino->ops->transient)
		return;		/* still linked: lives on without references */
	if (ino->ops->evict)
		ino->ops->evict(ino);
	inode_free(ino);
}

/* Move ino->writecount one step (by step) unless it has the other sign
   (running programs when writing, writers when running): -ETXTBSY. */
static int writecount_step(struct inode *ino, int step)
{
	int v = __atomic_load_n(&ino->writecount, __ATOMIC_RELAXED);

	do {
		if (step > 0 ? v < 0 : v > 0)
			return -ETXTBSY;
	} while (!__atomic_compare_exchange_n(&ino->writecount, &v, v + step,
					      0, __ATOMIC_ACQ_REL,
					      __ATOMIC_RELAXED));
	return 0;
}

int inode_get_write(struct inode *ino)
{
	return writecount_step(ino, 1);
}

void inode_put_write(struct inode *ino)
{
	__atomic_fetch_sub(&ino->writecount, 1, __ATOMIC_RELEASE);
}

int inode_deny_write(struct inode *ino)
{
	return writecount_step(ino, -1);
}

void inode_allow_write(struct inode *ino)
{
	__atomic_fetch_add(&ino->writecount, 1, __ATOMIC_RELEASE);
}

long vfs_read_kernel(struct inode *ino, uint64_t off, void *buf, size_t n)
{
	struct iobuf b = { .kaddr = buf };
	long ret;

	mutex_lock(&ino->lock);
	ret = ino->ops->read ? ino->ops->read(ino, off, &b, n) : -EINVAL;
	mutex_unlock(&ino->lock);
	return ret;
}

/* Read a symbolic link's target into buf (size bytes, NUL-ended). */
static int read_link(struct inode *ino, char *buf, size_t size)
{
	long n;

	if (ino->size >= size)
		return -ENAMETOOLONG;
	n = vfs_read_kernel(ino, 0, buf, size - 1);
	if (n < 0)
		return n;
	buf[n] = 0;
	return 0;
}

/*
 * Walk path from start. With want_parent, stop before the last name and
 * return it in last. The work buffer holds what is left of the path.
 */
static int walk(struct inode *start, const char *path, int follow,
		int want_parent, struct inode **out, char *last,
		int *trailing_slash)
{
	char *work = kmalloc(PATH_MAX * 2), *rest, name[NAME_MAX + 1];
	struct inode *cur, *next;
	int links = 0, err = 0;
	size_t len;

	if (!work)
		return -ENOMEM;
	if (strnlen(path, PATH_MAX) >= PATH_MAX) {
		kfree(work);
		return -ENAMETOOLONG;
	}
	strlcpy(work, path, PATH_MAX * 2);
	if (path[0] == 0) {
		kfree(work);
		return -ENOENT;
	}
	if (trailing_slash)
		*trailing_slash = path[strlen(path) - 1] == '/';
	cur = work[0] == '/' ? root : start;
	inode_get(cur);
	rest = work;
	for (;;) {
		while (*rest == '/')
			rest++;
		if (*rest == 0)
			break;		/* consumed (the last name was followed) */
		for (len = 0; rest[len] && rest[len] != '/'; len++)
			;
		if (len > NAME_MAX) {
			err = -ENAMETOOLONG;
			break;
		}
		memcpy(name, rest, len);
		name[len] = 0;
		rest += len;
		if (!S_ISDIR(cur->mode)) {
			err = -ENOTDIR;
			break;
		}
		{
			const char *p = rest;

			while (*p == '/')
				p++;
			if (*p == 0 && want_parent) {	/* the last name */
				strlcpy(last, name, NAME_MAX + 1);
				*out = cur;
				kfree(work);
				return 0;
			}
		}
		if (strcmp(name, "..") == 0) {
			while (cur->covered) {	/* up out of a mounted file system */
				next = cur->covered;
				inode_get(next);
				inode_put(cur);
				cur = next;
			}
		}
		err = cur->ops->lookup(cur, name, &next);
		if (err)
			break;
		while (next->mounted) {		/* down into a mounted one */
			struct inode *m = next->mounted;

			inode_get(m);
			inode_put(next);
			next = m;
		}
		if (S_ISLNK(next->mode) && (*rest || follow)) {
			char *target = kmalloc(PATH_MAX);
			size_t tl;

			if (++links > SYMLOOP_MAX)
				err = -ELOOP;
			else if (!target)
				err = -ENOMEM;
			else
				err = read_link(next, target, PATH_MAX);
			inode_put(next);
			if (!err) {
				/* target + "/" + rest becomes the path left */
				tl = strlen(target);
				if (tl + 1 + strlen(rest) + 1 > PATH_MAX * 2) {
					err = -ENAMETOOLONG;
				} else {
					memmove(work + tl + 1, rest, strlen(rest) + 1);
					memcpy(work, target, tl);
					work[tl] = '/';
					rest = work;
					if (target[0] == '/') {
						inode_put(cur);
						cur = root;
						inode_get(cur);
					}
				}
			}
			kfree(target);
			if (err)
				break;
			continue;
		}
		inode_put(cur);
		cur = next;
	}
	kfree(work);
	if (err) {
		inode_put(cur);
		return err;
	}
	if (want_parent) {	/* "/" or a path of only slashes and dots */
		strlcpy(last, ".", NAME_MAX + 1);
	}
	*out = cur;
	return 0;
}

int vfs_resolve(struct inode *cwd, const char *path, int follow,
		struct inode **out)
{
	int slash, err = walk(cwd ? cwd : root, path, follow, 0, out, NULL,
			      &slash);

	if (!err && slash && !S_ISDIR((*out)->mode)) {
		inode_put(*out);
		*out = NULL;		/* callers put what they got */
		return -ENOTDIR;
	}
	return err;
}

int vfs_resolve_parent(struct inode *cwd, const char *path,
		       struct inode **dir, char *name, int *trailing_slash)
{
	int err = walk(cwd ? cwd : root, path, 0, 1, dir, name, trailing_slash);

	if (!err && !S_ISDIR((*dir)->mode)) {
		inode_put(*dir);
		*dir = NULL;
		return -ENOTDIR;
	}
	return err;
}

int vfs_path_of(struct inode *dir, char *buf, size_t size)
{
	char *tmp = kmalloc(PATH_MAX);
	size_t len = 0;
	int err = 0;

	if (!tmp)
		return -ENOMEM;
	buf[0] = 0;
	for (;;) {			/* build it backwards in tmp */
		struct inode *parent;
		struct vfs_dirent d;
		uint64_t i;
		int found = 0;

		while (dir->covered)		/* a mounted root: its mount point */
			dir = dir->covered;
		parent = dir->parent;
		if (!parent)
			break;
		for (i = 2; parent->ops->readdir(parent, &i, &d) == 0; )
			if (d.ino == dir->ino && d.type == S_IFDIR) {
				found = 1;
				break;
			}
		if (!found) {
			err = -ENOENT;	/* the directory was removed */
			break;
		}
		if (len + strlen(d.name) + 1 >= PATH_MAX) {
			err = -ENAMETOOLONG;
			break;
		}
		memmove(tmp + strlen(d.name) + 1, tmp, len);
		tmp[0] = '/';
		memcpy(tmp + 1, d.name, strlen(d.name));
		len += strlen(d.name) + 1;
		dir = parent;
	}
	if (!err) {
		if (len == 0)
			tmp[len++] = '/';
		if (len + 1 > size)
			err = -ERANGE;
		else {
			memcpy(buf, tmp, len);
			buf[len] = 0;
			err = len + 1;
		}
	}
	kfree(tmp);
	return err;
}

/* Files on regular inodes and directories. */

char *vfs_abspath(struct inode *start, const char *path)
{
	char *buf = kmalloc(PATH_MAX), *out = NULL;
	size_t len = 0, n;

	if (!buf)
		return NULL;
	if (path[0] != '/') {
		if (vfs_path_of(start, buf, PATH_MAX) < 0)
			goto out;
		len = strlen(buf);
		if (len == 1)
			len = 0;	/* "/": components add their own */
	}
	while (*path) {
		const char *end;

		while (*path == '/')
			path++;
		for (end = path; *end && *end != '/'; end++)
			;
		n = end - path;
		if (n == 2 && path[0] == '.' && path[1] == '.') {
			while (len && buf[len - 1] != '/')
				len--;
			if (len)
				len--;
		} else if (n && !(n == 1 && path[0] == '.')) {
			if (len + 1 + n >= PATH_MAX)
				goto out;
			buf[len++] = '/';
			memcpy(buf + len, path, n);
			len += n;
		}
		path = end;
	}
	if (len == 0)
		buf[len++] = '/';
	buf[len] = 0;
	if ((out = kmalloc(len + 1)))
		memcpy(out, buf, len + 1);
out:
	kfree(buf);
	return out;
}

/* The caller's RLIMIT_FSIZE (none for the kernel's own threads). */
static uint64_t fsize_limit(void)
{
	return proc_current() ? proc_rlimit(RLIMIT_FSIZE) : RLIM_INFINITY;
}

/* A file would grow past RLIMIT_FSIZE: SIGXFSZ to the calling thread. */
static long over_fsize_limit(void)
{
	proc_kill_thread(-1, thread_current()->tid, SIGXFSZ, NULL);
	return -EFBIG;
}

/*
 * How much of a write of n bytes at pos the limits let through, as
 * Linux's generic_write_checks: from RLIMIT_FSIZE on, nothing (SIGXFSZ to
 * the writer, and -EFBIG); from the largest offset (2^63-1) on, -EFBIG.
 */
static long write_room(uint64_t pos, size_t n)
{
	uint64_t limit = fsize_limit();

	if (n == 0)
		return 0;
	if (limit != RLIM_INFINITY) {
		if (pos >= limit)
			return over_fsize_limit();
		if (n > limit - pos)
			n = limit - pos;
	}
	if (pos >= INT64_MAX)
		return -EFBIG;
	return n > INT64_MAX - pos ? (long)(INT64_MAX - pos) : (long)n;
}

int vfs_newsize_ok(struct inode *ino, uint64_t size)
{
	uint64_t limit = fsize_limit();

	if (size <= ino->size)
		return 0;
	if (limit != RLIM_INFINITY && size > limit)
		return over_fsize_limit();
	return size > INT64_MAX ? -EFBIG : 0;
}

long vfs_rdwr(struct inode *ino, uint64_t *pos, int append, struct iobuf *b,
	      size_t n, int writing)
{
	size_t done = 0;
	long ret, room;

	/* Linux's rw_verify_area: the end must be an offset too. */
	if ((int64_t)*pos < 0 || (int64_t)(*pos + n) < 0)
		return -EINVAL;
	for (;;) {
		struct iobuf part = *b;

		if (part.user)
			part.uaddr += done;
		else
			part.kaddr = (char *)part.kaddr + done;
		part.nofault = part.user;
		part.fault_len = 0;
		mutex_lock(&ino->lock);
		if (append)
			*pos = ino->size;
		if (!writing)
			ret = ino->ops->read(ino, *pos, &part, n - done);
		else if ((ret = room = write_room(*pos, n - done)) > 0)
			ret = ino->ops->write(ino, *pos, &part, room);
		if (ret > 0) {
			*pos += ret;
			done += ret;
		}
		mutex_unlock(&ino->lock);
		/* Stopped by a page not present: bring it in, go on. */
		if (!part.fault_len || done == n)
			break;
		if (fault_in_user(part.uaddr + part.fault_at, part.fault_len,
				  !writing)) {
			ret = -EFAULT;
			break;
		}
	}
	return done ? (long)done : ret;
}

static long reg_read(struct file *f, struct iobuf *b, size_t n)
{
	return vfs_rdwr(f->inode, &f->pos, 0, b, n, 0);
}

static long reg_write(struct file *f, struct iobuf *b, size_t n)
{
	return vfs_rdwr(f->inode, &f->pos, f->flags & O_APPEND, b, n, 1);
}

static long dir_read(struct file *f, struct iobuf *buf, size_t n)
{
	return -EISDIR;
}

static const struct file_ops reg_ops = {
	.read = reg_read,
	.write = reg_write,
};

static const struct file_ops dir_ops = {
	.read = dir_read,
};

int vfs_open_inode(struct inode *ino, unsigned int flags, struct file **out)
{
	const struct file_ops *ops = S_ISDIR(ino->mode) ? &dir_ops :
				     S_ISCHR(ino->mode) ? ino->dev : &reg_ops;
	struct file *f;

	int err;

	if (!ops)
		return -ENXIO;
	if (file_writer(ino, flags) && (err = inode_get_write(ino)))
		return err;			/* a running program */
	f = file_alloc(ops, NULL, flags & ~(O_CREAT | O_EXCL | O_TRUNC |
					     O_NOCTTY | O_CLOEXEC));
	if (!f) {
		if (file_writer(ino, flags))
			inode_put_write(ino);
		return -ENOMEM;
	}
	inode_get(ino);		/* dropped by file_put */
	f->inode = ino;
	*out = f;
	return 0;
}

int vfs_mount(struct inode *dir, struct inode *fsroot)
{
	if (!S_ISDIR(dir->mode) || !S_ISDIR(fsroot->mode))
		return -ENOTDIR;
	if (dir->mounted)
		return -EBUSY;
	inode_get(dir);			/* both stay for the kernel's life */
	inode_get(fsroot);
	fsroot->covered = dir;
	dir->mounted = fsroot;
	return 0;
}

/* mkdir -p for the directories of path (absolute); returns 0 or -errno. */
static int make_dirs(const char *path, uint32_t mode, struct inode **last)
{
	char name[NAME_MAX + 1];
	struct inode *cur = root, *next;
	const char *p = path;
	int err = 0;

	inode_get(cur);
	while (*p) {
		size_t len = 0;

		while (*p == '/')
			p++;
		while (p[len] && p[len] != '/')
			len++;
		if (len == 0)
			break;
		if (len > NAME_MAX) {
			err = -ENAMETOOLONG;
			break;
		}
		memcpy(name, p, len);
		name[len] = 0;
		p += len;
		err = cur->ops->lookup(cur, name, &next);
		if (err == -ENOENT)
			err = cur->ops->create(cur, name, S_IFDIR | mode, NULL, &next);
		inode_put(cur);
		if (err)
			return err;
		cur = next;
	}
	*last = cur;
	return err;
}

/* Create the file path (absolute) holding the size bytes at the physical
   page base, which the RAM file system takes over (loaded by the loader;
   nothing is copied); its directories are made as needed. */
static int add_file(const char *path, uint32_t mode, uint64_t base,
		    uint64_t size)
{
	char dirpath[BOOTINFO_PATH_MAX], name[NAME_MAX + 1];
	const char *slash = strrchr(path, '/');
	struct inode *dir, *ino;
	int err;

	if (!slash || strlen(slash + 1) > NAME_MAX ||
	    (size_t)(slash - path) >= sizeof(dirpath))
		return -EINVAL;
	memcpy(dirpath, path, slash - path);
	dirpath[slash - path] = 0;
	strlcpy(name, slash + 1, sizeof(name));
	if ((err = make_dirs(dirpath, 0755, &dir)))
		return err;
	err = dir->ops->create(dir, name, mode, NULL, &ino);
	inode_put(dir);
	if (err)
		return err;
	err = ramfs_adopt(ino, base, size);
	inode_put(ino);
	return err;
}

void vfs_init(const struct bootinfo_file *files, uint32_t count)
{
	struct inode *dir;
	uint32_t i;
	int err;

	root = ramfs_mount();
	if (!root)
		panic("vfs_init: no memory for the root file system");
	for (i = 0; i < count; i++) {
		const struct bootinfo_file *f = &files[i];
		/* Programs are executable; everything else is data. */
		uint32_t mode = strncmp(f->path, "/bin/", 5) == 0 ||
				strncmp(f->path, "/sbin/", 6) == 0 ? 0755 : 0644;

		if (f->type == BOOT_FILE_DIRECTORY) {
			err = make_dirs(f->path, 0755, &dir);
			if (!err)
				inode_put(dir);
		} else {
			err = add_file(f->path, S_IFREG | mode, f->base,
				       f->size);
		}
		if (err)
			klog(LOG_WARN, "vfs: cannot load %s from the ESP (error %d)\n",
			     f->path, err);
	}
	if (make_dirs("/tmp", 0777, &dir) == 0) {
		dir->mode = S_IFDIR | 01777;
		inode_put(dir);
	}
	devfs_init();
	procfs_init();
	klog(LOG_INFO, "vfs: RAM root with %u files from the ESP, /tmp, /dev\n",
	     count);
}
