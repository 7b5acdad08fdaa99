/*
 * Signals, with Linux's numbers, structures and rules.
 *
 * Sending (signal_send) decides at once what it can: an ignored signal
 * is dropped, SIGCONT continues a stopped process, and a signal whose
 * action is to terminate (and that is not blocked) marks the whole
 * process killed. Everything else waits in a pending set: the process's
 * (kill) or the thread's (tkill, faults). Standard signals are pending
 * at most once; real-time signals queue, each with its siginfo.
 *
 * Delivery happens on every return to user mode (signal_deliver): the
 * lowest pending unblocked signal (faults first) is taken, its default
 * action performed (terminate, stop, ignore) or a frame pushed on the
 * user stack (arch/x86_64/sigframe.c) that calls the handler and returns
 * through rt_sigreturn. A system call interrupted by a signal returns
 * one of the ERESTART* codes below; delivery turns it into -EINTR or
 * restarts the call, as Linux does.
 *
 * Locking: proc_lock (proc.c), then p->sig_lock, which protects the
 * process's actions and pending sets and its threads' pending sets.
 */
#pragma once

#include <stdint.h>

#include "list.h"
#include "sigtypes.h"

#define SIGHUP		1
#define SIGINT		2
#define SIGQUIT		3
#define SIGILL		4
#define SIGTRAP		5
#define SIGABRT		6
#define SIGBUS		7
#define SIGFPE		8
#define SIGKILL		9
#define SIGUSR1		10
#define SIGSEGV		11
#define SIGUSR2		12
#define SIGPIPE		13
#define SIGALRM		14
#define SIGTERM		15
#define SIGSTKFLT	16
#define SIGCHLD		17
#define SIGCONT		18
#define SIGSTOP		19
#define SIGTSTP		20
#define SIGTTIN		21
#define SIGTTOU		22
#define SIGURG		23
#define SIGXCPU		24
#define SIGXFSZ		25
#define SIGVTALRM	26
#define SIGPROF		27
#define SIGWINCH	28
#define SIGIO		29
#define SIGPWR		30
#define SIGSYS		31
#define SIGRTMIN	32
#define NSIG		64

#define SIGBIT(s)	(1ULL << ((s) - 1))
#define SIG_UNBLOCKABLE	(SIGBIT(SIGKILL) | SIGBIT(SIGSTOP))

#define SIG_DFL		0
#define SIG_IGN		1

/* sa_flags */
#define SA_NOCLDSTOP	0x00000001
#define SA_NOCLDWAIT	0x00000002
#define SA_SIGINFO	0x00000004
#define SA_RESTORER	0x04000000
#define SA_ONSTACK	0x08000000
#define SA_RESTART	0x10000000
#define SA_NODEFER	0x40000000
#define SA_RESETHAND	0x80000000u

/* si_code */
#define SI_USER		0
#define SI_KERNEL	0x80
#define SI_QUEUE	(-1)
#define SI_TIMER	(-2)
#define SI_TKILL	(-6)
#define CLD_EXITED	1
#define CLD_KILLED	2
#define CLD_DUMPED	3
#define CLD_STOPPED	5
#define CLD_CONTINUED	6
#define SEGV_MAPERR	1
#define SEGV_ACCERR	2
#define BUS_ADRALN	1
#define BUS_ADRERR	2
#define ILL_ILLOPN	2
#define FPE_INTDIV	1
#define FPE_FLTDIV	3
#define FPE_FLTOVF	4
#define FPE_FLTUND	5
#define FPE_FLTRES	6
#define FPE_FLTINV	7
#define TRAP_BRKPT	1

/* sigaltstack */
#define SS_ONSTACK	1
#define SS_DISABLE	2
#define SS_AUTODISARM	(1U << 31)
#define MINSIGSTKSZ	2048

/* Internal returns of interrupted system calls, never seen by user
   space (Linux's values). */
#define ERESTARTSYS		512	/* restart if SA_RESTART, else EINTR */
#define ERESTARTNOINTR		513	/* always restart */
#define ERESTARTNOHAND		514	/* restart only if no handler ran */
#define ERESTART_RESTARTBLOCK	516	/* restart_syscall, if no handler */

