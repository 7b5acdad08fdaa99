/*
 * poll, ppoll, select, pselect6: look at every descriptor, and if none
 * is ready, sleep until a readiness change (fs/poll.c) or the timeout,
 * then look again. Signal masks (ppoll, pselect6) are accepted and
 * ignored until signal delivery exists.
 */
#include "clock.h"
#include "errno.h"
#include "fs/file.h"
#include "fs/poll.h"
#include "kmalloc.h"
#include "proc.h"
#include "signal.h"
#include "thread.h"
#include "string.h"
#include "syscall.h"
#include "time.h"

#define NO_DEADLINE	(~0ULL)

struct pollfd_user {
	int fd;
	short events;
	short revents;
};

struct timeval_user {
	int64_t tv_sec, tv_usec;
};

/* The readiness of fd, or POLLNVAL if it is not open. */
static int fd_poll(int fd)
{
	struct file *f = fd_get(proc_current()->files, fd);
	int mask;

	if (!f)
		return POLLNVAL;
	mask = f->ops->poll ? f->ops->poll(f) :
	       POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;
	file_put(f);
	return mask;
}

static uint64_t deadline_after(uint64_t ns)
{
	uint64_t now = time_ns();

	return ns >= NO_DEADLINE - now ? NO_DEADLINE : now + ns;
}

static long do_poll(uaddr_t ufds, unsigned long nfds, uint64_t deadline)
{
	struct pollfd_user *fds;
	unsigned long i;
	long ready = 0;
	int err = 0;

	if (nfds > FD_MAX)
		return -EINVAL;
	fds = kmalloc(nfds ? nfds * sizeof(*fds) : 1);
	if (!fds)
		return -ENOMEM;
	if (copy_from_user(fds, ufds, nfds * sizeof(*fds))) {
		kfree(fds);
		return -EFAULT;
	}
	for (;;) {
		uint64_t gen = poll_generation();

		ready = 0;
		for (i = 0; i < nfds; i++) {
			int m = fds[i].fd < 0 ? 0 : fd_poll(fds[i].fd);

			fds[i].revents = m & (fds[i].events | POLLERR | POLLHUP |
					      POLLNVAL);
			ready += fds[i].revents != 0;
		}
		if (ready || deadline == 0)
			break;
		err = poll_wait(gen, deadline);
		if (err == -ETIMEDOUT) {
			err = 0;
			break;
		}
		if (err == -EINTR)
			err = -ERESTARTNOHAND;
		if (err)
			break;
	}
	if (!err && copy_to_user(ufds, fds, nfds * sizeof(*fds)))
		err = -EFAULT;
	kfree(fds);
	return err ? err : ready;
}

long sys_poll(uaddr_t fds, unsigned long nfds, int timeout)
{
	return do_poll(fds, nfds, timeout < 0 ? NO_DEADLINE :
		       deadline_after((uint64_t)timeout * 1000000));
}

/* A timespec from user memory as a deadline; NULL: none. */
static int ts_deadline(uaddr_t ts, uint64_t *deadline)
{
	struct timespec_user t;

	if (!ts) {
		*deadline = NO_DEADLINE;
		return 0;
	}
	if (copy_from_user(&t, ts, sizeof(t)))
		return -EFAULT;
	if (t.tv_sec < 0 || t.tv_nsec < 0 || t.tv_nsec >= (int64_t)NSEC_PER_SEC)
		return -EINVAL;
	*deadline = t.tv_sec == 0 && t.tv_nsec == 0 ? 0 :
		    deadline_after(t.tv_sec > (int64_t)(NO_DEADLINE / NSEC_PER_SEC / 2) ?
				   NO_DEADLINE / 2 :
				   t.tv_sec * NSEC_PER_SEC + t.tv_nsec);
	return 0;
}

/* ppoll and pselect6 wait with the mask at umask (if not 0), which stays
   in force until a handler interrupting them has run. */
static int mask_set(uaddr_t umask)
{
	struct thread *t = thread_current();
	uint64_t mask;

	if (!umask)
		return 0;
	if (copy_from_user(&mask, umask, sizeof(mask)))
		return -EFAULT;
	t->saved_mask = t->sigmask;
	signal_set_mask(mask);
	return 0;
}

static long mask_done(uaddr_t umask, long ret)
{
	struct thread *t = thread_current();

	if (umask) {
		if (ret == -ERESTARTNOHAND)
			t->restore_mask = 1;	/* after the handler's frame */
		else
			signal_set_mask(t->saved_mask);
	}
	return ret;
}

