/*
 * Processes: a pid, a parent and children, an address space, descriptors,
 * signal actions, and one or more user threads (clone with CLONE_THREAD),
 * each with a tid from the pid space; the first one's tid is the pid. A
 * process ends when its last thread does (exit), or all at once
 * (exit_group, a fatal signal); it then stays a zombie holding its wait
 * status until its parent reaps it with wait4. The children of an exiting
 * process are handed to init (pid 1).
 */
#pragma once

#include <stdint.h>

#include "list.h"
#include "signal.h"
#include "spinlock.h"
#include "waitq.h"

#define PROC_NAME_MAX	16

/* Resource limits (getrlimit), Linux's numbers. */
#define RLIMIT_CPU		0
#define RLIMIT_FSIZE		1
#define RLIMIT_DATA		2
#define RLIMIT_STACK		3
#define RLIMIT_CORE		4
#define RLIMIT_RSS		5
#define RLIMIT_NPROC		6
#define RLIMIT_NOFILE		7
#define RLIMIT_MEMLOCK		8
#define RLIMIT_AS		9
#define RLIMIT_LOCKS		10
#define RLIMIT_SIGPENDING	11
#define RLIMIT_MSGQUEUE		12
#define RLIMIT_NICE		13
#define RLIMIT_RTPRIO		14
#define RLIMIT_RTTIME		15
#define RLIM_NLIMITS		16
#define RLIM_INFINITY		(~0ULL)

struct rlimit64 {
	uint64_t cur, max;
};

/* What a child's wait4 may still report besides its exit. */
enum proc_report {
	REPORT_NONE,
	REPORT_STOPPED,		/* WUNTRACED */
	REPORT_CONTINUED,	/* WCONTINUED */
};

/* One wait4/waitid result. */
struct wait_result {
	int pid;
	int status;		/* wait4's status word */
	int code;		/* CLD_* for waitid */
	int si_status;		/* exit code or signal, for waitid */
	uint64_t utime, stime;	/* the child's and its children's, ticks */
};

/* What /proc shows of the program a process runs: set by execve, shared
   by fork, immutable (replaced whole). */
struct proc_cmd {
	int refs;			/* atomic */
	char *exe;			/* absolute path of the program */
	size_t arglen;			/* bytes in args */
	char args[];			/* argv, each string NUL-ended */
};

struct proc_cmd *proc_cmd_alloc(const char *exe, const char *args,
				size_t arglen);
void proc_cmd_put(struct proc_cmd *c);
/* Set p's name (its comm: exec, prctl PR_SET_NAME), under proc_lock. */
void proc_set_name(struct proc *p, const char *name);

/* Replace p's program record (exec); returns the old one (a reference). */
struct proc_cmd *proc_set_cmd(struct proc *p, struct proc_cmd *cmd);

struct fdtable;
struct inode;
struct thread;
struct trapframe;
struct vmspace;

enum proc_state {
	PROC_ALIVE,
	PROC_ZOMBIE,
};

/*
 * Lock order: proc_lock, then a process's sig_lock, then its wait queues.
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
	struct waitq exec_wq;		/* execve waits here for the other
					   threads to end */
	struct waitq child_wait;	/* wait4 sleeps here */
	int vfork_pending;		/* a vfork parent waits for exec/exit */
	struct waitq vfork_wq;		/* ... here */
	int stopped;			/* by a stop signal, until SIGCONT */
	int stop_sig;
	int cont_seq;			/* SIGCONTs received (see proc_stop) */
	enum proc_report report;	/* news for the parent's wait */
	struct waitq stop_wq;		/* a stopped thread sleeps here */
	struct proc_cmd *cmd;		/* the program (NULL before exec) */
	uint64_t utime, stime;		/* ticks of its ended threads (all,
					   once a zombie) */
	uint64_t cutime, cstime;	/* of reaped children, ticks */

	struct spinlock sig_lock;
	/* Changed under proc_lock and sig_lock (read under either): */
	struct list_node threads;	/* live threads, by proc_node */
	int nthreads;
	int killed;			/* the whole process is ending ... */
	int exit_status;		/* ... with this wait status */
	struct thread *execing;		/* in execve: the others must end */
	/* Protected by sig_lock: */
	struct k_sigaction actions[NSIG];
	struct sigpending pending;	/* sent to the process */
	int nqueued;			/* siginfos queued (here and threads) */

	/* Protected by itimer_lock (sys_signal.c): */
	uint64_t alarm_at;		/* ITIMER_REAL expiry (time_ns), 0 off */
	uint64_t alarm_interval;	/* reload, ns */
	struct list_node alarm_node;	/* on the armed-timer list */

	/* Fixed at creation: */
	uint64_t start_ns;		/* time_ns when forked */

	/* Owned by the process's own thread: */
	struct vmspace *vm;
	struct fdtable *files;
	struct inode *cwd;		/* a reference */
	uint32_t umask;
	int make_it_fail;		/* atomic: fault injection applies
					   (failinject.h); fork passes it on */
	char name[PROC_NAME_MAX];
	struct rlimit64 rlimits[RLIM_NLIMITS];
};

