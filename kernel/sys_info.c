/* System information and time system calls. */
#include "clock.h"
#include "arch/x86_64/percpu.h"
#include "errno.h"
#include "kmalloc.h"
#include "log.h"
#include "pmm.h"
#include "power.h"
#include "proc.h"
#include "random.h"
#include "sched.h"
#include "string.h"
#include "signal.h"
#include "syscall.h"
#include "thread.h"
#include "waitq.h"
#include "time.h"
#include "version.h"

#define CLOCK_REALTIME		0
#define CLOCK_MONOTONIC		1
#define CLOCK_MONOTONIC_RAW	4
#define CLOCK_REALTIME_COARSE	5
#define CLOCK_MONOTONIC_COARSE	6
#define CLOCK_BOOTTIME		7
#define UTS_LEN			65
#define TIMER_ABSTIME		1
#define USER_HZ			100	/* clock_t ticks (times, AT_CLKTCK) */

#define REBOOT_MAGIC1		0xfee1dead
#define REBOOT_MAGIC2		672274793
#define REBOOT_MAGIC2A		85072278
#define REBOOT_MAGIC2B		369367448
#define REBOOT_MAGIC2C		537993216
#define REBOOT_CMD_RESTART	0x01234567
#define REBOOT_CMD_HALT		0xcdef0123
#define REBOOT_CMD_CAD_ON	0x89abcdef
#define REBOOT_CMD_CAD_OFF	0x00000000
#define REBOOT_CMD_POWER_OFF	0x4321fedc
#define REBOOT_CMD_RESTART2	0xa1b2c3d4

#define SYSLOG_CLOSE		0
#define SYSLOG_OPEN		1
#define SYSLOG_READ_ALL		3
#define SYSLOG_CONSOLE_OFF	6
#define SYSLOG_CONSOLE_ON	7
#define SYSLOG_CONSOLE_LEVEL	8
#define SYSLOG_SIZE_UNREAD	9
#define SYSLOG_SIZE_BUFFER	10
#define LOG_SNAPSHOT		(64 * 1024)

struct utsname {
	char sysname[UTS_LEN], nodename[UTS_LEN], release[UTS_LEN];
	char version[UTS_LEN], machine[UTS_LEN], domainname[UTS_LEN];
};

struct sysinfo_user {			/* Linux's struct sysinfo, 64-bit */
	int64_t uptime;
	uint64_t loads[3];
	uint64_t totalram, freeram, sharedram, bufferram, totalswap, freeswap;
	uint16_t procs, pad;
	uint32_t pad2;
	uint64_t totalhigh, freehigh;
	uint32_t mem_unit;
	uint32_t pad3;
};

_Static_assert(sizeof(struct sysinfo_user) == 112, "struct sysinfo");

long sys_clock_gettime(int clock, uaddr_t tp)
{
	struct timespec_user ts;
	uint64_t ns;

	switch (clock) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
		ns = time_realtime_ns();
		break;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
		ns = time_ns();
		break;
	default:
		return -EINVAL;
	}
	ts.tv_sec = ns / NSEC_PER_SEC;
	ts.tv_nsec = ns % NSEC_PER_SEC;
	return copy_to_user(tp, &ts, sizeof(ts)) ? -EFAULT : 0;
}

/* Sleeps end at their deadline or on a signal; nothing else wakes
   this queue. */
static struct waitq sleep_wq = WAITQ_INIT(sleep_wq);

/* Sleep until deadline (time_ns). Interrupted, write the time left to
   rem (if not 0) and arrange for restart_syscall to go on. */
static long sleep_until(uint64_t deadline, uaddr_t rem)
{
	struct thread *t = thread_current();
	struct timespec_user ts;
	uint64_t now;

	while (waitq_wait_intr(&sleep_wq, NULL, deadline) == 0)
		;
	now = time_ns();
	if (now >= deadline)
		return 0;
	if (rem) {
		ts.tv_sec = (deadline - now) / NSEC_PER_SEC;
		ts.tv_nsec = (deadline - now) % NSEC_PER_SEC;
		if (copy_to_user(rem, &ts, sizeof(ts)))
			return -EFAULT;
	}
	t->restart_deadline = deadline;
	t->restart_rem = rem;
	return -ERESTART_RESTARTBLOCK;
}

long sys_nanosleep(uaddr_t req, uaddr_t rem)
{
	uint64_t deadline;
	long err = time_deadline_from_user(req, 0, 0, &deadline);

	return err ? err : sleep_until(deadline, rem);
}

