/* Process system calls: decode and check, then proc.c / exec.c. */
#include "arch/x86_64/vmlayout.h"
#include "errno.h"
#include "exec.h"
#include "proc.h"
#include "signal.h"
#include "string.h"
#include "sched.h"
#include "syscall.h"
#include "thread.h"
#include "time.h"

#define CSIGNAL		0x000000ff
#define CLONE_VM	0x00000100
#define CLONE_FS	0x00000200
#define CLONE_FILES	0x00000400
#define CLONE_SIGHAND	0x00000800
#define CLONE_VFORK	0x00004000
#define CLONE_THREAD	0x00010000
#define CLONE_NEWNS	0x00020000
#define CLONE_SYSVSEM	0x00040000
#define CLONE_SETTLS	0x00080000
#define CLONE_PARENT_SETTID	0x00100000
#define CLONE_CHILD_CLEARTID	0x00200000
#define CLONE_DETACHED	0x00400000
#define CLONE_CHILD_SETTID	0x01000000
#define CSIGNAL		0x000000ff	/* the signal sent at exit */
/* What clone takes. CLONE_SYSVSEM: there are no System V semaphores to
   share; CLONE_DETACHED: ignored, as on Linux. */
#define CLONE_KNOWN	(CSIGNAL | CLONE_VM | CLONE_FS | CLONE_FILES | \
			 CLONE_SIGHAND | CLONE_VFORK | CLONE_THREAD | \
			 CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID | \
			 CLONE_CHILD_CLEARTID | CLONE_DETACHED | \
			 CLONE_CHILD_SETTID)

long sys_getpid(void)
{
	return proc_current()->pid;
}

long sys_gettid(void)
{
	return thread_current()->tid;
}

long sys_getppid(void)
{
	struct proc *parent = proc_current()->parent;

	return parent ? parent->pid : 0;
}

long sys_fork(void)
{
	struct fork_opts o = { 0 };

	return proc_fork(syscall_frame(), &o);
}

long sys_vfork(void)
{
	struct fork_opts o = { .vfork = 1, .share_vm = 1 };

	return proc_fork(syscall_frame(), &o);
}

long sys_clone(unsigned long flags, uaddr_t newsp, uaddr_t parent_tid,
	       uaddr_t child_tid, unsigned long tls)
{
	struct fork_opts o = {
		.newsp = newsp,
		.vfork = (flags & CLONE_VFORK) != 0,
		.child_tid = flags & CLONE_CHILD_SETTID ? child_tid : 0,
		.clear_tid = flags & CLONE_CHILD_CLEARTID ? child_tid : 0,
		.settls = (flags & CLONE_SETTLS) != 0,
		.tls = tls,
		.parent_tid = flags & CLONE_PARENT_SETTID ? parent_tid : 0,
		.share_vm = (flags & CLONE_VM) != 0,
	};

	/* Linux's rules first (copy_process). */
	if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND))
		return -EINVAL;
	if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM))
		return -EINVAL;
	if (!(flags & CLONE_THREAD) && (flags & CSIGNAL) > NSIG)
		return -EINVAL;
	/* Namespaces, ptrace, CLONE_PARENT and the like are not here. */
	if (flags & ~(unsigned long)CLONE_KNOWN)
		return -EINVAL;
	/* A TLS base must be a user address (as arch_prctl's): loading a
	   non-canonical one would fault in the kernel. */
	if ((flags & CLONE_SETTLS) && tls >= USER_TOP)
		return -EPERM;
	if (flags & CLONE_THREAD) {
		/* A thread shares descriptors and directory, being in the
		   same process; Linux would let it have copies. */
		if ((flags & (CLONE_FILES | CLONE_FS)) !=
		    (CLONE_FILES | CLONE_FS))
			return -EINVAL;
		return proc_clone_thread(syscall_frame(), &o);
	}
	/* A new process: signal actions, descriptors and the directory
	   are copied, never shared (Linux could share them). */
	if (flags & (CLONE_SIGHAND | CLONE_FILES | CLONE_FS))
		return -EINVAL;
	return proc_fork(syscall_frame(), &o);
}

long sys_execve(uaddr_t path, uaddr_t argv, uaddr_t envp)
{
	return exec_user(syscall_frame(), path, argv, envp);
}

long sys_exit(int status)
{
	proc_thread_exit((status & 0xff) << 8);
}

long sys_exit_group(int status)
{
	proc_exit((status & 0xff) << 8);
}

#define WNOHANG		0x00000001
#define WUNTRACED	0x00000002
#define WEXITED		0x00000004
#define WCONTINUED	0x00000008
#define WNOWAIT		0x01000000
#define WKERNEL		0xe0000000u	/* __WNOTHREAD, __WALL, __WCLONE */
#define P_ALL		0
#define P_PID		1
#define P_PGID		2
#define RUSAGE_SIZE	144
#define RUSAGE_SELF	0
#define RUSAGE_CHILDREN	(-1)
#define RUSAGE_THREAD	1

/* Write a struct rusage with these CPU times (ticks); the rest zero. */
static int put_rusage(uaddr_t ru, uint64_t utime, uint64_t stime)
{
	int64_t r[RUSAGE_SIZE / 8] = { 0 };

	r[0] = utime / HZ;			/* ru_utime, a timeval */
	r[1] = utime % HZ * (1000000 / HZ);
	r[2] = stime / HZ;			/* ru_stime */
	r[3] = stime % HZ * (1000000 / HZ);
	return copy_to_user(ru, r, sizeof(r)) ? -EFAULT : 0;
}

