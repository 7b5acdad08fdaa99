/*
 * Process life cycle: creation (init, fork), exit, wait4, kill. Words:
 * a process's "user frame" is the struct trapframe at the top of its
 * thread's kernel stack, where every entry from user mode saves the
 * user registers and every return to user mode takes them from.
 */
#include "proc.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/fpu.h"
#include "arch/x86_64/trap.h"
#include "acpi.h"
#include "errno.h"
#include "exec.h"
#include "fs/file.h"
#include "futex.h"
#include "fs/vfs.h"
#include "itimer.h"
#include "pmm.h"
#include "power.h"
#include "tty.h"
#include "kmalloc.h"
#include "log.h"
#include "panic.h"
#include "sched.h"
#include "signal.h"
#include "spinlock.h"
#include "string.h"
#include "thread.h"
#include "time.h"
#include "uaccess.h"
#include "vmspace.h"

#define PID_MAX		32768
#define WNOHANG		0x00000001
#define WSTOPPED	0x00000002
#define WEXITED		0x00000004
#define WCONTINUED	0x00000008
#define WNOWAIT		0x01000000

void trap_enter_user(struct trapframe *tf) __attribute__((noreturn));

static struct spinlock proc_lock = SPINLOCK_INIT("proc");

/* Protected by proc_lock: */
static struct list_node all_procs = LIST_HEAD_INIT(all_procs);
static int next_pid = 1;
static int nprocs;
static int nclones;			/* threads beyond each process's one */
static uint64_t nforks;			/* processes ever created */
static struct proc *init_proc;
static int procs_max;		/* system-wide, from memory (default_rlimits) */

struct proc *proc_current(void)
{
	struct thread *t = thread_current();

	return t ? t->proc : NULL;
}

static struct trapframe *user_frame(struct thread *t)
{
	return (struct trapframe *)(t->kstack_top - sizeof(struct trapframe));
}

/* Is id a pid (of a process alive or zombie) or a live thread's tid?
   proc_lock held. */
static int id_used(int id)
{
	struct list_node *pos, *tp;

	list_for_each(pos, &all_procs) {
		struct proc *p = list_entry(pos, struct proc, all);

		if (p->pid == id)
			return 1;
		list_for_each(tp, &p->threads)
			if (list_entry(tp, struct thread, proc_node)->tid == id)
				return 1;
	}
	return 0;
}

/* A pid (or tid) nothing has; the caller holds proc_lock. */
static int pid_alloc(void)
{
	for (;;) {
		int pid = next_pid;

		next_pid = next_pid >= PID_MAX ? 2 : next_pid + 1;
		if (!id_used(pid))
			return pid;
	}
}

/* Would one more thread pass the limits (the system's, and RLIMIT_NPROC
   of p but for init)? As on Linux, both count threads. */
static int over_task_limits(struct proc *p)
{
	int n = nprocs + nclones;

	/* Root on Linux may pass RLIMIT_NPROC; here it binds everyone but
	   init (there are no capabilities). The system-wide limit binds all. */
	return n >= procs_max ||
	       (n >= (int)p->rlimits[RLIMIT_NPROC].cur && p->pid != 1);
}

int proc_id_exists(int id)
{
	int used;

	spin_lock(&proc_lock);
	used = id_used(id);
	spin_unlock(&proc_lock);
	return used;
}

struct thread *proc_main_thread(struct proc *p)
{
	return list_entry(p->threads.next, struct thread, proc_node);
}

static void user_entry(void *arg)
{
	struct thread *t = thread_current();

	proc_user_return();
	cli();
	trap_enter_user(user_frame(t));
}

/* A user thread of p, not yet started nor linked; NULL. */
static struct thread *user_thread_alloc(struct proc *p, const char *name)
{
	struct thread *t = thread_alloc(name, user_entry, 0);

	if (!t)
		return NULL;
	t->fpu = fpu_alloc();
	if (!t->fpu) {
		t->state = THREAD_DEAD;
		thread_free(t);
		return NULL;
	}
	t->proc = p;
	sigpending_init(&t->pending);
	t->altstack.flags = SS_DISABLE;
	t->syscall_nr = -1;
	return t;
}

/* Undo user_thread_alloc. */
static void user_thread_free(struct thread *t)
{
	fpu_free(t->fpu);
	t->state = THREAD_DEAD;
	thread_free(t);
}

/* A process with a (not yet started) user thread, not yet linked. */
static struct proc *proc_alloc(const char *name)
{
	struct proc *p = kzalloc(sizeof(*p));
	struct thread *t;

	if (!p)
		return NULL;
	t = user_thread_alloc(p, name);
	if (!t) {
		kfree(p);
		return NULL;
	}
	list_init(&p->threads);
	list_add_tail(&p->threads, &t->proc_node);
	p->nthreads = 1;
	list_init(&p->children);
	waitq_init(&p->child_wait);
	waitq_init(&p->vfork_wq);
	waitq_init(&p->stop_wq);
	waitq_init(&p->exec_wq);
	spin_init(&p->sig_lock, "sig");
	sigpending_init(&p->pending);
	list_init(&p->alarm_node);
	strlcpy(p->name, name, sizeof(p->name));
	return p;
}

struct proc_cmd *proc_cmd_alloc(const char *exe, const char *args,
				size_t arglen)
{
	size_t elen = strlen(exe) + 1;
	struct proc_cmd *c = kmalloc(sizeof(*c) + arglen + elen);

	if (!c)
		return NULL;
	c->refs = 1;
	c->arglen = arglen;
	memcpy(c->args, args, arglen);
	c->exe = c->args + arglen;
	memcpy(c->exe, exe, elen);
	return c;
}

