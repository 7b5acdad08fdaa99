/*
 * Files and descriptor tables (see file.h). A table's lock is a leaf:
 * files are released (which may sleep) only after it is dropped.
 */
#include "file.h"

#include "vfs.h"
#include "../errno.h"
#include "../kmalloc.h"
#include "../kstat.h"
#include "../panic.h"
#include "../proc.h"
#include "../string.h"

struct file *file_alloc(const struct file_ops *ops, void *priv,
			unsigned int flags)
{
	struct file *f = kzalloc(sizeof(*f));

	if (!f)
		return NULL;
	kstat_add(KSTAT_FILES, 1);
	f->refs = 1;
	f->ops = ops;
	f->priv = priv;
	f->flags = flags;
	return f;
}

void file_get(struct file *f)
{
	__atomic_fetch_add(&f->refs, 1, __ATOMIC_RELAXED);
}

int file_writer(const struct inode *ino, unsigned int flags)
{
	return S_ISREG(ino->mode) && (flags & O_ACCMODE) != O_RDONLY;
}

void file_put(struct file *f)
{
	int left = __atomic_sub_fetch(&f->refs, 1, __ATOMIC_ACQ_REL);

	KASSERT(left >= 0);
	if (left)
		return;
	if (f->ops->release)
		f->ops->release(f);
	if (f->inode && file_writer(f->inode, f->flags))
		inode_put_write(f->inode);
	if (f->inode)
		inode_put(f->inode);
	file_discard(f);
}

void file_discard(struct file *f)
{
	kfree(f->path);
	kfree(f);
	kstat_add(KSTAT_FILES, -1);
}

struct fdtable *fdtable_alloc(void)
{
	struct fdtable *t = kzalloc(sizeof(*t));

	if (!t)
		return NULL;
	spin_init(&t->lock, "fdtable");
	t->size = FD_INLINE;
	t->fd = t->inline_fd;
	t->cloexec = t->inline_cloexec;
	return t;
}

static void free_slots(struct fdtable *t, struct file **fd, uint64_t *cloexec)
{
	if (fd != t->inline_fd) {
		kfree(fd);
		kfree(cloexec);
	}
}

/* Make t at least size slots (a power of two times FD_INLINE, at most
   FD_MAX). Called without t->lock; 0 or -ENOMEM. */
static int grow(struct fdtable *t, int size)
{
	struct file **fd;
	uint64_t *cloexec;
	int want = FD_INLINE;

	while (want < size)
		want *= 2;
	fd = kzalloc(want * sizeof(*fd));
	cloexec = kzalloc(want / 8);
	if (!fd || !cloexec) {
		kfree(fd);
		kfree(cloexec);
		return -ENOMEM;
	}
	spin_lock(&t->lock);
	if (t->size < want) {		/* else a racing grow did it */
		struct file **old_fd = t->fd;
		uint64_t *old_cloexec = t->cloexec;

		memcpy(fd, old_fd, t->size * sizeof(*fd));
		memcpy(cloexec, old_cloexec, t->size / 8);
		t->fd = fd;
		t->cloexec = cloexec;
		t->size = want;
		fd = old_fd;		/* freed below, unless inline */
		cloexec = old_cloexec;
	}
	spin_unlock(&t->lock);
	free_slots(t, fd, cloexec);
	return 0;
}

struct fdtable *fdtable_copy(struct fdtable *src)
{
	struct fdtable *t = fdtable_alloc();
	int i;

	if (!t)
		return NULL;
	spin_lock(&src->lock);
	while (t->size < src->size) {
		int size = src->size;

		spin_unlock(&src->lock);
		if (grow(t, size)) {
			fdtable_free(t);
			return NULL;
		}
		spin_lock(&src->lock);
	}
	for (i = 0; i < src->size; i++)
		if ((t->fd[i] = src->fd[i]))
			file_get(t->fd[i]);
	memcpy(t->cloexec, src->cloexec, src->size / 8);
	spin_unlock(&src->lock);
	return t;
}

