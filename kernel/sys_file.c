/*
 * Descriptor system calls: decode and check, then the file's operations
 * (fs/file.c, fs/pipe.c, console.c).
 */
#include "errno.h"
#include "mutex.h"
#include "fs/file.h"
#include "fs/pipe.h"
#include "fs/vfs.h"
#include "kmalloc.h"
#include "proc.h"
#include "syscall.h"

#define IOV_MAX		1024
#define MAX_RW_COUNT	0x7ffff000UL
#define F_DUPFD		0
#define F_GETFD		1
#define F_SETFD		2
#define F_GETFL		3
#define F_SETFL		4
#define F_DUPFD_CLOEXEC	1030
#define FD_CLOEXEC	1
#define SETFL_MASK	(O_APPEND | O_NONBLOCK)

struct iovec_user {
	uint64_t base;
	uint64_t len;
};

static struct fdtable *files(void)
{
	return proc_current()->files;
}

/* The file at fd, with a reference, or NULL (-EBADF). */
static struct file *get(int fd)
{
	return fd_get(files(), fd);
}

/* As Linux's vfs_read/vfs_write: a buffer outside user space is -EFAULT
   at once, before the file's operation may block. */
static long do_read(struct file *f, uaddr_t buf, size_t n)
{
	struct iobuf b = { 1, buf, NULL };

	if ((f->flags & O_ACCMODE) == O_WRONLY || !f->ops->read)
		return -EBADF;
	if (n > MAX_RW_COUNT)
		n = MAX_RW_COUNT;
	if (!user_range_ok(buf, n))
		return -EFAULT;
	return f->ops->read(f, &b, n);
}

/* One write from b (user memory, or the kernel's); the caller holds f's
   write_lock if it has one. */
static long write_buf(struct file *f, struct iobuf *b, size_t n)
{
	if ((f->flags & O_ACCMODE) == O_RDONLY || !f->ops->write)
		return -EBADF;
	if (n > MAX_RW_COUNT)
		n = MAX_RW_COUNT;
	if (b->user && !user_range_ok(b->uaddr, n))
		return -EFAULT;
	return f->ops->write(f, b, n);
}

static long write_unlocked(struct file *f, uaddr_t buf, size_t n)
{
	struct iobuf b = { 1, buf, NULL };

	return write_buf(f, &b, n);
}

static void write_lock(struct file *f, int lock)
{
	if (!f->ops->write_lock)
		return;
	if (lock)
		mutex_lock(f->ops->write_lock);
	else
		mutex_unlock(f->ops->write_lock);
}

static long do_write(struct file *f, uaddr_t buf, size_t n)
{
	long ret;

	write_lock(f, 1);
	ret = write_unlocked(f, buf, n);
	write_lock(f, 0);
	return ret;
}

long sys_read(int fd, uaddr_t buf, size_t count)
{
	struct file *f = get(fd);
	long ret;

	if (!f)
		return -EBADF;
	ret = do_read(f, buf, count);
	file_put(f);
	return ret;
}

long sys_write(int fd, uaddr_t buf, size_t count)
{
	struct file *f = get(fd);
	long ret;

	if (!f)
		return -EBADF;
	ret = do_write(f, buf, count);
	file_put(f);
	return ret;
}

/* readv/writev: one transfer per buffer, stopping at a short one. */
static long vector_io(int fd, uaddr_t iov, int iovcnt, int writing)
{
	struct file *f;
	struct iovec_user v;
	long total = 0, n = 0;
	int i;

	if (iovcnt < 0 || iovcnt > IOV_MAX)
		return -EINVAL;
	f = get(fd);
	if (!f)
		return -EBADF;
	if (writing)
		write_lock(f, 1);	/* one writev: one piece of output */
	for (i = 0; i < iovcnt; i++) {
		if (copy_from_user(&v, iov + i * sizeof(v), sizeof(v))) {
			n = -EFAULT;
			break;
		}
		if ((int64_t)v.len < 0) {
			n = -EINVAL;
			break;
		}
		if (v.len == 0)
			continue;
		n = writing ? write_unlocked(f, v.base, v.len) :
			      do_read(f, v.base, v.len);
		if (n < 0)
			break;
		total += n;
		if ((uint64_t)n < v.len)
			break;
	}
	if (writing)
		write_lock(f, 0);
	file_put(f);
	return total ? total : n < 0 ? n : 0;
}

long sys_readv(int fd, uaddr_t iov, int iovcnt)
{
	return vector_io(fd, iov, iovcnt, 0);
}

long sys_writev(int fd, uaddr_t iov, int iovcnt)
{
	return vector_io(fd, iov, iovcnt, 1);
}

long sys_ioctl(int fd, unsigned long cmd, uaddr_t arg)
{
	struct file *f = get(fd);
	long ret;

	if (!f)
		return -EBADF;
	ret = f->ops->ioctl ? f->ops->ioctl(f, cmd, arg) : -ENOTTY;
	file_put(f);
	return ret;
}

long sys_close(int fd)
{
	return fd_close(files(), fd);
}