void proc_cmd_put(struct proc_cmd *c)
{
	if (c && !__atomic_sub_fetch(&c->refs, 1, __ATOMIC_ACQ_REL))
		kfree(c);
}

static void proc_cmd_get(struct proc_cmd *c)
{
	if (c)
		__atomic_add_fetch(&c->refs, 1, __ATOMIC_RELAXED);
}

/* Free a reaped zombie. */
static void proc_free(struct proc *p)
{
	proc_cmd_put(p->cmd);
	kfree(p);
}

/* Undo proc_alloc (before the process was linked or started). */
static void proc_unalloc(struct proc *p)
{
	if (p->files)
		fdtable_free(p->files);
	if (p->cwd)
		inode_put(p->cwd);
	user_thread_free(proc_main_thread(p));
	if (p->vm)
		vm_put(p->vm);
	proc_free(p);
}

/* Give p a pid and link it under parent (NULL for init). -EINTR if the
   parent got a fatal signal meanwhile: a kill(-1) or kill(-pgrp) that
   swept the process list before p was on it must not miss it (Linux
   aborts such a fork too). */
static int link_proc(struct proc *p, struct proc *parent)
{
	spin_lock(&proc_lock);
	if (parent && parent->killed) {
		spin_unlock(&proc_lock);
		return -EINTR;
	}
	/* The limits again, exactly: forks on other CPUs may have passed
	   proc_fork's early check at the same time. */
	if (parent && over_task_limits(parent)) {
		spin_unlock(&proc_lock);
		return -EAGAIN;
	}
	p->pid = pid_alloc();
	proc_main_thread(p)->tid = p->pid;
	p->parent = parent;
	p->pgid = parent ? parent->pgid : p->pid;
	p->sid = parent ? parent->sid : p->pid;
	p->start_ns = time_ns();
	nforks++;
	if (parent)
		list_add_tail(&parent->children, &p->sibling);
	list_add_tail(&all_procs, &p->all);
	nprocs++;
	spin_unlock(&proc_lock);
	return 0;
}

/* Linux's defaults for init; everything else inherits. The process
   limit follows Linux's threads-max: one per 32 pages of memory (a
   process costs at least its kernel stack, tables and structures). */
static void default_rlimits(struct proc *p)
{
	int i;

	procs_max = pmm_total_pages() / 32;
	if (procs_max < 64)
		procs_max = 64;
	for (i = 0; i < RLIM_NLIMITS; i++)
		p->rlimits[i].cur = p->rlimits[i].max = RLIM_INFINITY;
	p->rlimits[RLIMIT_STACK].cur = STACK_MAX;
	p->rlimits[RLIMIT_CORE].cur = 0;
	p->rlimits[RLIMIT_NPROC].cur = p->rlimits[RLIMIT_NPROC].max =
		procs_max / 2;
	p->rlimits[RLIMIT_SIGPENDING].cur = p->rlimits[RLIMIT_SIGPENDING].max =
		procs_max / 2;
	p->rlimits[RLIMIT_NOFILE].cur = FD_LIMIT_SOFT;
	p->rlimits[RLIMIT_NOFILE].max = FD_MAX;
	p->rlimits[RLIMIT_MEMLOCK].cur = p->rlimits[RLIMIT_MEMLOCK].max =
		8UL << 20;
	p->rlimits[RLIMIT_MSGQUEUE].cur = p->rlimits[RLIMIT_MSGQUEUE].max =
		819200;
	p->rlimits[RLIMIT_NICE].cur = p->rlimits[RLIMIT_NICE].max = 0;
	p->rlimits[RLIMIT_RTPRIO].cur = p->rlimits[RLIMIT_RTPRIO].max = 0;
}

int proc_start_init(const char *path, const char *const argv[])
{
	static const char *const envp[] = { "HOME=/", "PATH=/bin", "TERM=vt100",
					    NULL };
	struct proc *p = proc_alloc("init");
	struct file *con;
	int err = -ENOMEM, fd;

	if (!p)
		return -ENOMEM;
	p->files = fdtable_alloc();
	p->cwd = vfs_root();
	inode_get(p->cwd);
	p->umask = 022;
	default_rlimits(p);
	con = file_alloc(&tty_file_ops, NULL, O_RDWR);
	if (!p->files || !con) {
		if (con)
			file_put(con);
		proc_unalloc(p);
		return -ENOMEM;
	}
	for (fd = 0; fd < 3; fd++) {	/* stdin, stdout, stderr */
		if (fd)
			file_get(con);
		fd_install(p->files, con, fd, 0);
	}
	err = exec_kernel(p, path, argv, envp,
			  user_frame(proc_main_thread(p)));
	if (err) {
		proc_unalloc(p);
		return err;
	}
	link_proc(p, NULL);
	init_proc = p;
	tty_start();
	tty_set_controlling(p->sid, p->pgid);
	sched_add(proc_main_thread(p));
	return 0;
}

/* A new thread's start: the caller's FPU state and signal mask, tf's
   registers with RAX 0, on o's stack with o's TLS. */
static void thread_copy(struct thread *t, struct thread *me,
			struct trapframe *tf, const struct fork_opts *o)
{
	struct trapframe *ctf = user_frame(t);

	fpu_save(me->fpu);		/* the live registers, not the stale copy */
	fpu_copy(t->fpu, me->fpu);
	t->fs_base = o->settls ? o->tls : me->fs_base;
	t->sigmask = me->sigmask;
	t->nice = me->nice;
	t->clear_child_tid = o->clear_tid;
	*ctf = *tf;
	ctf->rax = 0;
	if (o->newsp)
		ctf->rsp = o->newsp;
}