/* Take every descriptor matching cloexec_only out of t, then release. */
static void close_many(struct fdtable *t, int cloexec_only)
{
	int i;

	for (i = 0; ; i++) {
		struct file *f = NULL;

		spin_lock(&t->lock);
		if (i >= t->size) {
			spin_unlock(&t->lock);
			break;
		}
		if (t->fd[i] && (!cloexec_only ||
				 (t->cloexec[i / 64] >> (i % 64) & 1))) {
			f = t->fd[i];
			t->fd[i] = NULL;
			t->cloexec[i / 64] &= ~(1ULL << (i % 64));
		}
		spin_unlock(&t->lock);
		if (f)
			file_put(f);
	}
}

void fdtable_free(struct fdtable *t)
{
	close_many(t, 0);
	free_slots(t, t->fd, t->cloexec);
	kfree(t);
}

void fdtable_exec(struct fdtable *t)
{
	close_many(t, 1);
}

static void set_cloexec(struct fdtable *t, int fd, int on)
{
	if (on)
		t->cloexec[fd / 64] |= 1ULL << (fd % 64);
	else
		t->cloexec[fd / 64] &= ~(1ULL << (fd % 64));
}

int fd_limit(void)
{
	struct proc *p = proc_current();
	uint64_t lim = p ? p->rlimits[RLIMIT_NOFILE].cur : FD_MAX;

	return lim < FD_MAX ? (int)lim : FD_MAX;
}

int fd_install(struct fdtable *t, struct file *f, int min, int cloexec)
{
	int fd, limit = fd_limit();

	if (min < 0 || min >= limit)
		return min < 0 ? -EINVAL : -EMFILE;
	spin_lock(&t->lock);
	for (;;) {
		for (fd = min; fd < limit && fd < t->size && t->fd[fd]; fd++)
			;
		if (fd == limit) {
			spin_unlock(&t->lock);
			return -EMFILE;
		}
		if (fd < t->size)
			break;
		spin_unlock(&t->lock);		/* fd is past the table */
		if (grow(t, fd + 1))
			return -ENOMEM;
		spin_lock(&t->lock);
	}
	t->fd[fd] = f;
	set_cloexec(t, fd, cloexec);
	spin_unlock(&t->lock);
	return fd;
}

/* t's file at fd, or NULL; the caller holds t->lock. */
static struct file *slot(struct fdtable *t, int fd)
{
	return fd >= 0 && fd < t->size ? t->fd[fd] : NULL;
}

struct file *fd_get(struct fdtable *t, int fd)
{
	struct file *f;

	spin_lock(&t->lock);
	if ((f = slot(t, fd)))
		file_get(f);
	spin_unlock(&t->lock);
	return f;
}

int fd_close(struct fdtable *t, int fd)
{
	struct file *f;

	spin_lock(&t->lock);
	f = slot(t, fd);
	if (f) {
		t->fd[fd] = NULL;
		set_cloexec(t, fd, 0);
	}
	spin_unlock(&t->lock);
	if (!f)
		return -EBADF;
	file_put(f);
	return 0;
}

int fd_dup2(struct fdtable *t, int oldfd, int newfd, int cloexec)
{
	struct file *f, *old = NULL;

	if (newfd < 0 || newfd >= fd_limit())
		return -EBADF;
	spin_lock(&t->lock);
	while (slot(t, oldfd) && newfd >= t->size) {
		spin_unlock(&t->lock);
		if (grow(t, newfd + 1))
			return -ENOMEM;
		spin_lock(&t->lock);
	}
	f = slot(t, oldfd);
	if (!f) {
		spin_unlock(&t->lock);
		return -EBADF;
	}
	if (oldfd != newfd) {	/* dup2(fd, fd) changes nothing */
		old = t->fd[newfd];
		file_get(f);
		t->fd[newfd] = f;
		set_cloexec(t, newfd, cloexec);
	}
	spin_unlock(&t->lock);
	if (old)
		file_put(old);
	return newfd;
}

int fd_get_cloexec(struct fdtable *t, int fd)
{
	int ret = -EBADF;

	spin_lock(&t->lock);
	if (slot(t, fd))
		ret = t->cloexec[fd / 64] >> (fd % 64) & 1;
	spin_unlock(&t->lock);
	return ret;
}

int fd_set_cloexec(struct fdtable *t, int fd, int on)
{
	int ret = -EBADF;

	spin_lock(&t->lock);
	if (slot(t, fd)) {
		set_cloexec(t, fd, on);
		ret = 0;
	}
	spin_unlock(&t->lock);
	return ret;
}