long sys_dup(int fd)
{
	struct file *f = get(fd);
	int ret;

	if (!f)
		return -EBADF;
	ret = fd_install(files(), f, 0, 0);
	if (ret < 0)
		file_put(f);
	return ret;
}

long sys_dup2(int oldfd, int newfd)
{
	return fd_dup2(files(), oldfd, newfd, 0);
}

long sys_dup3(int oldfd, int newfd, int flags)
{
	if (oldfd == newfd || (flags & ~O_CLOEXEC))
		return -EINVAL;
	return fd_dup2(files(), oldfd, newfd, (flags & O_CLOEXEC) != 0);
}

long sys_fcntl(int fd, int cmd, unsigned long arg)
{
	struct file *f;
	long ret;

	switch (cmd) {
	case F_GETFD:
		return fd_get_cloexec(files(), fd);
	case F_SETFD:
		return fd_set_cloexec(files(), fd, arg & FD_CLOEXEC);
	}
	f = get(fd);
	if (!f)
		return -EBADF;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		if (arg >= (unsigned long)fd_limit()) {
			ret = -EINVAL;
			break;
		}
		ret = fd_install(files(), f, arg, cmd == F_DUPFD_CLOEXEC);
		if (ret >= 0)
			return ret;	/* the reference went to the table */
		break;
	case F_GETFL:
		ret = f->flags;
		break;
	case F_SETFL:
		f->flags = (f->flags & ~SETFL_MASK) | (arg & SETFL_MASK);
		ret = 0;
		break;
	default:
		ret = -EINVAL;
	}
	file_put(f);
	return ret;
}

long sys_pipe2(uaddr_t ufds, int flags)
{
	struct file *rd, *wr;
	int fds[2], err, cloexec = (flags & O_CLOEXEC) != 0;

	if (flags & ~(O_CLOEXEC | O_NONBLOCK))
		return -EINVAL;
	if (!user_range_ok(ufds, sizeof(fds)))
		return -EFAULT;
	if ((err = pipe_create(&rd, &wr, flags)))
		return err;
	fds[0] = fd_install(files(), rd, 0, cloexec);
	if (fds[0] < 0) {
		file_put(rd);
		file_put(wr);
		return fds[0];
	}
	fds[1] = fd_install(files(), wr, 0, cloexec);
	if (fds[1] < 0) {
		fd_close(files(), fds[0]);
		file_put(wr);
		return fds[1];
	}
	if (copy_to_user(ufds, fds, sizeof(fds))) {
		fd_close(files(), fds[0]);
		fd_close(files(), fds[1]);
		return -EFAULT;
	}
	return 0;
}

long sys_pipe(uaddr_t ufds)
{
	return sys_pipe2(ufds, 0);
}

#define SENDFILE_CHUNK	4096

/*
 * sendfile: count bytes from in_fd (a regular file) to out_fd (any file
 * open for writing, not O_APPEND), through a kernel buffer. With offset,
 * from *offset (updated) and in_fd's position untouched; else from and
 * advancing its position. Returns the bytes written.
 */
long sys_sendfile(int out_fd, int in_fd, uaddr_t offset, size_t count)
{
	struct file *in = get(in_fd), *out = get(out_fd);
	struct iobuf kb = { 0, 0, NULL };
	int64_t off = 0;
	long done = 0, ret = 0;
	struct inode *ino;
	char *chunk = NULL;

	if (!in || !out || (in->flags & O_ACCMODE) == O_WRONLY ||
	    (out->flags & O_ACCMODE) == O_RDONLY) {
		ret = -EBADF;
		goto out;
	}
	ino = in->inode;
	if (!ino || !S_ISREG(ino->mode) || !ino->ops->read ||
	    (out->flags & O_APPEND)) {
		ret = -EINVAL;
		goto out;
	}
	if (offset && copy_from_user(&off, offset, sizeof(off))) {
		ret = -EFAULT;
		goto out;
	}
	if (off < 0) {
		ret = -EINVAL;
		goto out;
	}
	if (!(chunk = kmalloc(SENDFILE_CHUNK))) {
		ret = -ENOMEM;
		goto out;
	}
	if (count > MAX_RW_COUNT)
		count = MAX_RW_COUNT;
	kb.kaddr = chunk;
	while ((size_t)done < count) {
		size_t want = count - done < SENDFILE_CHUNK ? count - done :
			      SENDFILE_CHUNK;
		int64_t at = offset ? off : (int64_t)in->pos;
		long got, put;

		got = vfs_read_kernel(ino, at, chunk, want);
		if (got <= 0) {
			ret = got;
			break;
		}
		write_lock(out, 1);
		put = write_buf(out, &kb, got);
		write_lock(out, 0);
		if (put <= 0) {
			ret = put;
			break;
		}
		done += put;
		if (offset) {
			off += put;
		} else {
			mutex_lock(&ino->lock);
			in->pos += put;
			mutex_unlock(&ino->lock);
		}
		if (put < got)
			break;		/* a full pipe, a full disk */
	}
	if (offset && copy_to_user(offset, &off, sizeof(off)) && !done)
		ret = -EFAULT;
out:
	kfree(chunk);
	if (in)
		file_put(in);
	if (out)
		file_put(out);
	return done ? done : ret;
}