int proc_fork(struct trapframe *tf, const struct fork_opts *o)
{
	struct proc *parent = proc_current(), *child;
	struct thread *me = thread_current(), *ct;
	int pid, over;

	spin_lock(&proc_lock);
	over = over_task_limits(parent);
	spin_unlock(&proc_lock);
	if (over)
		return -EAGAIN;
	child = proc_alloc(parent->name);
	if (!child)
		return -ENOMEM;
	ct = proc_main_thread(child);
	if (o->share_vm) {
		child->vm = parent->vm;
		vm_get(child->vm);
	} else {
		child->vm = vm_fork(parent->vm);
	}
	child->files = fdtable_copy(parent->files);
	child->cwd = proc_cwd();
	child->umask = parent->umask;
	child->make_it_fail = __atomic_load_n(&parent->make_it_fail,
					      __ATOMIC_RELAXED);
	spin_lock(&proc_lock);
	child->cmd = parent->cmd;
	proc_cmd_get(child->cmd);
	spin_unlock(&proc_lock);
	if (!child->vm || !child->files) {
		proc_unalloc(child);
		return -ENOMEM;
	}
	/* Nothing below fails but link_proc (limits, a fatal signal). */
	thread_copy(ct, me, tf, o);
	/* As Linux: a child sharing the memory does not inherit the
	   alternate stack, which is the parent's to use. */
	if (!o->share_vm)
		ct->altstack = me->altstack;
	spin_lock(&parent->sig_lock);
	memcpy(child->actions, parent->actions, sizeof(child->actions));
	spin_unlock(&parent->sig_lock);
	memcpy(child->rlimits, parent->rlimits, sizeof(child->rlimits));
	child->vfork_pending = o->vfork;
	if ((pid = link_proc(child, parent))) {
		proc_unalloc(child);	/* over a limit, or the parent dies */
		return pid;
	}
	pid = child->pid;
	/* Before the child runs; a bad address is ignored, as on Linux. */
	if (o->parent_tid)
		copy_to_user(o->parent_tid, &pid, sizeof(pid));
	if (o->child_tid)
		vm_copy_out(child->vm, o->child_tid, &pid, sizeof(pid));
	sched_add(ct);
	if (o->vfork) {
		spin_lock(&proc_lock);
		while (child->vfork_pending && !proc_thread_doomed(me))
			waitq_wait(&child->vfork_wq, &proc_lock);
		spin_unlock(&proc_lock);
	}
	return pid;
}

int proc_clone_thread(struct trapframe *tf, const struct fork_opts *o)
{
	struct proc *p = proc_current();
	struct thread *me = thread_current(), *t;
	int tid;

	t = user_thread_alloc(p, p->name);
	if (!t)
		return -ENOMEM;
	thread_copy(t, me, tf, o);
	spin_lock(&proc_lock);
	if (p->killed || p->execing) {	/* it would only have to end */
		spin_unlock(&proc_lock);
		user_thread_free(t);
		return -ERESTARTNOINTR;
	}
	if (over_task_limits(p)) {
		spin_unlock(&proc_lock);
		user_thread_free(t);
		return -EAGAIN;
	}
	tid = t->tid = pid_alloc();
	spin_lock(&p->sig_lock);
	list_add_tail(&p->threads, &t->proc_node);
	p->nthreads++;
	spin_unlock(&p->sig_lock);
	nclones++;
	nforks++;
	spin_unlock(&proc_lock);
	/* Before it runs (it may read its own tid at once); a bad address
	   is ignored, as on Linux. */
	if (o->parent_tid)
		copy_to_user(o->parent_tid, &tid, sizeof(tid));
	if (o->child_tid)
		copy_to_user(o->child_tid, &tid, sizeof(tid));
	sched_add(t);
	return tid;
}

void proc_vfork_release(struct proc *p)
{
	spin_lock(&proc_lock);
	p->vfork_pending = 0;
	spin_unlock(&proc_lock);
	waitq_wake_all(&p->vfork_wq);
}

/* Would group pgid of session sid be orphaned without `leaving` (no
   other member has a parent in another group of the session)? Does it
   have a stopped member? proc_lock held. */
static int orphaned_stopped_locked(int pgid, int sid, struct proc *leaving)
{
	struct list_node *pos;
	int stopped = 0;

	list_for_each(pos, &all_procs) {
		struct proc *q = list_entry(pos, struct proc, all);

		if (q->pgid != pgid || q == leaving || q->state != PROC_ALIVE)
			continue;
		if (q->parent && q->parent != leaving &&
		    q->parent->pgid != pgid && q->parent->sid == sid)
			return 0;	/* still linked to its session */
		stopped |= q->stopped;
	}
	return stopped;
}

/* SIGHUP, then SIGCONT, to every member of group pgid (POSIX: a group
   orphaned with stopped members must not stay stopped forever). */
static void hangup_group_locked(int pgid)
{
	struct list_node *pos;
	struct ksiginfo info;
	int i;

	memset(&info, 0, sizeof(info));
	info.code = SI_KERNEL;
	for (i = 0; i < 2; i++)
		list_for_each(pos, &all_procs) {
			struct proc *q = list_entry(pos, struct proc, all);

			if (q->pgid == pgid && q->state == PROC_ALIVE)
				signal_send(q, NULL, i ? SIGCONT : SIGHUP, &info);
		}
}

/* p is exiting (proc_lock held, before its children go to init): its
   own group, and each child's group, may be orphaned now. */
