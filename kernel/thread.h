/*
 * Kernel threads: the unit the scheduler runs. Each has a kernel stack
 * of its own in the KSTACK region with an unmapped guard below it, and a
 * saved context while it is not running. (User processes, later, are
 * threads with an address space.)
 */
#pragma once

#include <stdint.h>

#include "list.h"
#include "lockorder.h"
#include "sigtypes.h"
#include "spinlock.h"

#define KSTACK_SIZE	(16 * 1024)	/* mapped */
#define KSTACK_GUARD	(16 * 1024)	/* unmapped, below the stack */
#define KSTACK_SLOTS	16384		/* threads alive at once */
#define THREAD_NAME_MAX	16

enum thread_state {
	THREAD_RUNNING,		/* on a CPU */
	THREAD_RUNNABLE,	/* on a run queue */
	THREAD_SLEEPING,	/* on a wait queue or sleep list */
	THREAD_DEAD,		/* exited; freed by the next thread to run */
};

/*
 * Lock order: t->lock, then a run queue's lock. A wait queue's lock may
 * be held when taking t->lock, never the other way round.
 */
struct proc;

struct thread {
	uint64_t rsp;			/* saved stack pointer (switch.S) */

	struct spinlock lock;
	/* Protected by lock (held across a switch away from the thread): */
	enum thread_state state;

	/* Protected by the run queue's lock: */
	int cpu;			/* run queue it belongs to */
	struct list_node run_node;	/* on the run queue */
	struct list_node sleep_node;	/* on the run queue's sleep list */
	uint64_t wake_at;		/* sleep deadline (time_ns) */
	int sleep_cpu;			/* whose sleep list has sleep_node */
	int tick_waking;		/* the tick holds sleep_node (sched.c) */
	int slice;			/* ticks left before preemption */
	int nice;			/* -20..19 (setpriority): a longer or
					   shorter slice (written under
					   proc_lock) */
	uint64_t runs;			/* times switched to */
	uint64_t utime, stime;		/* ticks charged (HZ), user/kernel */

	/* Protected by the wait queue's lock: */
	struct list_node wait_node;

	/* Fixed at creation: */
	int id;
	char name[THREAD_NAME_MAX];
	int pinned;			/* CPU it must run on, or -1 */
	int slot;			/* kernel stack slot */
	uint64_t kstack_top;
	void (*fn)(void *);
	void *arg;

	int irq_was_on;			/* saved across switches (sched.c) */
	int sleep_intr;			/* a signal may end its sleep (t->lock) */

	/* User threads only (NULL/0 for kernel threads): */
	struct proc *proc;		/* the process it runs */
	void *fpu;			/* FPU/SSE state while switched out */
	uint64_t fs_base;		/* user FS base (TLS) */
	uint64_t sigmask;		/* blocked signals (own; read by senders) */
	struct sigpending pending;	/* sent to this thread (proc's sig_lock) */
	uint64_t saved_mask;		/* sigsuspend, ppoll, pselect6: the mask */
	int restore_mask;		/* ... to restore after delivery */
	uint64_t sigwait_set;		/* rt_sigtimedwait waits for these */
	struct stack_user altstack;	/* sigaltstack (SS_DISABLE: none) */
	int64_t syscall_nr;		/* the system call running, or -1 */
	uint64_t restart_deadline;	/* nanosleep's end, for restart_syscall */
	uint64_t restart_rem;		/* ... and where it reports time left */
	uint64_t fault_vector;		/* the last user fault (sigcontext) */
	uint64_t fault_error;
	uint64_t fault_addr;
	uint64_t fault_ip;
	int frame_replaced;		/* execve, sigreturn: leave by iretq */
	int pagefault_disabled;		/* user accesses fail, not fault in */
	uint64_t robust_list;		/* set_robust_list's head */
	uint64_t clear_child_tid;	/* set_tid_address, CLONE_CHILD_CLEARTID */
	int tid;			/* from the pid space (proc_lock) */
	struct list_node proc_node;	/* on proc->threads */
	struct list_node all_node;	/* on all_threads (threads_lock) */
#ifdef KERNEL_DEBUG
	/* The mutexes it holds, oldest first (lockorder.c). */
	struct lockorder_held mutexes[LOCKORDER_MUTEXES];
	int nmutexes;
#endif
};

_Static_assert(__builtin_offsetof(struct thread, rsp) == 0, "switch.S");

/* Create a thread that will run fn(arg), without starting it (for an
   idle thread, or before sched_add). NULL when out of memory. */
struct thread *thread_alloc(const char *name, void (*fn)(void *), void *arg);

/*
 * Create a thread running fn(arg) and make it runnable. Returns it, or
 * NULL when memory or stack slots are exhausted. It frees itself after
 * fn returns or it calls thread_exit; a pointer to it is valid only until
 * then.
 */
struct thread *thread_create(const char *name, void (*fn)(void *), void *arg);

/* End the calling thread. */
__attribute__((noreturn)) void thread_exit(void);

/* The running thread. */
struct thread *thread_current(void);

/* Like thread_create, but the thread only ever runs on CPU cpu. */
struct thread *thread_create_pinned(const char *name, void (*fn)(void *),
				    void *arg, int cpu);

/* Turn the boot context (kmain) into a thread; called once. */
struct thread *thread_adopt_boot(const char *name, uint64_t stack_top);

/* Free a dead thread's stack and struct (sched.c, after the switch). */
void thread_free(struct thread *t);

/* Threads alive (created, not yet freed). */
int thread_count(void);

/* Is va inside a kernel stack guard? (Fault reports.) */
int thread_is_guard(uint64_t va);