long sys_clock_nanosleep(int clock, int flags, uaddr_t req, uaddr_t rem)
{
	uint64_t deadline;
	long err;

	if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC &&
	    clock != CLOCK_BOOTTIME)
		return clock == CLOCK_MONOTONIC_RAW || clock < 0 ? -EINVAL :
		       -EOPNOTSUPP;
	err = time_deadline_from_user(req, clock == CLOCK_REALTIME, flags & TIMER_ABSTIME,
			  &deadline);
	if (err)
		return err;
	if (flags & TIMER_ABSTIME) {
		/* The same call restarts: no time left to report. */
		err = sleep_until(deadline, 0);
		return err == -ERESTART_RESTARTBLOCK ? -ERESTARTNOHAND : err;
	}
	return sleep_until(deadline, rem);
}

long sys_restart_syscall(void)
{
	struct thread *t = thread_current();

	return sleep_until(t->restart_deadline, t->restart_rem);
}

long sys_uname(uaddr_t buf)
{
	struct utsname u;

	memset(&u, 0, sizeof(u));
	/* Linux's identity: programs (glibc among them) check the name and
	   the release to pick their system-call paths. */
	strlcpy(u.sysname, KERNEL_SYSNAME, UTS_LEN);
	strlcpy(u.nodename, "localhost", UTS_LEN);
	strlcpy(u.release, KERNEL_RELEASE, UTS_LEN);
	strlcpy(u.version, KERNEL_VERSION, UTS_LEN);
	strlcpy(u.machine, "x86_64", UTS_LEN);
	strlcpy(u.domainname, "(none)", UTS_LEN);
	return copy_to_user(buf, &u, sizeof(u)) ? -EFAULT : 0;
}

/* time(2): the seconds since the epoch, also stored at tloc if not 0. */
long sys_time(uaddr_t tloc)
{
	int64_t now = time_realtime_ns() / NSEC_PER_SEC;

	if (tloc && copy_to_user(tloc, &now, sizeof(now)))
		return -EFAULT;
	return now;
}

#define GRND_NONBLOCK	1
#define GRND_RANDOM	2
#define GRND_INSECURE	4
#define GETRANDOM_MAX	33554431	/* Linux's most per call */