static void orphan_groups_locked(struct proc *p)
{
	struct list_node *pos;

	if (p->parent && p->parent->pgid != p->pgid &&
	    p->parent->sid == p->sid &&
	    orphaned_stopped_locked(p->pgid, p->sid, p))
		hangup_group_locked(p->pgid);
	list_for_each(pos, &p->children) {
		struct proc *c = list_entry(pos, struct proc, sibling);

		if (c->pgid != p->pgid &&
		    c->sid == p->sid && orphaned_stopped_locked(c->pgid, c->sid, p))
			hangup_group_locked(c->pgid);
	}
}

/* A session leader that exits takes its terminal along: the foreground
   group gets SIGHUP (and SIGCONT), and the terminal no session. */
static void hangup_terminal(struct proc *p)
{
	int sid, pgrp;

	tty_owner(&sid, &pgrp);
	if (p->pid != p->sid || sid != p->sid)
		return;
	tty_set_controlling(0, 0);
	if (pgrp > 0 && pgrp != p->pgid) {
		spin_lock(&proc_lock);
		hangup_group_locked(pgrp);
		spin_unlock(&proc_lock);
	}
}

/* Hand p's children to init; the caller holds proc_lock. Returns 1 if a
   zombie was among them (init must be woken to reap it). */
static int reparent_children(struct proc *p)
{
	struct list_node *n;
	int zombie = 0;

	while ((n = list_pop(&p->children))) {
		struct proc *c = list_entry(n, struct proc, sibling);

		c->parent = init_proc;
		list_add_tail(&init_proc->children, &c->sibling);
		zombie |= c->state == PROC_ZOMBIE;
	}
	return zombie;
}

/* The calling thread ends; the process too if it was the last. */
__attribute__((noreturn)) static void thread_end(int wait_status)
{
	struct thread *t = thread_current();
	struct proc *p = t->proc, *parent;
	struct vmspace *vs;
	struct fdtable *files;
	void *fpu;
	int wake_init = 0, reap, last;

	sti();
	futex_exit_robust_list(t->robust_list, t->tid);
	/* CLONE_CHILD_CLEARTID, set_tid_address: 0 and a futex wake for a
	   joiner, if the memory outlives this thread (Linux: mm_release). */
	if (t->clear_child_tid &&
	    (__atomic_load_n(&p->nthreads, __ATOMIC_RELAXED) > 1 ||
	     __atomic_load_n(&p->vm->refs, __ATOMIC_RELAXED) > 1)) {
		int zero = 0;

		if (!copy_to_user(t->clear_child_tid, &zero, sizeof(zero)))
			futex_wake_addr(t->clear_child_tid, 1);
	}
	spin_lock(&proc_lock);
	spin_lock(&p->sig_lock);
	list_remove(&t->proc_node);
	last = --p->nthreads == 0;
	p->utime += t->utime;
	p->stime += t->stime;
	signal_thread_exit(t);		/* its own pending signals go */
	if (!last) {
		nclones--;
		/* Off the space now: once this thread is off the list, an
		   exec may free the space (and nothing may reload it). */
		t->proc = NULL;
		vm_activate(NULL);
		if (p->execing && p->nthreads == 1)
			waitq_wake_all(&p->exec_wq);
	} else if (p->killed) {
		wait_status = p->exit_status;	/* exit_group, a fatal signal */
	}				/* else the last thread's exit */
	spin_unlock(&p->sig_lock);
	spin_unlock(&proc_lock);
	/* Unhook the FPU area before freeing it: a switch away in between
	   would save the registers into freed memory. */
	fpu = t->fpu;
	__atomic_store_n(&t->fpu, NULL, __ATOMIC_SEQ_CST);
	fpu_free(fpu);
	if (!last)
		thread_exit();		/* a kernel thread since the unlock */

	itimer_exit(p);
	spin_lock(&proc_lock);		/* /proc reads them under it */
	files = p->files;
	p->files = NULL;
	spin_unlock(&proc_lock);
	fdtable_free(files);		/* may wake pipe peers */
	inode_put(proc_set_cwd(p, NULL));
	/* Detach first: if this thread is preempted here, the switch back
	   must not load the space again (arch_switch loads p->vm). */
	vs = proc_set_vm(p, NULL);
	vm_activate(NULL);
	vm_put(vs);
	proc_vfork_release(p);
	if (p == init_proc) {
		klog(LOG_INFO, "kernel: init exited with status %d\n",
		     (wait_status & 0x7f) ? 128 + (wait_status & 0x7f) :
		     (wait_status >> 8) & 0xff);
		log_flush_screen();
		acpi_poweroff();	/* silently: the line above is the last */
		power_halt();
	}

	hangup_terminal(p);
	spin_lock(&proc_lock);
	orphan_groups_locked(p);
	wake_init = reparent_children(p);
	/* Nothing sends to a zombie: the pending signals can go now. All of
	   this happens under proc_lock, because once p is a zombie its parent
	   may reap and free it at any moment. */
	spin_lock(&p->sig_lock);
	sigpending_flush(&p->pending);
	spin_unlock(&p->sig_lock);
	p->state = PROC_ZOMBIE;
	p->wait_status = wait_status;
	parent = p->parent;
	if (wait_status & 0x7f)
		signal_notify_parent(p, CLD_KILLED, wait_status & 0x7f);
	else
		signal_notify_parent(p, CLD_EXITED, (wait_status >> 8) & 0xff);
	reap = signal_parent_ignores_exit(p);	/* no zombie then */
	if (reap) {
		list_remove(&p->sibling);
		list_remove(&p->all);
		nprocs--;
	}
	waitq_wake_all(&parent->child_wait);
	if (wake_init)
		waitq_wake_all(&init_proc->child_wait);
	t->proc = NULL;
	spin_unlock(&proc_lock);
	if (reap)
		proc_free(p);
	thread_exit();
}

