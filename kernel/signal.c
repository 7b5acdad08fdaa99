/* Signal sending, pending sets, delivery and default actions (signal.h). */
#include "signal.h"

#include "arch/x86_64/sigframe.h"
#include "arch/x86_64/trap.h"
#include "errno.h"
#include "kmalloc.h"
#include "log.h"
#include "proc.h"
#include "sched.h"
#include "spinlock.h"
#include "string.h"
#include "thread.h"

#define NR_restart_syscall	219

/* Faults are taken before other signals, as on Linux. */
#define SYNCHRONOUS	(SIGBIT(SIGSEGV) | SIGBIT(SIGBUS) | SIGBIT(SIGILL) | \
			 SIGBIT(SIGTRAP) | SIGBIT(SIGFPE) | SIGBIT(SIGSYS))
#define STOP_SIGNALS	(SIGBIT(SIGSTOP) | SIGBIT(SIGTSTP) | SIGBIT(SIGTTIN) | \
			 SIGBIT(SIGTTOU))
/* Default action "ignore"; the stop signals stop; all others terminate. */
#define DEFAULT_IGNORED	(SIGBIT(SIGCHLD) | SIGBIT(SIGURG) | SIGBIT(SIGWINCH) | \
			 SIGBIT(SIGCONT))

struct sigqueue {
	struct list_node node;		/* on a sigpending's queue */
	struct ksiginfo info;
};

void sigpending_init(struct sigpending *sp)
{
	sp->set = 0;
	list_init(&sp->queue);
}

void sigpending_flush(struct sigpending *sp)
{
	struct list_node *n;

	while ((n = list_pop(&sp->queue)))
		kfree(list_entry(n, struct sigqueue, node));
	sp->set = 0;
}

int signal_is_stop(int sig)
{
	return sig >= 1 && sig <= NSIG && (STOP_SIGNALS & SIGBIT(sig));
}

static int default_terminates(int sig)
{
	return !((DEFAULT_IGNORED | STOP_SIGNALS) & SIGBIT(sig));
}

/* Would sig be thrown away on arrival (if it is not blocked)? Init (pid
   1) receives only the signals it has handlers for, as on Linux. */
static int sig_ignored(struct proc *p, int sig)
{
	uint64_t h = p->actions[sig - 1].handler;

	if (h == SIG_IGN)
		return 1;
	if (h != SIG_DFL)
		return 0;
	return p->pid == 1 || (DEFAULT_IGNORED & SIGBIT(sig));
}

/* Remove every pending instance of the signals in mask. */
static void discard(struct proc *p, struct sigpending *sp, uint64_t mask)
{
	struct list_node *pos, *next;

	if (!(sp->set & mask))
		return;
	sp->set &= ~mask;
	for (pos = sp->queue.next; pos != &sp->queue; pos = next) {
		struct sigqueue *q = list_entry(pos, struct sigqueue, node);

		next = pos->next;
		if (SIGBIT(q->info.signo) & mask) {
			list_remove(pos);
			kfree(q);
			p->nqueued--;
		}
	}
}

static void discard_all(struct proc *p, uint64_t mask)
{
	struct list_node *pos;

	discard(p, &p->pending, mask);
	list_for_each(pos, &p->threads)
		discard(p, &list_entry(pos, struct thread, proc_node)->pending,
			mask);
}

void signal_thread_exit(struct thread *t)
{
	discard(t->proc, &t->pending, ~0UL);
}

/* The process dies of sig: every thread ends, woken from any sleep. */
static void kill_process(struct proc *p, int sig)
{
	proc_group_exit_locked(p, sig);
	waitq_wake_all(&p->stop_wq);
}

/* The thread a signal sent to process p should go to: the caller if it is
   one of p's and does not block sig, else the first that does not, else
   (all block it) the first. sig_lock held. */
static struct thread *pick_thread(struct proc *p, int sig)
{
	struct thread *me = thread_current();
	struct list_node *pos;

