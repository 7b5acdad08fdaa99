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
	struct iobuf b = { .user = 1, .uaddr = buf };

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
	struct iobuf b = { .user = 1, .uaddr = buf };

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

/*
 * pread/pwrite of f at *pos, which moves by the bytes done (the file's
 * own position does not): regular files only. A write to an O_APPEND
 * file, or with append, goes to the end whatever pos says, as Linux's
 * pwrite does.
 */
static long positional(struct file *f, uaddr_t buf, size_t count,
		       uint64_t *pos, int writing, int append)
{
	struct iobuf b = { .user = 1, .uaddr = buf };
	struct inode *ino = f->inode;

	if (f->ops->positionless)
		return writing ? write_buf(f, &b, count) : do_read(f, buf, count);
	if (!ino || (!S_ISREG(ino->mode) && !S_ISDIR(ino->mode)))
		return -ESPIPE;
	if ((f->flags & O_ACCMODE) == (writing ? O_RDONLY : O_WRONLY))
		return -EBADF;
	if (!user_range_ok(buf, count))
		return -EFAULT;
	if (S_ISDIR(ino->mode))
		return -EISDIR;
	if (count > MAX_RW_COUNT)
		count = MAX_RW_COUNT;
	append = writing && (append || (f->flags & O_APPEND));
	return vfs_rdwr(ino, pos, append, &b, count, writing);
}

static long pio(int fd, uaddr_t buf, size_t count, int64_t off,
		int writing)
{
	uint64_t pos = off;
	struct file *f;
	long ret;

	if (off < 0)
		return -EINVAL;
	if (!(f = get(fd)))
		return -EBADF;
	ret = positional(f, buf, count, &pos, writing, 0);
	file_put(f);
	return ret;
}

long sys_pread64(int fd, uaddr_t buf, size_t count, int64_t off)
{
	return pio(fd, buf, count, off, 0);
}

long sys_pwrite64(int fd, uaddr_t buf, size_t count, int64_t off)
{
	return pio(fd, buf, count, off, 1);
}

/*
 * readv/writev, and with pos their positional forms: one transfer per
 * buffer, stopping at a short one. append (RWF_APPEND): writes go to the
 * end of a regular file.
 */
static long vector_io(int fd, uaddr_t iov, int iovcnt, int writing,
		      uint64_t *pos, int append)
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
	if (pos && !f->ops->positionless && (!f->inode ||
	    (!S_ISREG(f->inode->mode) && !S_ISDIR(f->inode->mode)))) {
		file_put(f);
		return -ESPIPE;
	}
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
		if (pos)
			n = positional(f, v.base, v.len, pos, writing, append);
		else if (writing && append && f->inode &&
			 S_ISREG(f->inode->mode))	/* at the end, moving */
			n = positional(f, v.base, v.len, &f->pos, 1, 1);
		else
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
	return vector_io(fd, iov, iovcnt, 0, NULL, 0);
}

long sys_writev(int fd, uaddr_t iov, int iovcnt)
{
	return vector_io(fd, iov, iovcnt, 1, NULL, 0);
}

/* preadv2/pwritev2 flags: hints this kernel has no use for (its files
   never wait on a device), and RWF_APPEND. Others: EOPNOTSUPP. */
#define RWF_HIPRI	0x01
#define RWF_DSYNC	0x02
#define RWF_SYNC	0x04
#define RWF_NOWAIT	0x08
#define RWF_APPEND	0x10
#define RWF_KNOWN	(RWF_HIPRI | RWF_DSYNC | RWF_SYNC | RWF_NOWAIT | \
			 RWF_APPEND)

/* preadv, pwritev (flags 0) and the *v2 forms, where offset -1 means
   the file's position (readv, writev). On 64-bit, pos_l is the whole
   offset; pos_h is ignored, as on Linux. */
static long positional_vector(int fd, uaddr_t iov, int iovcnt, int64_t off,
			      int flags, int writing)
{
	uint64_t pos = off;

	if (flags & ~RWF_KNOWN)
		return -EOPNOTSUPP;
	if (off == -1)
		return vector_io(fd, iov, iovcnt, writing, NULL,
				 flags & RWF_APPEND);
	if (off < 0)
		return -EINVAL;
	return vector_io(fd, iov, iovcnt, writing, &pos, flags & RWF_APPEND);
}

long sys_preadv(int fd, uaddr_t iov, int iovcnt, int64_t pos_l,
		int64_t pos_h)
{
	return pos_l < 0 ? -EINVAL :
	       positional_vector(fd, iov, iovcnt, pos_l, 0, 0);
}

long sys_pwritev(int fd, uaddr_t iov, int iovcnt, int64_t pos_l,
		 int64_t pos_h)
{
	return pos_l < 0 ? -EINVAL :
	       positional_vector(fd, iov, iovcnt, pos_l, 0, 1);
}

long sys_preadv2(int fd, uaddr_t iov, int iovcnt, int64_t pos_l,
		 int64_t pos_h, int flags)
{
	return positional_vector(fd, iov, iovcnt, pos_l, flags, 0);
}

long sys_pwritev2(int fd, uaddr_t iov, int iovcnt, int64_t pos_l,
		  int64_t pos_h, int flags)
{
	return positional_vector(fd, iov, iovcnt, pos_l, flags, 1);
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
	struct iobuf kb = { .kaddr = NULL };
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
