/* System information and time system calls. */
#include "clock.h"
#include "errno.h"
#include "pmm.h"
#include "proc.h"
#include "sched.h"
#include "string.h"
#include "syscall.h"
#include "time.h"

#define CLOCK_REALTIME		0
#define CLOCK_MONOTONIC		1
#define CLOCK_MONOTONIC_RAW	4
#define CLOCK_REALTIME_COARSE	5
#define CLOCK_MONOTONIC_COARSE	6
#define CLOCK_BOOTTIME		7
#define UTS_LEN			65

struct timespec_user {
	int64_t tv_sec;
	int64_t tv_nsec;
};

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

long sys_nanosleep(uaddr_t req, uaddr_t rem)
{
	struct timespec_user ts;
	uint64_t ns, end, now;

	if (copy_from_user(&ts, req, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= (int64_t)NSEC_PER_SEC)
		return -EINVAL;
	ns = ts.tv_sec > (int64_t)(UINT64_MAX / NSEC_PER_SEC / 2) ? UINT64_MAX / 2 :
	     ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
	end = time_ns() + ns;
	while ((now = time_ns()) < end) {
		if (proc_current()->killed) {
			if (rem) {
				ts.tv_sec = (end - now) / NSEC_PER_SEC;
				ts.tv_nsec = (end - now) % NSEC_PER_SEC;
				if (copy_to_user(rem, &ts, sizeof(ts)))
					return -EFAULT;
			}
			return -EINTR;
		}
		sleep_ns(end - now);
	}
	return 0;
}

long sys_uname(uaddr_t buf)
{
	struct utsname u;

	memset(&u, 0, sizeof(u));
	/* Linux's identity: programs (glibc among them) check the name and
	   the release to pick their system-call paths. */
	strlcpy(u.sysname, "Linux", UTS_LEN);
	strlcpy(u.nodename, "localhost", UTS_LEN);
	strlcpy(u.release, "6.1.0", UTS_LEN);
	strlcpy(u.version, "#1 SMP UEFI x86_64 kernel", UTS_LEN);
	strlcpy(u.machine, "x86_64", UTS_LEN);
	strlcpy(u.domainname, "(none)", UTS_LEN);
	return copy_to_user(buf, &u, sizeof(u)) ? -EFAULT : 0;
}

long sys_sysinfo(uaddr_t info)
{
	struct sysinfo_user si;

	memset(&si, 0, sizeof(si));
	si.uptime = time_ns() / NSEC_PER_SEC;
	si.totalram = pmm_total_pages() * PAGE_SIZE;
	si.freeram = pmm_free_pages_count() * PAGE_SIZE;
	si.procs = proc_count();
	si.mem_unit = 1;
	return copy_to_user(info, &si, sizeof(si)) ? -EFAULT : 0;
}

#define RLIMIT_STACK	3
#define RLIMIT_NOFILE	7
#define RLIM_NLIMITS	16
#define RLIM_INFINITY	(~0ULL)

struct rlimit_user {
	uint64_t cur, max;
};

/* The limits in force. Fixed for now: the stack's and the descriptor
   table's are what the kernel enforces; setting limits comes with the
   resource-limit work. */
static void limit_of(int resource, struct rlimit_user *r)
{
	r->cur = r->max = RLIM_INFINITY;
	if (resource == RLIMIT_STACK)
		r->cur = 8UL << 20;
	if (resource == RLIMIT_NOFILE)
		r->cur = r->max = 1024;
}

long sys_getrlimit(int resource, uaddr_t rlim)
{
	struct rlimit_user r;

	if (resource < 0 || resource >= RLIM_NLIMITS)
		return -EINVAL;
	limit_of(resource, &r);
	return copy_to_user(rlim, &r, sizeof(r)) ? -EFAULT : 0;
}

long sys_prlimit64(int pid, int resource, uaddr_t new_limit, uaddr_t old_limit)
{
	struct rlimit_user r;

	if (resource < 0 || resource >= RLIM_NLIMITS)
		return -EINVAL;
	if (pid != 0 && pid != proc_current()->pid)
		return -ESRCH;		/* other processes' limits: not yet */
	if (new_limit)
		return -EPERM;		/* changing limits: not yet */
	limit_of(resource, &r);
	if (old_limit && copy_to_user(old_limit, &r, sizeof(r)))
		return -EFAULT;
	return 0;
}