	if (me && me->proc == p && !(me->sigmask & SIGBIT(sig)))
		return me;
	list_for_each(pos, &p->threads) {
		struct thread *t = list_entry(pos, struct thread, proc_node);

		if (!(__atomic_load_n(&t->sigmask, __ATOMIC_RELAXED) &
		      SIGBIT(sig)))
			return t;
	}
	return list_empty(&p->threads) ? NULL :
	       list_entry(p->threads.next, struct thread, proc_node);
}

int signal_send(struct proc *p, struct thread *t, int sig,
		const struct ksiginfo *info)
{
	struct thread *target;
	struct sigpending *sp;
	struct sigqueue *q;
	uint64_t bit = SIGBIT(sig);
	int blocked, err = 0;

	if (p->state != PROC_ALIVE || p->killed)
		return 0;
	spin_lock(&p->sig_lock);
	target = t ? t : pick_thread(p, sig);
	if (!target || p->killed)
		goto out;
	if (bit & STOP_SIGNALS)
		discard_all(p, SIGBIT(SIGCONT));
	else if (sig == SIGCONT)
		discard_all(p, STOP_SIGNALS);
	if (sig == SIGCONT) {
		/* Even if blocked or ignored; after the stops are discarded
		   (proc_stop's sequence check depends on this order). */
		spin_unlock(&p->sig_lock);
		proc_continue(p);
		spin_lock(&p->sig_lock);
	}
	blocked = (__atomic_load_n(&target->sigmask, __ATOMIC_RELAXED) & bit) != 0;
	if (sig == SIGKILL ? p->pid == 1 : !blocked && sig_ignored(p, sig))
		goto out;
	/* Fatal at once, unless sigtimedwait is waiting for it (it is
	   unblocked only for that wait, as Linux's real_blocked). */
	if (sig == SIGKILL || (!blocked && default_terminates(sig) &&
			       p->actions[sig - 1].handler == SIG_DFL &&
			       !(__atomic_load_n(&target->sigwait_set,
						 __ATOMIC_RELAXED) & bit))) {
		kill_process(p, sig);
		goto out;
	}
	sp = t ? &t->pending : &p->pending;
	if (sig < SIGRTMIN && (sp->set & bit))
		goto out;		/* standard signals do not queue */
	q = NULL;
	if (info && info->code < 0 && sig >= SIGRTMIN &&
	    p->nqueued >= (int)p->rlimits[RLIMIT_SIGPENDING].cur) {
		err = -EAGAIN;
		goto out;
	}
	q = kmalloc(sizeof(*q));
	if (q) {
		if (info) {
			q->info = *info;
		} else {
			struct proc *me = proc_current();

			memset(&q->info, 0, sizeof(q->info));
			q->info.code = SI_USER;
			q->info.kill.pid = me ? me->pid : 0;
		}
		q->info.signo = sig;
		list_add_tail(&sp->queue, &q->node);
		p->nqueued++;
	} else if (info && info->code < 0 && sig >= SIGRTMIN) {
		err = -EAGAIN;		/* sigqueue: no memory for its value */
		goto out;
	}
	sp->set |= bit;
	if (!blocked) {
		sched_wake_interruptible(target);
		sched_kick(target);	/* running elsewhere: to the kernel */
	}
out:
	spin_unlock(&p->sig_lock);
	return err;
}

void signal_force(int sig, int code, uint64_t addr)
{
	struct thread *t = thread_current();
	struct proc *p = t->proc;
	struct k_sigaction *act = &p->actions[sig - 1];
	struct sigqueue *q;

	spin_lock(&p->sig_lock);
	if ((t->sigmask & SIGBIT(sig)) || act->handler == SIG_IGN) {
		act->handler = SIG_DFL;
		t->sigmask &= ~SIGBIT(sig);
	}
	if (act->handler == SIG_DFL) {
		spin_unlock(&p->sig_lock);
		klog(LOG_INFO, "proc: %s[%d] killed by signal %d (code %d, "
		     "address %lx, ip %lx)\n", p->name, p->pid, sig, code, addr,
		     t->fault_ip);
		proc_die(sig);
	}
	q = kzalloc(sizeof(*q));
	if (q) {
		q->info.signo = sig;
		q->info.code = code;
		q->info.fault.addr = addr;
		list_add_tail(&t->pending.queue, &q->node);
		p->nqueued++;
	}
	t->pending.set |= SIGBIT(sig);
	spin_unlock(&p->sig_lock);
}