/* Every thread of p but the caller must look at p's state: wake it from
   its sleep (any sleep if it must end: every wait in the kernel checks
   its condition again, and ends for a doomed thread; only an
   interruptible one for a stop), or interrupt it in user mode. sig_lock
   held. */
static void kick_others(struct proc *p, int doomed)
{
	struct thread *me = thread_current();
	struct list_node *pos;

	list_for_each(pos, &p->threads) {
		struct thread *t = list_entry(pos, struct thread, proc_node);

		if (t == me)
			continue;
		if (doomed)
			sched_wake(t);
		else
			sched_wake_interruptible(t);
		sched_kick(t);
	}
}

void proc_group_exit_locked(struct proc *p, int wait_status)
{
	if (!p->killed) {
		p->killed = 1;
		p->exit_status = wait_status;
	}
	kick_others(p, 1);
}

void proc_exit(int wait_status)
{
	struct proc *p = proc_current();

	spin_lock(&p->sig_lock);
	proc_group_exit_locked(p, wait_status);
	spin_unlock(&p->sig_lock);
	waitq_wake_all(&p->stop_wq);
	thread_end(wait_status);
}

void proc_thread_exit(int wait_status)
{
	thread_end(wait_status);
}

int proc_thread_doomed(struct thread *t)
{
	struct proc *p = t->proc;
	struct thread *ex;

	if (!p)
		return 0;
	ex = __atomic_load_n(&p->execing, __ATOMIC_RELAXED);
	return __atomic_load_n(&p->killed, __ATOMIC_RELAXED) ||
	       (ex && ex != t);
}

int proc_exec_alone(void)
{
	struct thread *t = thread_current();
	struct proc *p = t->proc;
	int err = 0;

	spin_lock(&proc_lock);
	if (p->nthreads == 1) {
		spin_unlock(&proc_lock);
		return 0;
	}
	spin_lock(&p->sig_lock);
	if (p->killed || p->execing) {
		spin_unlock(&p->sig_lock);
		spin_unlock(&proc_lock);
		return -EAGAIN;
	}
	p->execing = t;
	kick_others(p, 1);
	spin_unlock(&p->sig_lock);
	while (p->nthreads > 1 && !p->killed)
		waitq_wait(&p->exec_wq, &proc_lock);
	spin_lock(&p->sig_lock);
	p->execing = NULL;
	if (p->killed)
		err = -EAGAIN;
	else
		t->tid = p->pid;	/* the process's thread now */
	spin_unlock(&p->sig_lock);
	spin_unlock(&proc_lock);
	return err;
}

void proc_die(int sig)
{
	proc_exit(sig & 0x7f);
}

/* What child c has for a waiter with these options (proc_lock held):
   fills *res and returns 1, or returns 0. */
static int wait_news(struct proc *c, int options, struct wait_result *res)
{
	res->pid = c->pid;
	res->utime = res->stime = 0;
	if (c->state == PROC_ZOMBIE) {
		if (!(options & WEXITED))
			return 0;
		res->status = c->wait_status;
		res->utime = c->utime + c->cutime;
		res->stime = c->stime + c->cstime;
		res->code = (c->wait_status & 0x7f) ? CLD_KILLED : CLD_EXITED;
		res->si_status = (c->wait_status & 0x7f) ? c->wait_status & 0x7f :
				 (c->wait_status >> 8) & 0xff;
		return 1;
	}
	if (c->report == REPORT_STOPPED && (options & WSTOPPED)) {
		res->status = (c->stop_sig << 8) | 0x7f;
		res->code = CLD_STOPPED;
		res->si_status = c->stop_sig;
	} else if (c->report == REPORT_CONTINUED && (options & WCONTINUED)) {
		res->status = 0xffff;
		res->code = CLD_CONTINUED;
		res->si_status = SIGCONT;
	} else {
		return 0;
	}
	if (!(options & WNOWAIT))
		c->report = REPORT_NONE;
	return 1;
}

int proc_wait(int pid, int options, struct wait_result *res)
{
	struct proc *p = proc_current();

	spin_lock(&proc_lock);
	for (;;) {
		struct list_node *pos;
		int found = 0;

		list_for_each(pos, &p->children) {
			struct proc *c = list_entry(pos, struct proc, sibling);

			if (pid > 0 ? c->pid != pid :
			    pid == 0 ? c->pgid != p->pgid :
			    pid < -1 ? c->pgid != -pid : 0)
				continue;
			found = 1;
			if (!wait_news(c, options, res))
				continue;
			if (c->state == PROC_ZOMBIE && !(options & WNOWAIT)) {
				list_remove(&c->sibling);
				list_remove(&c->all);
				nprocs--;
				p->cutime += res->utime;
				p->cstime += res->stime;
				proc_free(c);
			}
			spin_unlock(&proc_lock);
			return res->pid;
		}
		if (!found) {
			spin_unlock(&proc_lock);
			return -ECHILD;
		}
		if (options & WNOHANG) {
			spin_unlock(&proc_lock);
			return 0;
		}
		if (waitq_wait_intr(&p->child_wait, &proc_lock, WAITQ_FOREVER)) {
			spin_unlock(&proc_lock);
			return -ERESTARTSYS;
		}
	}
}

int proc_kill(int pid, int sig, const struct ksiginfo *info)
{
	struct proc *me = proc_current();
	struct list_node *pos;
	int found = 0, err = 0;

	if (sig < 0 || sig > NSIG)
		return -EINVAL;
	spin_lock(&proc_lock);
	list_for_each(pos, &all_procs) {
		struct proc *p = list_entry(pos, struct proc, all);
		int e;

		if (p->state != PROC_ALIVE && pid <= 0)
			continue;
		if (pid > 0 ? p->pid != pid :
		    pid == -1 ? (p == init_proc || p == me) :
		    pid == 0 ? p->pgid != me->pgid : p->pgid != -pid)
			continue;
		found = 1;
		if (sig && (e = signal_send(p, NULL, sig, info)) && !err)
			err = e;
	}
	spin_unlock(&proc_lock);
	return found ? err : -ESRCH;
}