long sys_getrandom(uaddr_t buf, size_t len, unsigned int flags)
{
	uint8_t chunk[256];
	size_t done = 0, k;

	if ((flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE)) ||
	    (flags & (GRND_RANDOM | GRND_INSECURE)) ==
	    (GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	if (len > GETRANDOM_MAX)
		len = GETRANDOM_MAX;
	while (done < len) {
		k = len - done < sizeof(chunk) ? len - done : sizeof(chunk);
		random_bytes(chunk, k);
		if (copy_to_user(buf + done, chunk, k))
			return done ? (long)done : -EFAULT;
		done += k;
		if (signal_pending() && done < len)
			break;			/* as Linux: a short read */
	}
	return done;
}

long sys_sysinfo(uaddr_t info)
{
	struct sysinfo_user si;
	int i;

	memset(&si, 0, sizeof(si));
	si.uptime = time_ns() / NSEC_PER_SEC;
	si.totalram = pmm_total_pages() * PAGE_SIZE;
	si.freeram = pmm_free_pages_count() * PAGE_SIZE;
	si.procs = proc_count();
	sched_loadavg(si.loads);
	for (i = 0; i < 3; i++)		/* SI_LOAD_SHIFT: 16 bits of fraction */
		si.loads[i] <<= 16 - LOAD_SHIFT;
	si.mem_unit = 1;
	return copy_to_user(info, &si, sizeof(si)) ? -EFAULT : 0;
}

long sys_getrlimit(int resource, uaddr_t rlim)
{
	struct rlimit64 r;
	int err = proc_prlimit(0, resource, NULL, &r);

	if (err)
		return err;
	return copy_to_user(rlim, &r, sizeof(r)) ? -EFAULT : 0;
}

long sys_setrlimit(int resource, uaddr_t rlim)
{
	struct rlimit64 r;

	if (copy_from_user(&r, rlim, sizeof(r)))
		return -EFAULT;
	return proc_prlimit(0, resource, &r, NULL);
}

long sys_prlimit64(int pid, int resource, uaddr_t new_limit, uaddr_t old_limit)
{
	struct rlimit64 new, old;
	int err;

	if (new_limit && copy_from_user(&new, new_limit, sizeof(new)))
		return -EFAULT;
	err = proc_prlimit(pid, resource, new_limit ? &new : NULL, &old);
	if (err)
		return err;
	if (old_limit && copy_to_user(old_limit, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

/* reboot(2): Linux's magic numbers. Everything runs as root. */
long sys_reboot(int magic1, int magic2, unsigned int cmd, uaddr_t arg)
{
	if ((uint32_t)magic1 != REBOOT_MAGIC1 ||
	    (magic2 != REBOOT_MAGIC2 && magic2 != REBOOT_MAGIC2A &&
	     magic2 != REBOOT_MAGIC2B && magic2 != REBOOT_MAGIC2C))
		return -EINVAL;
	switch (cmd) {
	case REBOOT_CMD_RESTART:
	case REBOOT_CMD_RESTART2:
		power_restart();
	case REBOOT_CMD_HALT:
		power_halt();
	case REBOOT_CMD_POWER_OFF:
		power_off();
	case REBOOT_CMD_CAD_ON:
	case REBOOT_CMD_CAD_OFF:
		power_set_ctrl_alt_del(cmd == REBOOT_CMD_CAD_ON);
		return 0;
	default:
		return -EINVAL;
	}
}

/* syslog(2), as dmesg uses it: the whole log or its size. */
long sys_syslog(int type, uaddr_t buf, int len)
{
	char *snap;
	size_t n, k;

	switch (type) {
	case SYSLOG_CLOSE:
	case SYSLOG_OPEN:
	case SYSLOG_CONSOLE_OFF:
	case SYSLOG_CONSOLE_ON:
	case SYSLOG_CONSOLE_LEVEL:
		return 0;
	case SYSLOG_SIZE_UNREAD:
		return 0;
	case SYSLOG_SIZE_BUFFER:
		return LOG_SNAPSHOT;
	case SYSLOG_READ_ALL:
		break;
	default:
		return -EINVAL;
	}
	if (len < 0 || (len && !buf))
		return -EINVAL;
	if (!(snap = kmalloc(LOG_SNAPSHOT)))
		return -ENOMEM;
	n = log_read(snap, LOG_SNAPSHOT);
	k = n < (size_t)len ? n : (size_t)len;	/* the newest k bytes */
	if (copy_to_user(buf, snap + n - k, k))
		k = -EFAULT;
	kfree(snap);
	return k;
}

long sys_times(uaddr_t buf)
{
	struct proc *p = proc_current();
	uint64_t utime, stime;
	int64_t tms[4];

	proc_cpu_times(p, &utime, &stime);
	tms[0] = utime * USER_HZ / HZ;
	tms[1] = stime * USER_HZ / HZ;
	tms[2] = p->cutime * USER_HZ / HZ;
	tms[3] = p->cstime * USER_HZ / HZ;

	if (buf && copy_to_user(buf, tms, sizeof(tms)))
		return -EFAULT;
	return time_ns() / (NSEC_PER_SEC / USER_HZ);
}

/* Every thread may run on every online CPU. Linux's rules: len must
   hold the CPU mask and be a multiple of a long; returns the bytes
   written. */
/* The CPU the caller runs on (already perhaps another when it looks),
   and its NUMA node: there is one, 0. */
long sys_getcpu(uaddr_t cpu, uaddr_t node, uaddr_t cache)
{
	uint32_t id = __atomic_load_n(&this_cpu()->id, __ATOMIC_RELAXED);
	uint32_t zero = 0;

	if ((cpu && copy_to_user(cpu, &id, sizeof(id))) ||
	    (node && copy_to_user(node, &zero, sizeof(zero))))
		return -EFAULT;
	return 0;
}

long sys_sched_getaffinity(int pid, size_t len, uaddr_t mask)
{
	uint64_t bits = 0;
	int i;

	if ((uint32_t)len * 8 < (size_t)ncpus || (uint32_t)len % sizeof(long))
		return -EINVAL;		/* Linux's len is an unsigned int */
	if (pid < 0 || (pid && !proc_id_exists(pid)))	/* a tid too */
		return -ESRCH;
	for (i = 0; i < ncpus; i++)
		if (cpus[i] && cpus[i]->online)
			bits |= 1ULL << i;
	if (copy_to_user(mask, &bits, sizeof(bits)))
		return -EFAULT;
	return sizeof(bits);
}