int signal_pending_thread(struct thread *t)
{
	struct proc *p = t->proc;
	uint64_t pending;

	if (!p)
		return 0;
	if (proc_thread_doomed(t) ||
	    __atomic_load_n(&p->stopped, __ATOMIC_RELAXED))
		return 1;
	pending = __atomic_load_n(&p->pending.set, __ATOMIC_RELAXED) |
		  __atomic_load_n(&t->pending.set, __ATOMIC_RELAXED);
	return (pending & ~__atomic_load_n(&t->sigmask, __ATOMIC_RELAXED)) != 0;
}

int signal_pending(void)
{
	struct thread *t = thread_current();

	return t && signal_pending_thread(t);
}

uint64_t signal_pending_set(void)
{
	struct thread *t = thread_current();
	struct proc *p = t->proc;
	uint64_t set;

	spin_lock(&p->sig_lock);
	set = p->pending.set | t->pending.set;
	spin_unlock(&p->sig_lock);
	return set;
}

/* Take signal sig from sp with its info; sig_lock held. */
static void take(struct proc *p, struct sigpending *sp, int sig,
		 struct ksiginfo *info)
{
	struct list_node *pos;
	int found = 0, more = 0;

	for (pos = sp->queue.next; pos != &sp->queue; pos = pos->next) {
		struct sigqueue *q = list_entry(pos, struct sigqueue, node);

		if (q->info.signo != sig)
			continue;
		if (found) {
			more = 1;
			break;
		}
		found = 1;
		*info = q->info;
		pos = pos->prev;
		list_remove(&q->node);
		kfree(q);
		p->nqueued--;
	}
	if (!found) {			/* its siginfo could not be allocated */
		memset(info, 0, sizeof(*info));
		info->signo = sig;
		info->code = SI_USER;
	}
	if (!more)
		sp->set &= ~SIGBIT(sig);
}

static int lowest(uint64_t set)
{
	uint64_t s = set & SYNCHRONOUS;

	if (!s)
		s = set;
	return s ? __builtin_ctzll(s) + 1 : 0;
}

/* The next signal of `set` for the calling thread; sig_lock held. */
static int dequeue_locked(struct thread *t, uint64_t set,
			  struct ksiginfo *info)
{
	struct proc *p = t->proc;
	int sig = lowest(t->pending.set & set);

	if (sig) {
		take(p, &t->pending, sig, info);
		return sig;
	}
	sig = lowest(p->pending.set & set);
	if (sig)
		take(p, &p->pending, sig, info);
	return sig;
}

int signal_dequeue(uint64_t set, struct ksiginfo *info)
{
	struct thread *t = thread_current();
	int sig;

	spin_lock(&t->proc->sig_lock);
	sig = dequeue_locked(t, set, info);
	spin_unlock(&t->proc->sig_lock);
	return sig;
}

void signal_set_mask(uint64_t mask)
{
	signal_set_wait(mask, thread_current()->sigwait_set);
}

void signal_set_wait(uint64_t mask, uint64_t waiting)
{
	struct thread *t = thread_current();

	/* Under sig_lock: a sender sees the mask and the set together. */
	spin_lock(&t->proc->sig_lock);
	__atomic_store_n(&t->sigmask, mask & ~SIG_UNBLOCKABLE, __ATOMIC_RELAXED);
	__atomic_store_n(&t->sigwait_set, waiting, __ATOMIC_RELAXED);
	spin_unlock(&t->proc->sig_lock);
}

