/* Signal system calls: decode and check, then signal.c. */
#include "errno.h"
#include "proc.h"
#include "signal.h"
#include "syscall.h"
#include "thread.h"

#define SIG_BLOCK	0
#define SIG_UNBLOCK	1
#define SIG_SETMASK	2
#define UNBLOCKABLE	((1ULL << (SIGKILL - 1)) | (1ULL << (SIGSTOP - 1)))

long sys_rt_sigaction(int sig, uaddr_t act, uaddr_t oldact, size_t sigsetsize)
{
	struct k_sigaction new, old;
	int err;

	if (sigsetsize != 8)
		return -EINVAL;
	if (act && copy_from_user(&new, act, sizeof(new)))
		return -EFAULT;
	err = signal_set_action(proc_current(), sig, act ? &new : NULL, &old);
	if (err)
		return err;
	if (oldact && copy_to_user(oldact, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

long sys_rt_sigprocmask(int how, uaddr_t set, uaddr_t oldset, size_t sigsetsize)
{
	struct thread *t = thread_current();
	uint64_t mask, old = t->sigmask;

	if (sigsetsize != 8)
		return -EINVAL;
	if (set) {
		if (copy_from_user(&mask, set, sizeof(mask)))
			return -EFAULT;
		switch (how) {
		case SIG_BLOCK:
			t->sigmask |= mask;
			break;
		case SIG_UNBLOCK:
			t->sigmask &= ~mask;
			break;
		case SIG_SETMASK:
			t->sigmask = mask;
			break;
		default:
			return -EINVAL;
		}
		t->sigmask &= ~UNBLOCKABLE;
	}
	if (oldset && copy_to_user(oldset, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}