long sys_ppoll(uaddr_t fds, unsigned long nfds, uaddr_t ts, uaddr_t sigmask,
	       size_t sigsetsize)
{
	uint64_t deadline;
	int err;

	if (sigmask && sigsetsize != 8)
		return -EINVAL;
	if ((err = ts_deadline(ts, &deadline)) || (err = mask_set(sigmask)))
		return err;
	return mask_done(sigmask, do_poll(fds, nfds, deadline));
}

#define FDSET_BYTES(n)	((((n) + 63) / 64) * 8)

static long do_select(int nfds, uaddr_t ur, uaddr_t uw, uaddr_t ue,
		      uint64_t deadline)
{
	uint64_t in[3][FD_MAX / 64], out[3][FD_MAX / 64];
	uaddr_t sets[3] = { ur, uw, ue };
	size_t bytes;
	long ready;
	int i, s, err = 0;

	if (nfds < 0)
		return -EINVAL;
	if (nfds > FD_MAX)
		nfds = FD_MAX;
	bytes = FDSET_BYTES(nfds);
	memset(in, 0, sizeof(in));
	for (s = 0; s < 3; s++)
		if (sets[s] && copy_from_user(in[s], sets[s], bytes))
			return -EFAULT;
	for (;;) {
		uint64_t gen = poll_generation();

		ready = 0;
		memset(out, 0, sizeof(out));
		for (i = 0; i < nfds; i++) {
			uint64_t bit = 1ULL << (i % 64);
			int want = (in[0][i / 64] | in[1][i / 64] | in[2][i / 64]) & bit;
			int m;

			if (!want)
				continue;
			m = fd_poll(i);
			if (m & POLLNVAL)
				return -EBADF;
			if ((in[0][i / 64] & bit) && (m & (POLLIN | POLLHUP | POLLERR))) {
				out[0][i / 64] |= bit;
				ready++;
			}
			if ((in[1][i / 64] & bit) && (m & (POLLOUT | POLLERR))) {
				out[1][i / 64] |= bit;
				ready++;
			}
			if ((in[2][i / 64] & bit) && (m & POLLPRI)) {
				out[2][i / 64] |= bit;
				ready++;
			}
		}
		if (ready || deadline == 0)
			break;
		err = poll_wait(gen, deadline);
		if (err == -ETIMEDOUT) {
			err = 0;
			break;
		}
		if (err == -EINTR)
			err = -ERESTARTNOHAND;
		if (err)
			return err;
	}
	for (s = 0; s < 3; s++)
		if (sets[s] && copy_to_user(sets[s], out[s], bytes))
			return -EFAULT;
	return ready;
}

long sys_select(int nfds, uaddr_t rfds, uaddr_t wfds, uaddr_t efds, uaddr_t tv)
{
	struct timeval_user t;
	uint64_t deadline = NO_DEADLINE, start = time_ns();
	long ret;

	if (tv) {
		if (copy_from_user(&t, tv, sizeof(t)))
			return -EFAULT;
		if (t.tv_sec < 0 || t.tv_usec < 0 || t.tv_usec >= 1000000)
			return -EINVAL;
		deadline = t.tv_sec == 0 && t.tv_usec == 0 ? 0 :
			   deadline_after(t.tv_sec * NSEC_PER_SEC + t.tv_usec * 1000);
	}
	ret = do_select(nfds, rfds, wfds, efds, deadline);
	if (tv && ret >= 0) {		/* Linux reports the time left */
		uint64_t spent = (time_ns() - start) / 1000;
		uint64_t total = t.tv_sec * 1000000ULL + t.tv_usec;
		uint64_t left = spent < total ? total - spent : 0;

		t.tv_sec = left / 1000000;
		t.tv_usec = left % 1000000;
		if (copy_to_user(tv, &t, sizeof(t)))
			return -EFAULT;
	}
	return ret;
}

long sys_pselect6(int nfds, uaddr_t rfds, uaddr_t wfds, uaddr_t efds,
		  uaddr_t ts, uaddr_t sigmask)
{
	struct { uint64_t set, size; } sm = { 0, 8 };	/* pselect6's 6th */
	uint64_t deadline;
	int err;

	if (sigmask && copy_from_user(&sm, sigmask, sizeof(sm)))
		return -EFAULT;
	if (sm.set && sm.size != 8)
		return -EINVAL;
	if ((err = ts_deadline(ts, &deadline)) || (err = mask_set(sm.set)))
		return err;
	return mask_done(sm.set, do_select(nfds, rfds, wfds, efds, deadline));
}