/* A system call interrupted by a signal whose handler is about to run
   (act) or by none (act NULL): restart it, or make it fail with EINTR. */
static void fix_restart(struct thread *t, struct trapframe *tf,
			const struct k_sigaction *act)
{
	int64_t ret = (int64_t)tf->rax;
	int restart;

	if (t->syscall_nr < 0)
		return;
	switch (-ret) {
	case ERESTARTSYS:
		restart = !act || (act->flags & SA_RESTART);
		break;
	case ERESTARTNOINTR:
		restart = 1;
		break;
	case ERESTARTNOHAND:
	case ERESTART_RESTARTBLOCK:
		restart = !act;
		break;
	default:
		restart = -1;		/* not interrupted */
		break;
	}
	if (restart == 0) {
		tf->rax = (uint64_t)-EINTR;
	} else if (restart == 1) {
		tf->rax = -ret == ERESTART_RESTARTBLOCK ? NR_restart_syscall :
			  (uint64_t)t->syscall_nr;
		tf->rip -= 2;		/* syscall and int $0x80: 2 bytes */
	}
	t->syscall_nr = -1;
}

void signal_deliver(struct trapframe *tf)
{
	struct thread *t = thread_current();
	struct proc *p = t->proc;

	for (;;) {
		struct k_sigaction act;
		struct ksiginfo info;
		uint64_t oldmask;
		int sig, cont_seq;

		if (p->killed)
			proc_exit(p->exit_status);
		if (proc_thread_doomed(t))
			proc_thread_exit(0);	/* another thread execs */
		if (__atomic_load_n(&p->stopped, __ATOMIC_RELAXED)) {
			proc_stop_wait();	/* another thread stopped us */
			continue;
		}
		if (!signal_pending_thread(t))
			break;
		cont_seq = __atomic_load_n(&p->cont_seq, __ATOMIC_ACQUIRE);
		spin_lock(&p->sig_lock);
		sig = dequeue_locked(t, ~t->sigmask, &info);
		if (!sig) {
			spin_unlock(&p->sig_lock);
			break;
		}
		act = p->actions[sig - 1];
		if (act.handler == SIG_IGN) {
			spin_unlock(&p->sig_lock);
			continue;
		}
		if (act.handler == SIG_DFL) {
			spin_unlock(&p->sig_lock);
			if ((DEFAULT_IGNORED & SIGBIT(sig)) || p->pid == 1)
				continue;
			if (SIGBIT(sig) & STOP_SIGNALS) {
				/* A job-control stop of an orphaned group would
				   never be continued: Linux drops it. */
				if (sig == SIGSTOP || !proc_pgrp_orphaned(p))
					proc_stop(sig, cont_seq);
				continue;
			}
			proc_die(sig);
		}
		if (act.flags & SA_RESETHAND)
			p->actions[sig - 1].handler = SIG_DFL;
		spin_unlock(&p->sig_lock);

		fix_restart(t, tf, &act);
		oldmask = t->restore_mask ? t->saved_mask : t->sigmask;
		t->restore_mask = 0;
		if (sigframe_setup(tf, sig, &info, &act, oldmask)) {
			klog(LOG_INFO, "proc: %s[%d]: no room for a frame for "
			     "signal %d at sp %lx\n", p->name, p->pid, sig,
			     tf->rsp);
			proc_die(SIGSEGV);
		}
		signal_set_mask(t->sigmask | act.mask |
				(act.flags & SA_NODEFER ? 0 : SIGBIT(sig)));
	}
	if (t->restore_mask) {
		signal_set_mask(t->saved_mask);
		t->restore_mask = 0;
	}
	fix_restart(t, tf, NULL);
}