long sys_getrusage(int who, uaddr_t ru)
{
	struct proc *p = proc_current();
	struct thread *t = thread_current();

	uint64_t utime, stime;

	if (who == RUSAGE_THREAD)
		return put_rusage(ru, t->utime, t->stime);
	if (who == RUSAGE_SELF) {
		proc_cpu_times(p, &utime, &stime);
		return put_rusage(ru, utime, stime);
	}
	if (who == RUSAGE_CHILDREN)
		return put_rusage(ru, p->cutime, p->cstime);
	return -EINVAL;
}

long sys_wait4(int pid, uaddr_t ustatus, int options, uaddr_t rusage)
{
	struct wait_result res;
	int ret;

	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | WKERNEL))
		return -EINVAL;
	if (pid == INT32_MIN)
		return -ESRCH;		/* -pid would overflow (Linux: ESRCH) */
	ret = proc_wait(pid, options | WEXITED, &res);
	if (ret > 0 && ustatus &&
	    copy_to_user(ustatus, &res.status, sizeof(res.status)))
		return -EFAULT;
	if (ret > 0 && rusage && put_rusage(rusage, res.utime, res.stime))
		return -EFAULT;
	return ret;
}

long sys_waitid(int idtype, int id, uaddr_t infop, int options, uaddr_t rusage)
{
	struct wait_result res;
	struct ksiginfo info;
	int pid, ret;

	if (options & ~(WNOHANG | WUNTRACED | WEXITED | WCONTINUED | WNOWAIT |
			WKERNEL))
		return -EINVAL;
	if (!(options & (WUNTRACED | WEXITED | WCONTINUED)))
		return -EINVAL;
	switch (idtype) {
	case P_ALL:
		pid = -1;
		break;
	case P_PID:
		if (id <= 0)
			return -EINVAL;
		pid = id;
		break;
	case P_PGID:
		if (id < 0)
			return -EINVAL;
		pid = id ? -id : 0;	/* 0: the caller's group (Linux 5.4) */
		break;
	default:
		return -EINVAL;
	}
	ret = proc_wait(pid, options, &res);
	if (ret < 0)
		return ret;
	/* Nothing yet (WNOHANG): Linux clears the fields it fills. */
	memset(&info, 0, sizeof(info));
	if (ret > 0) {
		info.signo = SIGCHLD;
		info.code = res.code;
		info.chld.pid = res.pid;
		info.chld.status = res.si_status;
	}
	if (infop && copy_to_user(infop, &info, 32))
		return -EFAULT;
	if (rusage && (ret > 0 ? put_rusage(rusage, res.utime, res.stime) :
		       clear_user(rusage, RUSAGE_SIZE)))
		return -EFAULT;
	return 0;
}

long sys_kill(int pid, int sig)
{
	if (pid == INT32_MIN)
		return -ESRCH;		/* as Linux: -pid would overflow */
	return proc_kill(pid, sig, NULL);
}

long sys_sched_yield(void)
{
	sched_yield();
	return 0;
}

#define ROBUST_HEAD_SIZE	24	/* struct robust_list_head */
#define PR_SET_NAME		15
#define PR_GET_NAME		16

long sys_set_robust_list(uaddr_t head, size_t len)
{
	if (len != ROBUST_HEAD_SIZE)
		return -EINVAL;
	thread_current()->robust_list = head;
	return 0;
}

long sys_get_robust_list(int pid, uaddr_t head, uaddr_t len)
{
	uint64_t h = thread_current()->robust_list, n = ROBUST_HEAD_SIZE;

	struct proc_info pi;

	if (pid && pid != proc_current()->pid) {
		if (proc_info(pid, &pi))
			return -ESRCH;
		proc_info_put(&pi);
		return -EPERM;		/* no ptrace here */
	}
	if (copy_to_user(head, &h, sizeof(h)) ||
	    copy_to_user(len, &n, sizeof(n)))
		return -EFAULT;
	return 0;
}

/* prctl: the calling process's name; other options are not there. */
long sys_prctl(int option, unsigned long arg2, unsigned long arg3,
	       unsigned long arg4, unsigned long arg5)
{
	char name[PROC_NAME_MAX];
	struct proc_info pi;
	long n;

	switch (option) {
	case PR_SET_NAME:
		n = strncpy_from_user(name, arg2, sizeof(name));
		if (n == -ENAMETOOLONG) {	/* Linux truncates */
			if (copy_from_user(name, arg2, sizeof(name) - 1))
				return -EFAULT;
			name[sizeof(name) - 1] = 0;
		} else if (n < 0) {
			return n;
		}
		proc_set_name(proc_current(), name);
		return 0;
	case PR_GET_NAME:
		if ((n = proc_info(proc_current()->pid, &pi)))
			return n;
		memcpy(name, pi.name, sizeof(name));
		proc_info_put(&pi);
		return copy_to_user(arg2, name, sizeof(name)) ? -EFAULT : 0;
	default:
		return -EINVAL;
	}
}

long sys_set_tid_address(uaddr_t tidptr)
{
	thread_current()->clear_child_tid = tidptr;
	return thread_current()->tid;
}

long sys_getpriority(int which, int who)
{
	return proc_priority(which, who, NULL);
}

long sys_setpriority(int which, int who, int prio)
{
	return proc_priority(which, who, &prio);
}

long sys_getuid(void)
{
	return 0;
}

long sys_geteuid(void)
{
	return 0;
}

long sys_getgid(void)
{
	return 0;
}

long sys_getegid(void)
{
	return 0;
}

long sys_setpgid(int pid, int pgid)
{
	return proc_setpgid(pid, pgid);
}

long sys_getpgid(int pid)
{
	return proc_getpgid(pid);
}

long sys_getpgrp(void)
{
	return proc_getpgid(0);
}

long sys_setsid(void)
{
	return proc_setsid();
}

long sys_getsid(int pid)
{
	return proc_getsid(pid);
}