/* The process of the running thread (NULL for kernel threads). */
struct proc *proc_current(void);

/* Start init (pid 1) running path with argv (NULL-ended); the kernel's
   own strings. Returns 0 or -errno. */
int proc_start_init(const char *path, const char *const argv[]);

/* What fork, vfork and clone ask of a new process. */
struct fork_opts {
	uint64_t newsp;			/* the child's RSP, or 0: the same */
	int vfork;			/* the parent waits for exec or exit */
	uint64_t child_tid;		/* CLONE_CHILD_SETTID: its pid goes
					   here, in the child's memory */
	uint64_t clear_tid;		/* CLONE_CHILD_CLEARTID (see
					   set_tid_address) */
	int settls;			/* CLONE_SETTLS: ... */
	uint64_t tls;			/* ... the child's FS base */
	uint64_t parent_tid;		/* CLONE_PARENT_SETTID: its id goes
					   here, in the caller's memory */
	int share_vm;			/* CLONE_VM: the same address space */
};

/* fork/vfork/clone: a copy of the calling process whose thread returns
   to user mode with tf's registers and RAX 0, as o asks. Returns the
   child's pid or -errno. */
int proc_fork(struct trapframe *tf, const struct fork_opts *o);

/* clone with CLONE_THREAD: a new thread of the calling process, which
   returns to user mode with tf's registers and RAX 0, as o asks (its
   stack, TLS, tid addresses). Returns its tid or -errno. */
int proc_clone_thread(struct trapframe *tf, const struct fork_opts *o);

/* exit_group: end every thread of the calling process, which exits with
   a Linux wait status (exit: code << 8; killed: signal number), unless
   it is already ending with another. */
__attribute__((noreturn)) void proc_exit(int wait_status);

/* exit: end the calling thread; the last one to end ends the process
   with its status. */
__attribute__((noreturn)) void proc_thread_exit(int wait_status);

/* execve: end the calling process's other threads and wait for them;
   the caller takes the process's pid as its tid. 0, or -EAGAIN if the
   process is ending meanwhile (or another thread execs). */
int proc_exec_alone(void);

/* Must the calling thread end (its process ends, or another of its
   threads execs)? Then it does, at its next return to user mode. */
int proc_thread_doomed(struct thread *t);

/* Is id a process's pid or a live thread's tid? */
int proc_id_exists(int id);

/* The first thread of p, which has exactly one (a process being made). */
struct thread *proc_main_thread(struct proc *p);

/* User and system CPU time of p's threads, ended and running (ticks). */
void proc_cpu_times(struct proc *p, uint64_t *utime, uint64_t *stime);

/* The calling process's working directory, a reference. */
struct inode *proc_cwd(void);

/* The tids of process pid's threads, lowest first, from `from` on: up to
   max of them in tids. Returns how many, or -ESRCH. */
int proc_thread_ids(int pid, int from, int *tids, int max);

/* wait4 and waitid for pid (> 0: that child, -1: any, 0: any in the
   caller's group, < -1: any in group -pid), with waitid's options
   (WEXITED, WSTOPPED, WCONTINUED, WNOHANG, WNOWAIT). Returns the pid
   with *res filled, 0 (WNOHANG, none ready), -ECHILD or -ERESTARTSYS. */
int proc_wait(int pid, int options, struct wait_result *res);

/* Send sig as kill(2) does: pid > 0 that process, 0 the caller's group,
   -1 every process but init and the caller, < -1 the group -pid.
   info NULL: SI_USER from the caller. Returns 0, -ESRCH, -EINVAL or
   -EAGAIN (a queued signal over the limit). */
int proc_kill(int pid, int sig, const struct ksiginfo *info);

/* Send sig to the thread tid (of process tgid, if tgid > 0): tkill,
   tgkill. 0, -ESRCH, -EINVAL or -EAGAIN. */
