/*
 * Processes: a pid, a parent and children, an address space, and (for
 * now) one user thread. A process that exits stays a zombie holding its
 * wait status until its parent reaps it with wait4; the children of an
 * exiting process are handed to init (pid 1).
 */
#pragma once

#include <stdint.h>

#include "list.h"
#include "waitq.h"

#define PROC_NAME_MAX	16
#define NSIG		64

struct fdtable;
struct inode;
struct thread;
struct trapframe;
struct vmspace;

enum proc_state {
	PROC_ALIVE,
	PROC_ZOMBIE,
};

struct k_sigaction {		/* Linux's struct sigaction for rt_sigaction */
	uint64_t handler;
	uint64_t flags;
	uint64_t restorer;
	uint64_t mask;
};

/*
 * Lock order: proc_lock, then a process's child_wait queue.
 */
struct proc {
	/* Fixed at creation: */
	int pid;

	/* Protected by proc_lock: */
	int pgid;			/* process group */
	int sid;			/* session */
	int did_exec;			/* setpgid by the parent: EACCES */
	struct proc *parent;
	struct list_node children;	/* by sibling */
	struct list_node sibling;
	struct list_node all;		/* on the process list */
	enum proc_state state;
	int wait_status;		/* Linux wait status, once a zombie */
	int killed;			/* fatal signal pending, 0 none */
	struct thread *thread;		/* NULL once it exited */
	struct waitq child_wait;	/* wait4 sleeps here */
	int vfork_pending;		/* a vfork parent waits for exec/exit */
	struct waitq vfork_wq;		/* ... here */

	/* Owned by the process's own thread: */
	struct vmspace *vm;
	struct fdtable *files;
	struct inode *cwd;		/* a reference */
	uint32_t umask;
	char name[PROC_NAME_MAX];
	uint64_t clear_child_tid;
	struct k_sigaction actions[NSIG];
};

/* The process of the running thread (NULL for kernel threads). */
struct proc *proc_current(void);

/* Start init (pid 1) running path with argv (NULL-ended); the kernel's
   own strings. Returns 0 or -errno. */
int proc_start_init(const char *path, const char *const argv[]);

/* fork/vfork/clone: a copy of the calling process whose thread returns
   to user mode with tf's registers, RAX 0, and RSP newsp if not 0.
   Returns the child's pid or -errno. */
int proc_fork(struct trapframe *tf, uint64_t newsp, int vfork);

/* End the calling process with a Linux wait status (exit: code << 8;
   killed: signal number). */
__attribute__((noreturn)) void proc_exit(int wait_status);

/* wait4 for pid (> 0: that child, -1: any, 0: any in the caller's
   group, < -1: any in group -pid). Returns the pid reaped and
   its status in *status, 0 (WNOHANG, none ready), -ECHILD or -EINTR. */
int proc_wait(int pid, int *status, int options);

/* Send sig as kill(2) does: pid > 0 that process, 0 the caller's group,
   -1 every process but init and the caller, < -1 the group -pid.
   Returns 0, -ESRCH or -EINVAL. */
int proc_kill(int pid, int sig);

/* setpgid, getpgid, setsid, getsid (pid 0: the caller). */
int proc_setpgid(int pid, int pgid);
int proc_getpgid(int pid);
int proc_setsid(void);
int proc_getsid(int pid);

/* A fault or a kill: end the calling process with sig as its status. */
__attribute__((noreturn)) void proc_die(int sig);

/* Should the calling thread's sleep end early (its process was killed)?
   Blocking calls check this after each wake-up and return -EINTR. */
int proc_interrupted(void);

/* On every return to user mode: act on a pending kill or reschedule. */
void proc_user_return(void);

/* The vfork parent may go on (the child execs or exits). */
void proc_vfork_release(struct proc *p);

/* Processes alive or zombie. */
int proc_count(void);