int proc_kill_thread(int tgid, int tid, int sig, const struct ksiginfo *info)
{
	struct list_node *pos;
	int err = -ESRCH;

	if (sig < 0 || sig > NSIG || tid <= 0 || tgid == 0 || tgid < -1)
		return -EINVAL;
	spin_lock(&proc_lock);
	list_for_each(pos, &all_procs) {
		struct proc *p = list_entry(pos, struct proc, all);
		struct list_node *tp;

		if ((tgid > 0 && tgid != p->pid) || p->state != PROC_ALIVE)
			continue;
		list_for_each(tp, &p->threads) {
			struct thread *t = list_entry(tp, struct thread,
						      proc_node);

			if (t->tid == tid) {
				err = sig ? signal_send(p, t, sig, info) : 0;
				goto out;
			}
		}
	}
out:
	spin_unlock(&proc_lock);
	return err;
}

void proc_stop(int sig, int cont_seq)
{
	struct proc *p = proc_current(), *parent;

	spin_lock(&proc_lock);
	if (p->cont_seq != cont_seq || p->killed) {
		spin_unlock(&proc_lock);	/* continued before it stopped */
		return;
	}
	p->stopped = 1;
	p->stop_sig = sig;
	p->report = REPORT_STOPPED;
	parent = p->parent;
	signal_notify_parent(p, CLD_STOPPED, sig);
	spin_lock(&p->sig_lock);
	kick_others(p, 0);		/* they stop too */
	spin_unlock(&p->sig_lock);
	spin_unlock(&proc_lock);
	waitq_wake_all(&parent->child_wait);
	proc_stop_wait();
}

void proc_stop_wait(void)
{
	struct proc *p = proc_current();

	spin_lock(&proc_lock);
	while (p->stopped && !p->killed)
		waitq_wait(&p->stop_wq, &proc_lock);
	spin_unlock(&proc_lock);
}

void proc_continue(struct proc *p)
{
	__atomic_add_fetch(&p->cont_seq, 1, __ATOMIC_RELEASE);
	if (!p->stopped)
		return;
	p->stopped = 0;
	p->report = REPORT_CONTINUED;
	signal_notify_parent(p, CLD_CONTINUED, SIGCONT);
	waitq_wake_all(&p->stop_wq);
	if (p->parent)
		waitq_wake_all(&p->parent->child_wait);
}

int proc_pgrp_orphaned(struct proc *me)
{
	struct list_node *pos;
	int orphaned = 1;

	spin_lock(&proc_lock);
	list_for_each(pos, &all_procs) {
		struct proc *p = list_entry(pos, struct proc, all);

		if (p->pgid != me->pgid || p->state != PROC_ALIVE || !p->parent)
			continue;
		if (p->parent->pgid != me->pgid && p->parent->sid == me->sid)
			orphaned = 0;
	}
	spin_unlock(&proc_lock);
	return orphaned;
}

int proc_pgrp_check(int pgid, int sid)
{
	struct list_node *pos;
	int err = -ESRCH;

	spin_lock(&proc_lock);
	list_for_each(pos, &all_procs) {
		struct proc *p = list_entry(pos, struct proc, all);

		if (p->pgid != pgid || p->state != PROC_ALIVE)
			continue;
		if (p->sid == sid) {
			err = 0;
			break;
		}
		err = -EPERM;		/* a group of another session */
	}
	spin_unlock(&proc_lock);
	return err;
}

/* The process with this pid (pid 0: the caller); proc_lock held. */
static struct proc *find_locked(int pid)
{
	struct list_node *pos;

	if (pid == 0)
		return proc_current();
	list_for_each(pos, &all_procs) {
		struct proc *p = list_entry(pos, struct proc, all);

		if (p->pid == pid)
			return p;
	}
	return NULL;
}

int proc_setpgid(int pid, int pgid)
{
	struct proc *me = proc_current(), *p;
	struct list_node *pos;
	int err = 0, group_ok = 0;

	if (pgid < 0)
		return -EINVAL;
	spin_lock(&proc_lock);
	p = find_locked(pid);
	if (!p || (p != me && p->parent != me))
		err = -ESRCH;
	else if (p != me && p->did_exec)
		err = -EACCES;
	else if (p->sid == p->pid || p->sid != me->sid)
		err = -EPERM;		/* a session leader, or another session */
	if (!err) {
		if (pgid == 0)
			pgid = p->pid;
		group_ok = pgid == p->pid;
		list_for_each(pos, &all_procs) {
			struct proc *q = list_entry(pos, struct proc, all);

			if (q->pgid == pgid && q->sid == me->sid)
				group_ok = 1;
		}
		if (group_ok)
			p->pgid = pgid;
		else
			err = -EPERM;
	}
	spin_unlock(&proc_lock);
	return err;
}

int proc_getpgid(int pid)
{
	struct proc *p;
	int ret;

	spin_lock(&proc_lock);
	p = find_locked(pid);
	ret = p ? p->pgid : -ESRCH;
	spin_unlock(&proc_lock);
	return ret;
}

int proc_getsid(int pid)
{
	struct proc *p;
	int ret;

	spin_lock(&proc_lock);
	p = find_locked(pid);
	ret = p ? p->sid : -ESRCH;
	spin_unlock(&proc_lock);
	return ret;
}