int proc_kill_thread(int tgid, int tid, int sig, const struct ksiginfo *info);

/* Default action "stop": stop the calling process (every thread) until
   SIGCONT (or SIGKILL), telling the parent, unless a SIGCONT arrived
   since cont_seq was read. */
void proc_stop(int sig, int cont_seq);
/* The calling thread's process is stopped: wait until it is continued
   or killed. */
void proc_stop_wait(void);
/* SIGCONT sent to p (proc_lock held): end its stop, tell the parent. */
void proc_continue(struct proc *p);
/* Is p's process group orphaned (no member has a parent in another
   group of the same session)? */
int proc_pgrp_orphaned(struct proc *p);
/* May group pgid become the foreground of session sid's terminal
   (TIOCSPGRP)? 0, -ESRCH (no such group) or -EPERM (another session). */
int proc_pgrp_check(int pgid, int sid);

/* Replace p's address space (exec, exit) under the lock the OOM killer
   reads it with; returns the old one. */
struct vmspace *proc_set_vm(struct proc *p, struct vmspace *vs);

/* Replace p's working directory (a reference passes in); returns the old
   one (its reference passes out). */
struct inode *proc_set_cwd(struct proc *p, struct inode *dir);

/* A page fault of `faulting` found no memory: kill the process with the
   most resident pages (never init), unless that is `faulting` itself.
   Returns 1 if memory is being freed (the fault may be retried), 0 if
   the faulting process should die. Nothing is killed while memory is
   plentiful (more than 1/64 free): the failure was not for want of it
   (an injected one, failinject.h), and is the faulting process's alone. */
int proc_oom_kill(struct proc *faulting);

/* The calling process's limit (soft) for resource. */
uint64_t proc_rlimit(int resource);
/* getrlimit/setrlimit/prlimit64 for process pid (0: the caller). */
int proc_prlimit(int pid, int resource, const struct rlimit64 *new,
		 struct rlimit64 *old);

/* getpriority (set NULL: returns 20 - the lowest nice of the threads
   which and who name) and setpriority (*set, clamped to -20..19: 0).
   -EINVAL for a bad which, -ESRCH if nothing matches. */
int proc_priority(int which, int who, const int *set);

/* setpgid, getpgid, setsid, getsid (pid 0: the caller). */
int proc_setpgid(int pid, int pgid);
int proc_getpgid(int pid);
int proc_setsid(void);
int proc_getsid(int pid);

/* Begin p's group exit with this wait status (unless it began already)
   and kick its other threads; p's sig_lock held. */
void proc_group_exit_locked(struct proc *p, int wait_status);

/* A fault or a kill: end the calling process with sig as its status. */
__attribute__((noreturn)) void proc_die(int sig);

/* On every return to user mode: act on a pending kill or reschedule. */
void proc_user_return(void);

/* The vfork parent may go on (the child execs or exits). */
void proc_vfork_release(struct proc *p);

/* Processes alive or zombie. */
int proc_count(void);
/* Processes ever created (/proc/stat), and the newest pid (loadavg). */
uint64_t proc_forks(void);
int proc_last_pid(void);

/* A consistent copy of what /proc shows of process pid, taken under
   proc_lock: 0, or -ESRCH. */
struct proc_info {
	int pid, ppid, pgid, sid;
	int tty_sid, tty_pgrp;		/* the terminal's session, foreground */
	char state;			/* R S T Z */
	int nthreads;
	char name[PROC_NAME_MAX];
	uint64_t utime, stime, cutime, cstime;	/* ticks (HZ) */
	uint64_t start_ns;
	uint64_t blocked, ignored, caught, pending;
	uint64_t vm_pages;		/* resident user pages */
	uint32_t umask;
	int make_it_fail;
	struct proc_cmd *cmd;		/* a reference, or NULL */
	struct vmspace *vm;		/* a reference (vm_put), or NULL */
	struct inode *cwd;		/* a reference, or NULL */
};
int proc_info(int pid, struct proc_info *out);
void proc_info_put(struct proc_info *pi);

/* Set process pid's make-it-fail (failinject.h); 0 or -ESRCH. */
int proc_set_make_it_fail(int pid, int on);

/* The lowest pid >= from of a process alive or zombie, or -1 (readdir
   of /proc). */
int proc_next_pid(int from);

/* The file at descriptor fd of process pid, with a reference; NULL. */
struct file *proc_file(int pid, int fd);
