/*
 * Files and descriptor tables (see file.h). A table's lock is a leaf:
 * files are released (which may sleep) only after it is dropped.
 */
#include "file.h"

#include "vfs.h"
#include "../errno.h"
#include "../kmalloc.h"
#include "../proc.h"
#include "../string.h"

struct file *file_alloc(const struct file_ops *ops, void *priv,
			unsigned int flags)
{
	struct file *f = kzalloc(sizeof(*f));

	if (!f)
		return NULL;
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

void file_put(struct file *f)
{
	if (__atomic_sub_fetch(&f->refs, 1, __ATOMIC_ACQ_REL))
		return;
	if (f->ops->release)
		f->ops->release(f);
	if (f->inode)
		inode_put(f->inode);
	kfree(f->path);
	kfree(f);
}

struct fdtable *fdtable_alloc(void)
{
	struct fdtable *t = kzalloc(sizeof(*t));

	if (t)
		spin_init(&t->lock, "fdtable");
	return t;
}

struct fdtable *fdtable_copy(struct fdtable *src)
{
	struct fdtable *t = fdtable_alloc();
	int i;

	if (!t)
		return NULL;
	spin_lock(&src->lock);
	for (i = 0; i < FD_MAX; i++)
		if ((t->fd[i] = src->fd[i]))
			file_get(t->fd[i]);
	memcpy(t->cloexec, src->cloexec, sizeof(t->cloexec));
	spin_unlock(&src->lock);
	return t;
}

/* Take every descriptor matching cloexec_only out of t, then release. */
static void close_many(struct fdtable *t, int cloexec_only)
{
	int i;

	for (i = 0; i < FD_MAX; i++) {
		struct file *f = NULL;

		spin_lock(&t->lock);
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
	for (fd = min; fd < limit && t->fd[fd]; fd++)
		;
	if (fd == limit) {
		spin_unlock(&t->lock);
		return -EMFILE;
	}
	t->fd[fd] = f;
	set_cloexec(t, fd, cloexec);
	spin_unlock(&t->lock);
	return fd;
}

struct file *fd_get(struct fdtable *t, int fd)
{
	struct file *f = NULL;

	if (fd < 0 || fd >= FD_MAX)
		return NULL;
	spin_lock(&t->lock);
	if ((f = t->fd[fd]))
		file_get(f);
	spin_unlock(&t->lock);
	return f;
}

int fd_close(struct fdtable *t, int fd)
{
	struct file *f;

	if (fd < 0 || fd >= FD_MAX)
		return -EBADF;
	spin_lock(&t->lock);
	f = t->fd[fd];
	t->fd[fd] = NULL;
	set_cloexec(t, fd, 0);
	spin_unlock(&t->lock);
	if (!f)
		return -EBADF;
	file_put(f);
	return 0;
}

int fd_dup2(struct fdtable *t, int oldfd, int newfd, int cloexec)
{
	struct file *f, *old = NULL;

	if (oldfd < 0 || oldfd >= FD_MAX || newfd < 0 || newfd >= fd_limit())
		return -EBADF;
	spin_lock(&t->lock);
	f = t->fd[oldfd];
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

	if (fd < 0 || fd >= FD_MAX)
		return -EBADF;
	spin_lock(&t->lock);
	if (t->fd[fd])
		ret = t->cloexec[fd / 64] >> (fd % 64) & 1;
	spin_unlock(&t->lock);
	return ret;
}

int fd_set_cloexec(struct fdtable *t, int fd, int on)
{
	int ret = -EBADF;

	if (fd < 0 || fd >= FD_MAX)
		return -EBADF;
	spin_lock(&t->lock);
	if (t->fd[fd]) {
		set_cloexec(t, fd, on);
		ret = 0;
	}
	spin_unlock(&t->lock);
	return ret;
}