int proc_setsid(void)
{
	struct proc *me = proc_current();
	struct list_node *pos;
	int ret;

	spin_lock(&proc_lock);
	ret = me->pid;
	list_for_each(pos, &all_procs)	/* not if a group has our pid */
		if (list_entry(pos, struct proc, all)->pgid == me->pid)
			ret = -EPERM;
	if (ret > 0)
		me->pgid = me->sid = me->pid;
	spin_unlock(&proc_lock);
	return ret;
}

void proc_user_return(void)
{
	struct thread *t = thread_current();

	for (;;) {
		if (t->proc)
			signal_deliver((struct trapframe *)(t->kstack_top -
						sizeof(struct trapframe)));
		if (!sched_need_resched())
			return;
		sched_yield();
	}
}

void proc_set_name(struct proc *p, const char *name)
{
	spin_lock(&proc_lock);
	strlcpy(p->name, name, sizeof(p->name));
	spin_unlock(&proc_lock);
}

int proc_count(void)
{
	return __atomic_load_n(&nprocs, __ATOMIC_RELAXED);
}

struct vmspace *proc_set_vm(struct proc *p, struct vmspace *vs)
{
	struct vmspace *old;

	spin_lock(&proc_lock);
	old = p->vm;
	p->vm = vs;
	spin_unlock(&proc_lock);
	return old;
}

struct proc_cmd *proc_set_cmd(struct proc *p, struct proc_cmd *cmd)
{
	struct proc_cmd *old;

	spin_lock(&proc_lock);
	old = p->cmd;
	p->cmd = cmd;
	spin_unlock(&proc_lock);
	return old;
}

struct inode *proc_set_cwd(struct proc *p, struct inode *dir)
{
	struct inode *old;

	spin_lock(&proc_lock);
	old = p->cwd;
	p->cwd = dir;
	spin_unlock(&proc_lock);
	return old;
}

int proc_oom_kill(struct proc *faulting)
{
	struct proc *victim = NULL;
	struct list_node *pos;
	uint64_t most = 0;
	int dying = 0;

	if (pmm_free_pages_count() > pmm_total_pages() / 64)
		return 0;
	spin_lock(&proc_lock);
	list_for_each(pos, &all_procs) {
		struct proc *p = list_entry(pos, struct proc, all);

		if (p->state != PROC_ALIVE || p == init_proc || !p->vm)
			continue;
		if (p->killed && p != faulting)
			dying = 1;	/* its memory is on the way back */
		if (p->vm->pages > most) {
			most = p->vm->pages;
			victim = p;
		}
	}
	if (!dying && victim && victim != faulting) {
		klog(LOG_WARN, "oom: out of memory: killed %s[%d] (%lu pages)\n",
		     victim->name, victim->pid, most);
		signal_send(victim, NULL, SIGKILL, NULL);
		dying = 1;
	}
	spin_unlock(&proc_lock);
	return dying;
}

uint64_t proc_rlimit(int resource)
{
	return proc_current()->rlimits[resource].cur;
}

int proc_prlimit(int pid, int resource, const struct rlimit64 *new,
		 struct rlimit64 *old)
{
	struct proc *p;
	int err = 0;

	if (resource < 0 || resource >= RLIM_NLIMITS)
		return -EINVAL;
	if (new && new->cur > new->max)
		return -EINVAL;
	if (new && resource == RLIMIT_NOFILE && new->max > FD_MAX)
		return -EPERM;		/* Linux: above fs.nr_open */
	spin_lock(&proc_lock);
	p = find_locked(pid);
	if (!p || p->state != PROC_ALIVE) {
		err = -ESRCH;
	} else {
		if (old)
			*old = p->rlimits[resource];
		if (new)
			p->rlimits[resource] = *new;
		if (new && resource == RLIMIT_STACK && p->vm)
			vm_set_stack_rlimit(p->vm, new->cur);
	}
	spin_unlock(&proc_lock);
	return err;
}

#define PRIO_PROCESS	0
#define PRIO_PGRP	1
#define PRIO_USER	2
#define NICE_MIN	(-20)
#define NICE_MAX	19

/* Does thread t of process p match setpriority's which and who? */
static int prio_match(struct proc *p, struct thread *t, int which, int who)
{
	struct proc *me = proc_current();

	switch (which) {
	case PRIO_PROCESS:
		return who ? t->tid == who : t == thread_current();
	case PRIO_PGRP:
		return p->pgid == (who ? who : me->pgid);
	default:			/* PRIO_USER: everyone is uid 0 */
		return who == 0;
	}
}

int proc_priority(int which, int who, const int *set)
{
	struct list_node *pos, *tp;
	int best = NICE_MAX + 1, nice = 0;

	if (which < PRIO_PROCESS || which > PRIO_USER)
		return -EINVAL;
	if (set)
		nice = *set < NICE_MIN ? NICE_MIN :
		       *set > NICE_MAX ? NICE_MAX : *set;
	spin_lock(&proc_lock);
	list_for_each(pos, &all_procs) {
		struct proc *p = list_entry(pos, struct proc, all);

		list_for_each(tp, &p->threads) {
			struct thread *t = list_entry(tp, struct thread,
						      proc_node);

			if (!prio_match(p, t, which, who))
				continue;
			if (set)
				__atomic_store_n(&t->nice, nice,
						 __ATOMIC_RELAXED);
			if (t->nice < best)
				best = t->nice;
		}
	}
	spin_unlock(&proc_lock);
	if (best > NICE_MAX)
		return -ESRCH;
	return set ? 0 : 20 - best;
}

