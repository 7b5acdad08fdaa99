/*
 * Pipes. The ring buffer is filled and drained under pipe->lock; bytes
 * go between user memory and the ring through a bounce buffer on the
 * stack, because a user copy may fault and sleep. A write of at most
 * PIPE_BUF bytes waits until it fits whole, so it is never interleaved
 * with another. Readers sleep until data or end of file (no writers);
 * writers until room, and get -EPIPE (and SIGPIPE) with no readers.
 */
#include "pipe.h"

#include "file.h"
#include "poll.h"
#include "vfs.h"
#include "../errno.h"
#include "../kmalloc.h"
#include "../kstat.h"
#include "../mutex.h"
#include "../proc.h"
#include "../signal.h"
#include "../string.h"
#include "../thread.h"
#include "../waitq.h"

#define FIONREAD	0x541b

static uint64_t next_id;		/* pipes ever made */

struct pipe {
	uint64_t id;			/* fixed: its number in /proc */
	struct mutex readers_lock;	/* one reader at a time (see read) */
	struct spinlock lock;
	/* Protected by lock: */
	char *buf;			/* PIPE_SIZE bytes */
	uint64_t head, tail;		/* bytes ever written / read */
	int readers, writers;		/* open ends */
	struct waitq rwait, wwait;
};

/* Copy up to max bytes (at most PIPE_BUF) from the ring's tail into
   bounce, without consuming them; the caller holds p->lock. */
static size_t peek(struct pipe *p, char *bounce, size_t max)
{
	size_t k = p->head - p->tail, at = p->tail % PIPE_SIZE, first;

	if (k > max)
		k = max;
	if (k > PIPE_BUF)
		k = PIPE_BUF;
	first = PIPE_SIZE - at < k ? PIPE_SIZE - at : k;	/* up to the wrap */
	memcpy(bounce, p->buf + at, first);
	memcpy(bounce + first, p->buf, k - first);
	return k;
}

/*
 * Readers take turns (readers_lock), so bytes can be copied out before
 * they are consumed: a bad buffer gives -EFAULT and loses nothing.
 */
static long pipe_read(struct file *f, struct iobuf *buf, size_t n)
{
	struct pipe *p = f->priv;
	char bounce[PIPE_BUF];
	size_t done = 0, k;
	long ret;

	if (n == 0)
		return 0;
	mutex_lock(&p->readers_lock);
	spin_lock(&p->lock);
	while (p->head == p->tail) {
		if (p->writers == 0) {
			ret = 0;		/* end of file */
			goto out_locked;
		}
		if (f->flags & O_NONBLOCK) {
			ret = -EAGAIN;
			goto out_locked;
		}
		if (waitq_wait_intr(&p->rwait, &p->lock, WAITQ_FOREVER)) {
			ret = -ERESTARTSYS;
			goto out_locked;
		}
	}
	/* Whatever is there now, up to n: never wait for more. */
	while (done < n && (k = peek(p, bounce, n - done)) > 0) {
		spin_unlock(&p->lock);
		if (iobuf_copy_to(buf, done, bounce, k)) {
			ret = done ? (long)done : -EFAULT;
			goto out;
		}
		spin_lock(&p->lock);
		p->tail += k;		/* only now: the copy worked */
		done += k;
		spin_unlock(&p->lock);
		waitq_wake_all(&p->wwait);
		poll_notify();
		spin_lock(&p->lock);
	}
	ret = done;
out_locked:
	spin_unlock(&p->lock);
out:
	mutex_unlock(&p->readers_lock);
	return ret;
}

/* Copy one chunk (at most PIPE_BUF bytes, already in bounce) into the
   ring, waiting for room for all of it. 0, or -EPIPE/-EAGAIN/-ERESTARTSYS. */
static int put_chunk(struct file *f, struct pipe *p, const char *bounce,
		     size_t k)
{
	size_t at, first;

	spin_lock(&p->lock);
	for (;;) {
		if (p->readers == 0) {
			spin_unlock(&p->lock);
			return -EPIPE;
		}
		if (PIPE_SIZE - (p->head - p->tail) >= k)
			break;
		if (f->flags & O_NONBLOCK) {
			spin_unlock(&p->lock);
			return -EAGAIN;
		}
		if (waitq_wait_intr(&p->wwait, &p->lock, WAITQ_FOREVER)) {
			spin_unlock(&p->lock);
			return -ERESTARTSYS;
		}
	}
	at = p->head % PIPE_SIZE;
	first = PIPE_SIZE - at < k ? PIPE_SIZE - at : k;	/* up to the wrap */
	memcpy(p->buf + at, bounce, first);
	memcpy(p->buf, bounce + first, k - first);
	p->head += k;
	spin_unlock(&p->lock);
	waitq_wake_all(&p->rwait);
	poll_notify();
	return 0;
}