int signal_set_action(struct proc *p, int sig, const struct k_sigaction *act,
		      struct k_sigaction *old)
{
	if (sig < 1 || sig > NSIG)
		return -EINVAL;
	if (act && (sig == SIGKILL || sig == SIGSTOP))
		return -EINVAL;
	spin_lock(&p->sig_lock);
	if (old)
		*old = p->actions[sig - 1];
	if (act) {
		p->actions[sig - 1] = *act;
		p->actions[sig - 1].mask &= ~SIG_UNBLOCKABLE;
		/* POSIX: setting a pending signal's action to ignore
		   discards it. */
		if (sig_ignored(p, sig) && p->pid != 1)
			discard_all(p, SIGBIT(sig));
	}
	spin_unlock(&p->sig_lock);
	return 0;
}

void signal_exec_reset(struct proc *p)
{
	struct thread *t = thread_current();
	int i;

	spin_lock(&p->sig_lock);
	for (i = 0; i < NSIG; i++) {
		if (p->actions[i].handler != SIG_IGN)
			p->actions[i].handler = SIG_DFL;
		p->actions[i].flags = 0;
		p->actions[i].mask = 0;
		p->actions[i].restorer = 0;
	}
	spin_unlock(&p->sig_lock);
	if (t && t->proc == p) {
		t->altstack.sp = 0;
		t->altstack.size = 0;
		t->altstack.flags = SS_DISABLE;
	}
}

int signal_ignored_or_blocked(int sig)
{
	struct thread *t = thread_current();
	struct proc *p = t->proc;
	int ret;

	spin_lock(&p->sig_lock);
	ret = (t->sigmask & SIGBIT(sig)) ||
	      p->actions[sig - 1].handler == SIG_IGN;
	spin_unlock(&p->sig_lock);
	return ret;
}

int signal_parent_ignores_exit(struct proc *p)
{
	struct proc *parent = p->parent;
	const struct k_sigaction *a;

	if (!parent || parent->pid == 1)
		return 0;
	a = &parent->actions[SIGCHLD - 1];
	return a->handler == SIG_IGN || (a->flags & SA_NOCLDWAIT);
}

void signal_notify_parent(struct proc *p, int code, int status)
{
	struct proc *parent = p->parent;
	struct ksiginfo info;

	if (!parent)
		return;
	if ((code == CLD_STOPPED || code == CLD_CONTINUED) &&
	    (parent->actions[SIGCHLD - 1].flags & SA_NOCLDSTOP))
		return;
	memset(&info, 0, sizeof(info));
	info.signo = SIGCHLD;
	info.code = code;
	info.chld.pid = p->pid;
	info.chld.status = status;
	signal_send(parent, NULL, SIGCHLD, &info);
}

int signal_on_altstack(struct thread *t, uint64_t sp)
{
	if (t->altstack.flags & SS_AUTODISARM)
		return 0;
	return sp > t->altstack.sp && sp - t->altstack.sp <= t->altstack.size;
}

int signal_altstack_flags(struct thread *t, uint64_t sp)
{
	if (!t->altstack.size)
		return SS_DISABLE;
	return signal_on_altstack(t, sp) ? SS_ONSTACK : 0;
}

int signal_altstack(const struct stack_user *ss, struct stack_user *old,
		    uint64_t sp)
{
	struct thread *t = thread_current();
	uint32_t mode;

	if (old) {
		old->sp = t->altstack.sp;
		old->size = t->altstack.size;
		old->flags = signal_altstack_flags(t, sp) |
			     (t->altstack.flags & SS_AUTODISARM);
		old->pad = 0;
	}
	if (!ss)
		return 0;
	if (signal_on_altstack(t, sp))
		return -EPERM;
	mode = (uint32_t)ss->flags & ~SS_AUTODISARM;
	if (mode != SS_DISABLE && mode != SS_ONSTACK && mode != 0)
		return -EINVAL;
	if (mode == SS_DISABLE) {
		t->altstack.sp = 0;
		t->altstack.size = 0;
	} else {
		if (ss->size < MINSIGSTKSZ)
			return -ENOMEM;
		t->altstack.sp = ss->sp;
		t->altstack.size = ss->size;
	}
	t->altstack.flags = ss->flags;
	return 0;
}
