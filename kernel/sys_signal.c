/* Signal system calls: decode and check, then signal.c, proc.c and
   itimer.c. */
#include "arch/x86_64/sigframe.h"
#include "arch/x86_64/trap.h"
#include "clock.h"
#include "errno.h"
#include "itimer.h"
#include "log.h"
#include "proc.h"
#include "signal.h"
#include "string.h"
#include "syscall.h"
#include "thread.h"
#include "time.h"
#include "waitq.h"

#define SIG_BLOCK	0
#define SIG_UNBLOCK	1
#define SIG_SETMASK	2
#define ITIMER_REAL	0
#define ITIMER_VIRTUAL	1
#define ITIMER_PROF	2
#define NSEC_PER_USEC	1000ULL

/* Sleepers waiting for nothing but a signal (pause, sigsuspend,
   sigtimedwait): no one wakes this queue; signals end the sleeps. */
static struct waitq signal_wq = WAITQ_INIT(signal_wq);

struct timeval_user {
	int64_t tv_sec;
	int64_t tv_usec;
};

struct itimerval_user {
	struct timeval_user interval;
	struct timeval_user value;
};

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
			mask |= old;
			break;
		case SIG_UNBLOCK:
			mask = old & ~mask;
			break;
		case SIG_SETMASK:
			break;
		default:
			return -EINVAL;
		}
		signal_set_mask(mask);
	}
	if (oldset && copy_to_user(oldset, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

long sys_rt_sigpending(uaddr_t set, size_t sigsetsize)
{
	uint64_t pending = signal_pending_set() & thread_current()->sigmask;

	if (sigsetsize > 8)
		return -EINVAL;
	return copy_to_user(set, &pending, sigsetsize) ? -EFAULT : 0;
}

/* Sleep until a signal is to be acted on. */
static long wait_for_signal(void)
{
	while (waitq_wait_intr(&signal_wq, NULL, WAITQ_FOREVER) == 0)
		;
	return -ERESTARTNOHAND;
}

long sys_pause(void)
{
	return wait_for_signal();
}

long sys_rt_sigsuspend(uaddr_t umask, size_t sigsetsize)
{
	struct thread *t = thread_current();
	uint64_t mask;

	if (sigsetsize != 8)
		return -EINVAL;
	if (copy_from_user(&mask, umask, sizeof(mask)))
		return -EFAULT;
	/* Delivery puts the old mask in the handler's frame. */
	t->saved_mask = t->sigmask;
	t->restore_mask = 1;
	signal_set_mask(mask);
	return wait_for_signal();
}

long sys_rt_sigreturn(void)
{
	struct thread *t = thread_current();
	struct trapframe *tf = syscall_frame();

	t->frame_replaced = 1;		/* every register back: iretq */
	if (sigframe_restore(tf)) {
		klog(LOG_INFO, "proc: %s[%d]: bad signal frame at %lx\n",
		     t->proc->name, t->proc->pid, tf->rsp);
		signal_force(SIGSEGV, SI_KERNEL, 0);
	}
	t->syscall_nr = -1;		/* rax is the interrupted code's */
	return tf->rax;
}

long sys_tkill(int tid, int sig)
{
	struct ksiginfo info;

	memset(&info, 0, sizeof(info));
	info.code = SI_TKILL;
	info.kill.pid = proc_current()->pid;
	return proc_kill_thread(-1, tid, sig, &info);
}

long sys_tgkill(int tgid, int tid, int sig)
{
	struct ksiginfo info;

	if (tgid <= 0)
		return -EINVAL;
	memset(&info, 0, sizeof(info));
	info.code = SI_TKILL;
	info.kill.pid = proc_current()->pid;
	return proc_kill_thread(tgid, tid, sig, &info);
}

/* A siginfo from user space for sig: only negative codes (sigqueue's)
   may be sent to another process, as on Linux. */
static int user_siginfo(uaddr_t uinfo, int sig, int self, struct ksiginfo *info)
{
	if (copy_from_user(info, uinfo, sizeof(*info)))
		return -EFAULT;
	if ((info->code >= 0 || info->code == SI_TKILL) && !self)
		return -EPERM;
	info->signo = sig;
	return 0;
}

long sys_rt_sigqueueinfo(int pid, int sig, uaddr_t uinfo)
{
	struct ksiginfo info;
	int err;

	if (pid <= 0)
		return -ESRCH;
	err = user_siginfo(uinfo, sig, pid == proc_current()->pid, &info);
	return err ? err : proc_kill(pid, sig, &info);
}

long sys_rt_tgsigqueueinfo(int tgid, int tid, int sig, uaddr_t uinfo)
{
	struct ksiginfo info;
	int err;

	if (tgid <= 0 || tid <= 0)
		return -EINVAL;
	err = user_siginfo(uinfo, sig, tgid == proc_current()->pid, &info);
	return err ? err : proc_kill_thread(tgid, tid, sig, &info);
}

long sys_rt_sigtimedwait(uaddr_t uset, uaddr_t uinfo, uaddr_t uts,
			 size_t sigsetsize)
{
	struct thread *t = thread_current();
	uint64_t set, deadline = WAITQ_FOREVER, old;
	struct timespec_user ts;
	struct ksiginfo info;
	int sig, err = 0;

	if (sigsetsize != 8)
		return -EINVAL;
	if (copy_from_user(&set, uset, sizeof(set)))
		return -EFAULT;
	set &= ~SIG_UNBLOCKABLE;
	if (uts) {
		if (copy_from_user(&ts, uts, sizeof(ts)))
			return -EFAULT;
		if (ts.tv_sec < 0 || ts.tv_nsec < 0 ||
		    ts.tv_nsec >= (int64_t)NSEC_PER_SEC)
			return -EINVAL;
		deadline = time_ns() + (ts.tv_sec > (int64_t)(1ULL << 32) ?
			   (1ULL << 62) : ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec);
	}
	sig = signal_dequeue(set, &info);
	if (!sig) {
		/* Let the awaited signals wake us, then block them again. */
		old = t->sigmask;
		signal_set_wait(old & ~set, set);
		while (!err)
			err = waitq_wait_intr(&signal_wq, NULL, deadline);
		signal_set_wait(old, 0);
		sig = signal_dequeue(set, &info);
	}
	if (!sig)
		return err == -ETIMEDOUT ? -EAGAIN : -EINTR;
	if (uinfo && copy_to_user(uinfo, &info, sizeof(info)))
		return -EFAULT;
	return sig;
}

long sys_sigaltstack(uaddr_t uss, uaddr_t uoss)
{
	struct stack_user ss, old;
	int err;

	if (uss && copy_from_user(&ss, uss, sizeof(ss)))
		return -EFAULT;
	err = signal_altstack(uss ? &ss : NULL, &old, syscall_frame()->rsp);
	if (err)
		return err;
	if (uoss && copy_to_user(uoss, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

static uint64_t tv_ns(const struct timeval_user *tv)
{
	if (tv->tv_sec > (int64_t)(1ULL << 32))
		return 1ULL << 62;
	return tv->tv_sec * NSEC_PER_SEC + tv->tv_usec * NSEC_PER_USEC;
}

static void ns_tv(uint64_t ns, struct timeval_user *tv)
{
	ns = (ns + NSEC_PER_USEC - 1) / NSEC_PER_USEC;	/* usec, up */
	tv->tv_sec = ns / 1000000;
	tv->tv_usec = ns % 1000000;
}

long sys_alarm(unsigned int seconds)
{
	uint64_t left;
	long secs;

	itimer_set(proc_current(), seconds * NSEC_PER_SEC, 0, &left, NULL);
	/* Linux rounds the time left to the nearest second, never to 0. */
	secs = left / NSEC_PER_SEC;
	if ((left && !secs) || left % NSEC_PER_SEC >= NSEC_PER_SEC / 2)
		secs++;
	return secs;
}

long sys_setitimer(int which, uaddr_t unew, uaddr_t uold)
{
	struct itimerval_user new, old;
	uint64_t value, interval;

	if (which != ITIMER_REAL)
		return which == ITIMER_VIRTUAL || which == ITIMER_PROF ?
		       -ENOSYS : -EINVAL;
	memset(&new, 0, sizeof(new));
	if (unew && copy_from_user(&new, unew, sizeof(new)))
		return -EFAULT;
	if (new.value.tv_sec < 0 || new.value.tv_usec < 0 ||
	    new.value.tv_usec >= 1000000 || new.interval.tv_sec < 0 ||
	    new.interval.tv_usec < 0 || new.interval.tv_usec >= 1000000)
		return -EINVAL;
	itimer_set(proc_current(), tv_ns(&new.value), tv_ns(&new.interval),
		   &value, &interval);
	ns_tv(value, &old.value);
	ns_tv(interval, &old.interval);
	if (uold && copy_to_user(uold, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

long sys_getitimer(int which, uaddr_t ucur)
{
	struct itimerval_user cur;
	uint64_t value, interval;
	struct proc *p = proc_current();

	if (which != ITIMER_REAL)
		return which == ITIMER_VIRTUAL || which == ITIMER_PROF ?
		       -ENOSYS : -EINVAL;
	itimer_get(p, &value, &interval);
	ns_tv(value, &cur.value);
	ns_tv(interval, &cur.interval);
	return copy_to_user(ucur, &cur, sizeof(cur)) ? -EFAULT : 0;
}