static long pipe_write(struct file *f, struct iobuf *buf, size_t n)
{
	struct pipe *p = f->priv;
	char bounce[PIPE_BUF];
	size_t done = 0;
	int err = 0;

	while (done < n) {
		size_t k = n - done < PIPE_BUF ? n - done : PIPE_BUF, room;

		/* A non-blocking write larger than PIPE_BUF takes what fits. */
		if ((f->flags & O_NONBLOCK) && n > PIPE_BUF) {
			spin_lock(&p->lock);
			room = PIPE_SIZE - (p->head - p->tail);
			spin_unlock(&p->lock);
			if (room == 0) {
				err = -EAGAIN;
				break;
			}
			if (k > room)
				k = room;
		}
		if (iobuf_copy_from(bounce, buf, done, k)) {
			err = -EFAULT;
			break;
		}
		if ((err = put_chunk(f, p, bounce, k)))
			break;
		done += k;
	}
	if (err == -EPIPE)		/* to the writing thread, as Linux */
		proc_kill_thread(-1, thread_current()->tid, SIGPIPE, NULL);
	return done ? (long)done : err;
}

static long pipe_ioctl(struct file *f, unsigned long cmd, uaddr_t arg)
{
	struct pipe *p = f->priv;
	int avail;

	if (cmd != FIONREAD)
		return -ENOTTY;
	spin_lock(&p->lock);
	avail = p->head - p->tail;
	spin_unlock(&p->lock);
	return copy_to_user(arg, &avail, sizeof(avail)) ? -EFAULT : 0;
}

static void pipe_release(struct file *f)
{
	struct pipe *p = f->priv;
	int gone;

	spin_lock(&p->lock);
	if ((f->flags & O_ACCMODE) == O_RDONLY)
		p->readers--;
	else
		p->writers--;
	gone = p->readers == 0 && p->writers == 0;
	/* Woken under the lock: once it is dropped, the other end's
	   release may free the pipe at any moment. */
	if (!gone) {
		waitq_wake_all(&p->rwait);	/* end of file, or no readers */
		waitq_wake_all(&p->wwait);
	}
	spin_unlock(&p->lock);
	if (gone) {
		kfree(p->buf);
		kfree(p);
		kstat_add(KSTAT_PIPES, -1);
		return;
	}
	poll_notify();
}

static int pipe_poll(struct file *f)
{
	struct pipe *p = f->priv;
	uint64_t used;
	int mask = 0;

	spin_lock(&p->lock);
	used = p->head - p->tail;
	if ((f->flags & O_ACCMODE) == O_RDONLY) {
		if (used)
			mask |= POLLIN | POLLRDNORM;
		if (!p->writers)
			mask |= POLLHUP;
	} else {
		if (PIPE_SIZE - used >= PIPE_BUF)
			mask |= POLLOUT | POLLWRNORM;
		if (!p->readers)
			mask |= POLLERR;
	}
	spin_unlock(&p->lock);
	return mask;
}

static const struct file_ops pipe_read_ops = {
	.read = pipe_read,
	.ioctl = pipe_ioctl,
	.poll = pipe_poll,
	.release = pipe_release,
};

static const struct file_ops pipe_write_ops = {
	.write = pipe_write,
	.ioctl = pipe_ioctl,
	.poll = pipe_poll,
	.release = pipe_release,
};

uint64_t pipe_id(const struct file *f)
{
	if (f->ops != &pipe_read_ops && f->ops != &pipe_write_ops)
		return 0;
	return ((const struct pipe *)f->priv)->id;
}

int pipe_create(struct file **rd, struct file **wr, unsigned int flags)
{
	struct pipe *p = kzalloc(sizeof(*p));

	if (!p)
		return -ENOMEM;
	p->buf = kmalloc(PIPE_SIZE);
	if (!p->buf)
		goto out_pipe;
	p->id = __atomic_add_fetch(&next_id, 1, __ATOMIC_RELAXED);
	spin_init(&p->lock, "pipe");
	mutex_init(&p->readers_lock, "pipe readers");
	waitq_init(&p->rwait);
	waitq_init(&p->wwait);
	p->readers = p->writers = 1;
	*rd = file_alloc(&pipe_read_ops, p, O_RDONLY | (flags & O_NONBLOCK));
	if (!*rd)
		goto out_buf;
	*wr = file_alloc(&pipe_write_ops, p, O_WRONLY | (flags & O_NONBLOCK));
	if (!*wr) {
		file_discard(*rd);
		goto out_buf;
	}
	kstat_add(KSTAT_PIPES, 1);
	return 0;

out_buf:
	kfree(p->buf);
out_pipe:
	kfree(p);
	return -ENOMEM;
}