int proc_last_pid(void)
{
	int next = __atomic_load_n(&next_pid, __ATOMIC_RELAXED);

	return next > 2 ? next - 1 : 1;
}

uint64_t proc_forks(void)
{
	return __atomic_load_n(&nforks, __ATOMIC_RELAXED);
}

int proc_next_pid(int from)
{
	struct list_node *pos;
	int best = -1;

	spin_lock(&proc_lock);
	list_for_each(pos, &all_procs) {
		int pid = list_entry(pos, struct proc, all)->pid;

		if (pid >= from && (best < 0 || pid < best))
			best = pid;
	}
	spin_unlock(&proc_lock);
	return best;
}

/* The signals whose action is SIG_IGN, and those with a handler. */
static void action_sets(struct proc *p, uint64_t *ignored, uint64_t *caught)
{
	int sig;

	*ignored = *caught = 0;
	for (sig = 1; sig <= NSIG; sig++) {
		uint64_t h = p->actions[sig - 1].handler;

		if (h == (uint64_t)SIG_IGN)
			*ignored |= SIGBIT(sig);
		else if (h != (uint64_t)SIG_DFL)
			*caught |= SIGBIT(sig);
	}
}

void proc_cpu_times(struct proc *p, uint64_t *utime, uint64_t *stime)
{
	struct list_node *pos;

	spin_lock(&proc_lock);
	*utime = p->utime;
	*stime = p->stime;
	list_for_each(pos, &p->threads) {
		struct thread *t = list_entry(pos, struct thread, proc_node);

		*utime += t->utime;
		*stime += t->stime;
	}
	spin_unlock(&proc_lock);
}

struct inode *proc_cwd(void)
{
	struct proc *p = proc_current();
	struct inode *dir;

	spin_lock(&proc_lock);
	dir = p->cwd;
	inode_get(dir);
	spin_unlock(&proc_lock);
	return dir;
}

int proc_thread_ids(int pid, int from, int *tids, int max)
{
	struct list_node *pos;
	struct proc *p;
	int n = 0;

	spin_lock(&proc_lock);
	if (!(p = find_locked(pid))) {
		spin_unlock(&proc_lock);
		return -ESRCH;
	}
	/* Lowest first: pick the next one above the last taken. */
	while (n < max) {
		int best = -1;

		list_for_each(pos, &p->threads) {
			int tid = list_entry(pos, struct thread, proc_node)->tid;

			if (tid >= from && (best < 0 || tid < best))
				best = tid;
		}
		if (best < 0)
			break;
		tids[n++] = best;
		from = best + 1;
	}
	spin_unlock(&proc_lock);
	return n;
}

int proc_set_make_it_fail(int pid, int on)
{
	struct proc *p;

	spin_lock(&proc_lock);
	p = find_locked(pid);
	if (p)
		__atomic_store_n(&p->make_it_fail, on, __ATOMIC_RELAXED);
	spin_unlock(&proc_lock);
	return p ? 0 : -ESRCH;
}

int proc_info(int pid, struct proc_info *pi)
{
	struct list_node *pos;
	struct proc *p;
	struct thread *t = NULL;

	memset(pi, 0, sizeof(*pi));
	tty_owner(&pi->tty_sid, &pi->tty_pgrp);
	spin_lock(&proc_lock);
	if (!(p = find_locked(pid))) {
		spin_unlock(&proc_lock);
		return -ESRCH;
	}
	pi->state = 'S';
	pi->utime = p->utime;
	pi->stime = p->stime;
	list_for_each(pos, &p->threads) {
		struct thread *th = list_entry(pos, struct thread, proc_node);

		if (!t || th->tid == p->pid)
			t = th;		/* the first, or the main thread */
		if (th->state != THREAD_SLEEPING)
			pi->state = 'R';
		pi->utime += th->utime;
		pi->stime += th->stime;
		pi->nthreads++;
	}
	pi->pid = p->pid;
	pi->ppid = p->parent ? p->parent->pid : 0;
	pi->pgid = p->pgid;
	pi->sid = p->sid;
	if (p->state == PROC_ZOMBIE)
		pi->state = 'Z';
	else if (p->stopped)
		pi->state = 'T';
	memcpy(pi->name, p->name, sizeof(pi->name));
	pi->cutime = p->cutime;
	pi->cstime = p->cstime;
	pi->start_ns = p->start_ns;
	pi->umask = p->umask;
	pi->make_it_fail = __atomic_load_n(&p->make_it_fail, __ATOMIC_RELAXED);
	if (p->state == PROC_ALIVE) {
		pi->cmd = p->cmd;
		proc_cmd_get(pi->cmd);
		if ((pi->vm = p->vm)) {
			vm_get(pi->vm);
			pi->vm_pages = pi->vm->pages;
		}
		if ((pi->cwd = p->cwd))
			inode_get(pi->cwd);
		spin_lock(&p->sig_lock);
		pi->blocked = t ? t->sigmask : 0;
		pi->pending = p->pending.set | (t ? t->pending.set : 0);
		action_sets(p, &pi->ignored, &pi->caught);
		spin_unlock(&p->sig_lock);
	}
	spin_unlock(&proc_lock);
	return 0;
}

void proc_info_put(struct proc_info *pi)
{
	proc_cmd_put(pi->cmd);
	if (pi->vm)
		vm_put(pi->vm);
	if (pi->cwd)
		inode_put(pi->cwd);
	memset(pi, 0, sizeof(*pi));
}

struct file *proc_file(int pid, int fd)
{
	struct file *f = NULL;
	struct proc *p;

	spin_lock(&proc_lock);
	if ((p = find_locked(pid)) && p->files)
		f = fd_get(p->files, fd);
	spin_unlock(&proc_lock);
	return f;
}