struct k_sigaction {		/* Linux's struct sigaction for rt_sigaction */
	uint64_t handler;
	uint64_t flags;
	uint64_t restorer;
	uint64_t mask;
};

struct ksiginfo {		/* Linux's siginfo_t, 128 bytes */
	int32_t signo;
	int32_t errno_;
	int32_t code;
	int32_t pad0;
	union {
		struct {	/* kill, tkill, sigqueue */
			int32_t pid;
			uint32_t uid;
			uint64_t value;
		} kill;
		struct {	/* SIGCHLD */
			int32_t pid;
			uint32_t uid;
			int32_t status;
			int32_t pad;
			int64_t utime, stime;
		} chld;
		struct {	/* SIGSEGV, SIGBUS, SIGILL, SIGFPE */
			uint64_t addr;
		} fault;
		struct {	/* POSIX timers */
			int32_t tid, overrun;
			uint64_t value;
		} timer;
		uint8_t bytes[112];
	};
};

_Static_assert(sizeof(struct ksiginfo) == 128, "siginfo_t");

struct proc;
struct thread;
struct trapframe;

void sigpending_init(struct sigpending *sp);
/* Drop every queued siginfo (exit). */
void sigpending_flush(struct sigpending *sp);

/* Discard what was sent to thread t alone (it exits); sig_lock held. */
void signal_thread_exit(struct thread *t);

/*
 * Send sig to p (t NULL) or to its thread t, with info (NULL: SI_USER
 * from the calling process). The caller holds proc_lock. Permission and
 * existence checks are the caller's. Returns 0, or -EAGAIN when a queued
 * signal (si_code < 0) would exceed the queue limit.
 */
int signal_send(struct proc *p, struct thread *t, int sig,
		const struct ksiginfo *info);

/* A synchronous fault of the calling thread: deliver sig even if it is
   blocked or ignored (then its action becomes the default). */
void signal_force(int sig, int code, uint64_t addr);

/* Does the calling thread have a signal to act on (a blocking call
   should end)? */
int signal_pending(void);
/* Same, for any thread (wake-up decisions). */
int signal_pending_thread(struct thread *t);

/* On every return to user mode with the user frame tf: handle pending
   signals (may not return: the process dies), restart or fail an
   interrupted system call. */
void signal_deliver(struct trapframe *tf);

/* rt_sigaction's work: validate and swap the action of sig. */
int signal_set_action(struct proc *p, int sig, const struct k_sigaction *act,
		      struct k_sigaction *old);

/* Set the calling thread's mask (never blocking SIGKILL/SIGSTOP). */
void signal_set_mask(uint64_t mask);
/* ... and the signals rt_sigtimedwait waits for (unblocked only for the
   wait: their arrival is not fatal). */
void signal_set_wait(uint64_t mask, uint64_t waiting);

/* Take a pending signal in `set` (the calling thread's or its
   process's) with its info; 0 if none. */
int signal_dequeue(uint64_t set, struct ksiginfo *info);

/* The calling thread's pending signals (its own and its process's). */
uint64_t signal_pending_set(void);

/* Handlers do not survive execve (ignored signals do), nor does an
   alternate signal stack. */
void signal_exec_reset(struct proc *p);

/* The parent of p gets SIGCHLD (code CLD_*) unless it asked not to;
   proc_lock held. */
void signal_notify_parent(struct proc *p, int code, int status);

/* Will p's parent reap p's exit itself (it ignores SIGCHLD or set
   SA_NOCLDWAIT: no zombie)? proc_lock held. */
int signal_parent_ignores_exit(struct proc *p);
/* Does the calling thread block sig, or its process ignore it? */
int signal_ignored_or_blocked(int sig);

/* The alternate signal stack of t: is sp on it; its SS_* flags as seen
   from sp; sigaltstack's work (old, if not NULL, gets the previous one;
   sp is the caller's user stack pointer). */
int signal_on_altstack(struct thread *t, uint64_t sp);
int signal_altstack_flags(struct thread *t, uint64_t sp);
int signal_altstack(const struct stack_user *ss, struct stack_user *old,
		    uint64_t sp);

/* The default action of sig is to stop the process. */
int signal_is_stop(int sig);
