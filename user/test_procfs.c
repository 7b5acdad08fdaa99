/*
 * test_procfs: the subset of Linux's /proc this kernel provides, with
 * Linux's exact formats: /proc/self; per process stat, status, cmdline,
 * comm, exe, cwd, fd/ and maps; meminfo, uptime, loadavg, cpuinfo, stat,
 * version and mounts; how these files read (a byte at a time, after a
 * seek) and that they cannot be written; the listing of /proc itself.
 *
 * Each case runs in a forked child (test.h), so /proc/self is a process
 * the harness made a moment ago, with the harness's argv. The other
 * processes are the case's children: asleep in pause(), stopped by
 * SIGSTOP, dead and not yet reaped. Every case passes on a host Linux,
 * as root and as an ordinary user.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "test.h"

#define BUF_SIZE	(128 * 1024)	/* the longest /proc file read whole */
#define COMM_LEN	15		/* Linux's TASK_COMM_LEN less the NUL */
#define STAT_FIELDS	44		/* the fewest /proc/[pid]/stat fields */
#define STATE_WAIT_MS	1000		/* for a child to reach a state */
#define SPIN_MS		300		/* CPU burnt for utime to grow */
#define MAX_FDS		1024		/* descriptors compared with fd/ */
#define TOUCH_PAGES	512		/* for stat's rss to count them */
#define BIT(sig)	(1ull << ((sig) - 1))	/* in a status mask */

int main(int argc, char **argv);	/* its address is in the code */

static int saved_argc;
static char **saved_argv;
static char buf[BUF_SIZE], buf2[BUF_SIZE];

/* Read all of path into b (NUL-terminated); returns its length. */
static size_t slurp(const char *path, char *b, size_t size)
{
	int fd = open(path, O_RDONLY);
	size_t n;

	if (fd < 0)
		test_fail("open %s: %s", path, strerror(errno));
	n = read_full(fd, b, size - 1);
	if (n == size - 1)
		test_fail("%s is longer than %zu bytes", path, size - 2);
	close(fd);
	b[n] = 0;
	return n;
}

/* The line of text that starts with prefix, or NULL. */
static const char *find_line(const char *text, const char *prefix)
{
	const char *p = text;

	while (strncmp(p, prefix, strlen(prefix))) {
		p = strchr(p, '\n');
		if (!p)
			return NULL;
		p++;
	}
	return p;
}

/* An unsigned decimal at *p (which moves past it); fails if none. */
static unsigned long long number(const char **p, const char *what)
{
	unsigned long long v = 0;

	if (**p < '0' || **p > '9')
		test_fail("%s: no number at \"%.20s\"", what, *p);
	while (**p >= '0' && **p <= '9')
		v = v * 10 + (*(*p)++ - '0');
	return v;
}

/* The line "<prefix><spaces><number><suffix>" of text: the number. */
static unsigned long long line_num(const char *text, const char *prefix,
				   const char *suffix)
{
	const char *p = find_line(text, prefix);
	unsigned long long v;

	if (!p)
		test_fail("no line \"%s\"", prefix);
	for (p += strlen(prefix); *p == ' '; p++)
		;
	v = number(&p, prefix);
	if (strncmp(p, suffix, strlen(suffix)) || p[strlen(suffix)] != '\n')
		test_fail("line \"%s\": \"%.20s\" after the number", prefix, p);
	return v;
}

/* text has the line "<prefix><rest>". */
static void check_line(const char *text, const char *prefix,
		       const char *rest)
{
	const char *p = find_line(text, prefix);

	if (!p || strncmp(p + strlen(prefix), rest, strlen(rest)) ||
	    p[strlen(prefix) + strlen(rest)] != '\n')
		test_fail("no line \"%s%s\" (but \"%.*s\")", prefix, rest,
			  p ? (int)strcspn(p, "\n") : 0, p ? p : "");
}

/* A signal mask line of status: exactly 16 hex digits. */
static uint64_t status_mask(const char *text, const char *prefix)
{
	const char *p = find_line(text, prefix);

	if (!p || strspn(p += strlen(prefix), "0123456789abcdef") != 16 ||
	    p[16] != '\n')
		test_fail("no line \"%s\" with 16 hex digits", prefix);
	return strtoull(p, NULL, 16);
}

/* What /proc/[pid]/stat says, fields numbered as in proc(5). */
struct pstat {
	long long pid, f[64];	/* f[4] = ppid, ... */
	char comm[COMM_LEN + 1], state;
	int nf;			/* how many fields in all */
};

enum { PPID = 4, PGRP, SESSION, UTIME = 14, STIME, THREADS = 20,
       STARTTIME = 22, VSIZE, RSS };

/* Parse path, a stat file, into ps, checking its format: "pid (comm) S"
   then numbers, one space apart, to the end of the line. comm may hold
   spaces and parentheses: it ends at the last ')'. */
static void read_stat(const char *path, struct pstat *ps)
{
	char text[1024], *p, *rp;
	unsigned long long v;

	slurp(path, text, sizeof(text));
	memset(ps, 0, sizeof(*ps));
	ps->pid = strtoll(text, &p, 10);
	rp = strrchr(text, ')');
	if (ps->pid <= 0 || strncmp(p, " (", 2) || !rp || rp < p + 2 ||
	    rp - p - 2 > COMM_LEN || rp[1] != ' ' || !rp[2] ||
	    !strchr("RSDTtZXIP", rp[2]) || rp[3] != ' ')
		test_fail("%s: \"%s\"", path, text);
	memcpy(ps->comm, p + 2, rp - p - 2);
	ps->state = rp[2];
	for (p = rp + 4, ps->nf = 4;; ps->nf++, p++) {
		if (*p != '-' && (*p < '0' || *p > '9'))
			test_fail("%s: field %d is \"%.20s\"", path, ps->nf, p);
		v = strtoull(p, &p, 10);	/* "-n" gives -n too */
		if (ps->nf < 64)
			ps->f[ps->nf] = (long long)v;
		if (*p != ' ')
			break;
	}
	if (strcmp(p, "\n") || ps->nf < STAT_FIELDS)
		test_fail("%s: %d fields, then \"%.20s\"", path, ps->nf, p);
}

static void proc_path(char *b, size_t size, pid_t pid, const char *file)
{
	snprintf(b, size, "/proc/%d/%s", (int)pid, file);
}

/* Poll /proc/pid/stat until its state letter is want. */
static void wait_state(pid_t pid, char want, struct pstat *ps)
{
	uint64_t end = test_now_ms() + STATE_WAIT_MS;
	char path[64];

	proc_path(path, sizeof(path), pid, "stat");
	for (read_stat(path, ps); ps->state != want; read_stat(path, ps)) {
		if (test_now_ms() > end)
			test_fail("%s: state %c after %d ms, expected %c",
				  path, ps->state, STATE_WAIT_MS, want);
		test_sleep_ms(1);
	}
}

/* A child asleep in pause() until killed, or until SIGALRM ends it
   after TEST_WAIT_SEC if a failed case left it behind. */
static pid_t pauser(void)
{
	pid_t pid = test_fork();

	if (pid == 0) {
		alarm(TEST_WAIT_SEC);
		for (;;)
			pause();
	}
	return pid;
}

static void kill_and_reap(pid_t pid)
{
	CHECK_OK(kill(pid, SIGKILL));
	CHECK_SIGNALED(test_wait(pid), SIGKILL);
}

static void readlink_str(const char *path, char *b, size_t size)
{
	ssize_t n = readlink(path, b, size - 1);

	if (n < 0)
		test_fail("readlink %s: %s", path, strerror(errno));
	b[n] = 0;
}

/* The string what is want. */
static void check_str(const char *what, const char *got, const char *want)
{
	if (strcmp(got, want))
		test_fail("%s is \"%s\", expected \"%s\"", what, got, want);
}

/* Paths a and b lead to the same file. */
static void check_same(const char *a, const char *b)
{
	struct stat sa, sb;

	CHECK_OK(stat(a, &sa));
	CHECK_OK(stat(b, &sb));
	if (sa.st_ino != sb.st_ino || sa.st_dev != sb.st_dev)
		test_fail("%s and %s are not the same file", a, b);
}

/* comm as Linux makes it: argv[0] (the path run) after its last '/',
   cut to COMM_LEN, then end (the "\n" of the comm file, or ""). */
static void own_comm(char *b, size_t size, const char *end)
{
	const char *slash = strrchr(saved_argv[0], '/');

	snprintf(b, size, "%.*s%s", COMM_LEN,
		 slash ? slash + 1 : saved_argv[0], end);
}

/* The seconds since boot, by CLOCK_BOOTTIME (what /proc/uptime counts,
   suspended time included). */
static double boottime(void)
{
	struct timespec ts;

	CHECK_OK(clock_gettime(CLOCK_BOOTTIME, &ts));
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* /proc/self links to the caller's pid: the case's process, a child. */
static void self_is_the_caller(void)
{
	char link[32], want[32];
	struct stat st;
	pid_t pid;

	readlink_str("/proc/self", link, sizeof(link));
	snprintf(want, sizeof(want), "%d", (int)getpid());
	check_str("/proc/self", link, want);
	CHECK(lstat("/proc/self", &st) == 0 && S_ISLNK(st.st_mode));
	CHECK(stat("/proc/self", &st) == 0 && S_ISDIR(st.st_mode));
	proc_path(want, sizeof(want), getpid(), "");
	check_same("/proc/self", want);
	pid = test_fork();
	if (pid == 0) {
		readlink_str("/proc/self", link, sizeof(link));
		_exit(atoi(link) == getpid() ? 0 : 1);
	}
	CHECK_EXITED(test_wait(pid), 0);
}

/* Our own stat: ids, comm, the state of a reader, one thread, a start
   time of a moment ago (the harness forked this case just now), memory.
   Linux counts stat's resident pages per CPU, adding them up in batches
   of 32 or more pages, so that a small process may read 0: touching
   TOUCH_PAGES new pages first makes them seen. */
static void stat_of_self(void)
{
	long tck = sysconf(_SC_CLK_TCK);
	double now = boottime();
	char comm[COMM_LEN + 1];
	struct pstat ps;
	char *mem;
	int i;

	mem = mmap(NULL, TOUCH_PAGES * TEST_PAGE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(mem != MAP_FAILED);
	for (i = 0; i < TOUCH_PAGES; i++)
		mem[i * TEST_PAGE] = 1;
	read_stat("/proc/self/stat", &ps);
	CHECK_EQ(ps.pid, getpid());
	own_comm(comm, sizeof(comm), "");
	check_str("comm", ps.comm, comm);
	CHECK(ps.state == 'R' || ps.state == 'S');
	CHECK_EQ(ps.f[PPID], getppid());
	CHECK_EQ(ps.f[PGRP], getpgrp());
	CHECK_EQ(ps.f[SESSION], getsid(0));
	CHECK_EQ(ps.f[THREADS], 1);
	CHECK(ps.f[STARTTIME] <= (long long)(boottime() * tck) + 1);
	CHECK(ps.f[STARTTIME] >= (long long)((now - 2) * tck));
	CHECK(ps.f[VSIZE] > 0);
	CHECK(ps.f[RSS] > 0);
}

/* utime + stime grows by a tick or more while the process spins for
   SPIN_MS, and by no more than the wall time that passed. */
static void stat_counts_cpu_time(void)
{
	long tck = sysconf(_SC_CLK_TCK);
	volatile unsigned long spin = 0;
	struct pstat before, after;
	uint64_t start = test_now_ms(), end;
	long long used;

	read_stat("/proc/self/stat", &before);
	while (test_now_ms() < start + SPIN_MS)
		spin++;
	read_stat("/proc/self/stat", &after);
	end = test_now_ms();
	used = after.f[UTIME] + after.f[STIME] - before.f[UTIME] -
	       before.f[STIME];
	if (used < 1 || used > (long long)((end - start) * tck / 1000) + 2)
		test_fail("utime+stime grew by %lld ticks in %llu ms (%ld/s)",
			  used, (unsigned long long)(end - start), tck);
}

/* A child as the other processes see it: S asleep in pause(), T
   stopped, Z dead and not reaped, whose cmdline is then empty. */
static void stat_of_children(void)
{
	pid_t pid = pauser();
	char path[64];
	struct pstat ps;
	int st;

	proc_path(path, sizeof(path), pid, "status");
	wait_state(pid, 'S', &ps);
	CHECK(ps.pid == pid && ps.f[PPID] == getpid());
	slurp(path, buf, BUF_SIZE);
	check_line(buf, "State:\t", "S (sleeping)");
	CHECK_OK(kill(pid, SIGSTOP));
	CHECK(waitpid(pid, &st, WUNTRACED) == pid && WIFSTOPPED(st));
	wait_state(pid, 'T', &ps);
	slurp(path, buf, BUF_SIZE);
	check_line(buf, "State:\t", "T (stopped)");
	CHECK_OK(kill(pid, SIGKILL));
	wait_state(pid, 'Z', &ps);
	CHECK_EQ(ps.f[PPID], getpid());
	slurp(path, buf, BUF_SIZE);
	check_line(buf, "State:\t", "Z (zombie)");
	proc_path(path, sizeof(path), pid, "cmdline");
	CHECK_EQ(slurp(path, buf, BUF_SIZE), 0);
	CHECK_SIGNALED(test_wait(pid), SIGKILL);
}

static void sig_handler(int sig)
{
}

/* Our own status: name, state, ids, memory, and the signal masks, as
   rt_sigprocmask and rt_sigaction tell them for every signal, with
   SIGUSR1 blocked, SIGUSR2 ignored and SIGTERM caught. */
static void status_of_self(void)
{
	struct { uintptr_t handler, flags, restorer; uint64_t mask; } ka;
	struct sigaction sa = { .sa_handler = sig_handler };
	uint64_t blk = 0, ign = 0, cgt = 0;
	struct pstat ps;
	char ids[64];
	sigset_t set;
	int sig;

	CHECK_OK(sigaction(SIGTERM, &sa, NULL));
	CHECK(signal(SIGUSR2, SIG_IGN) != SIG_ERR);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	CHECK_OK(sigprocmask(SIG_BLOCK, &set, NULL));
	CHECK_OK(syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, &blk, 8));
	for (sig = 1; sig <= 64; sig++) {
		CHECK_OK(syscall(SYS_rt_sigaction, sig, NULL, &ka, 8));
		if (ka.handler == (uintptr_t)SIG_IGN)
			ign |= BIT(sig);
		else if (ka.handler != (uintptr_t)SIG_DFL)
			cgt |= BIT(sig);
	}
	CHECK((blk & BIT(SIGUSR1)) && (ign & BIT(SIGUSR2)) &&
	      (cgt & BIT(SIGTERM)));

	read_stat("/proc/self/stat", &ps);
	slurp("/proc/self/status", buf, BUF_SIZE);
	CHECK(buf == find_line(buf, "Name:\t"));	/* the first line */
	check_line(buf, "Name:\t", ps.comm);
	check_line(buf, "State:\t", find_line(buf, "State:\tR") ?
		   "R (running)" : "S (sleeping)");
	CHECK_EQ(line_num(buf, "Tgid:\t", ""), getpid());
	CHECK_EQ(line_num(buf, "Pid:\t", ""), getpid());
	CHECK_EQ(line_num(buf, "PPid:\t", ""), getppid());
	/* Real, effective, saved and file system ids: the first two. */
	snprintf(ids, sizeof(ids), "Uid:\t%u\t%u\t", getuid(), geteuid());
	CHECK(find_line(buf, ids));
	snprintf(ids, sizeof(ids), "Gid:\t%u\t%u\t", getgid(), getegid());
	CHECK(find_line(buf, ids));
	CHECK_EQ(line_num(buf, "Threads:\t", ""), 1);
	CHECK_EQ(line_num(buf, "VmSize:\t", " kB") * 1024, ps.f[VSIZE]);
	CHECK(line_num(buf, "VmRSS:\t", " kB") > 0);
	CHECK_EQ(status_mask(buf, "SigBlk:\t"), blk);
	CHECK_EQ(status_mask(buf, "SigIgn:\t"), ign);
	CHECK_EQ(status_mask(buf, "SigCgt:\t"), cgt);
}

/* cmdline is our argv, each string ended by a NUL (the harness forks
   each case from the program as started); comm is the program's name. */
static void cmdline_and_comm(void)
{
	char comm[COMM_LEN + 2];
	size_t len = 0, n;
	int i;

	for (i = 0; i < saved_argc; i++) {
		n = strlen(saved_argv[i]) + 1;
		CHECK(len + n < BUF_SIZE);
		memcpy(buf2 + len, saved_argv[i], n);
		len += n;
	}
	n = slurp("/proc/self/cmdline", buf, BUF_SIZE);
	if (n != len || memcmp(buf, buf2, len))
		test_fail("cmdline is %zu bytes \"%s\"..., expected %zu",
			  n, buf, len);
	own_comm(comm, sizeof(comm), "\n");
	slurp("/proc/self/comm", buf, BUF_SIZE);
	check_str("/proc/self/comm", buf, comm);
}

/* exe leads to the running program (argv[0]), cwd to the directory. */
static void exe_and_cwd_links(void)
{
	char link[4096];

	readlink_str("/proc/self/exe", link, sizeof(link));
	CHECK(link[0] == '/');
	check_same(link, saved_argv[0]);
	check_same("/proc/self/exe", saved_argv[0]);
	CHECK_OK(chdir("/tmp"));
	readlink_str("/proc/self/cwd", link, sizeof(link));
	check_str("cwd after chdir /tmp", link, "/tmp");
	check_same("/proc/self/cwd", "/tmp");
	CHECK_OK(chdir("/"));
	readlink_str("/proc/self/cwd", link, sizeof(link));
	check_str("cwd after chdir /", link, "/");
}

/* The N of fd's link "pipe:[N]". */
static unsigned long long pipe_link(int fd)
{
	char path[64], link[64];
	char *p = link + 6;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	readlink_str(path, link, sizeof(link));
	if (strncmp(link, "pipe:[", 6) || !strspn(p, "0123456789") ||
	    strcmp(p + strspn(p, "0123456789"), "]"))
		test_fail("fd %d of a pipe links to \"%s\"", fd, link);
	return strtoull(p, NULL, 10);
}

/* fd/ lists exactly the open descriptors; each links to its file (by
   absolute path) or pipe; a closed one goes; opening one reopens the
   file. */
static void fd_directory(void)
{
	char name[] = "/tmp/test_procfs.XXXXXX", path[64], link[64];
	static char listed[MAX_FDS];
	int fd, p[2], again, i;
	struct stat a, b;
	struct dirent *de;
	const char *s;
	DIR *dir;

	fd = mkstemp(name);
	CHECK(fd >= 0);
	write_full(fd, "hello", 5);
	CHECK_OK(pipe(p));
	dir = opendir("/proc/self/fd");
	CHECK(dir);
	while ((de = readdir(dir))) {
		if (*(s = de->d_name) == '.')	/* "." and ".." */
			continue;
		i = number(&s, "fd entry");
		CHECK(!*s && i < MAX_FDS);
		listed[i] = 1;
	}
	for (i = 0; i < MAX_FDS; i++)	/* dir's own descriptor is open */
		if (listed[i] != (fcntl(i, F_GETFD) >= 0))
			test_fail("fd %d is %s but %s", i,
				  listed[i] ? "listed" : "not listed",
				  listed[i] ? "closed" : "open");
	closedir(dir);
	CHECK(listed[fd] && listed[p[0]] && listed[p[1]] && listed[1]);

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	readlink_str(path, link, sizeof(link));
	check_str(path, link, name);
	CHECK_EQ(pipe_link(p[0]), pipe_link(p[1]));	/* the same pipe */

	again = open(path, O_RDONLY);
	CHECK(again >= 0 && again != fd);
	CHECK_OK(fstat(fd, &a));
	CHECK_OK(fstat(again, &b));
	CHECK(a.st_ino == b.st_ino && a.st_dev == b.st_dev);
	CHECK(pread(again, link, 5, 0) == 5 && !memcmp(link, "hello", 5));
	close(again);

	CHECK_OK(close(fd));
	CHECK_ERR(lstat(path, &a), ENOENT);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", p[0]);
	CHECK_OK(close(p[0]));
	CHECK_ERR(lstat(path, &a), ENOENT);
	CHECK_OK(unlink(name));
}

/* One line of maps (in buf). */
struct map {
	unsigned long start, end;
	char perms[5];
	const char *line;
};

/* The maps line holding address addr. */
static struct map map_of(unsigned long addr)
{
	const char *p;
	struct map m;

	for (p = buf; *p; p = strchr(p, '\n') + 1) {
		m.line = p;
		if (sscanf(p, "%lx-%lx %4s", &m.start, &m.end, m.perms) != 3)
			test_fail("maps line \"%.60s\"", p);
		if (addr >= m.start && addr < m.end)
			return m;
	}
	test_fail("no maps line holds %#lx", addr);
}

/* The line of an anonymous private mapping is exactly [start, end). */
static void check_anon_line(unsigned long start, unsigned long end,
			    const char *perms)
{
	struct map m = map_of(start);
	char want[128];
	size_t n;

	n = snprintf(want, sizeof(want), "%08lx-%08lx %s 00000000 00:00 0",
		     start, end, perms);
	if (strncmp(m.line, want, n) || m.line[n + strspn(m.line + n, " ")]
	    != '\n')
		test_fail("maps line \"%.*s\", expected \"%s\"",
			  (int)strcspn(m.line, "\n"), m.line, want);
}

/* maps: sorted lines "start-end perms offset dev inode [path]"; a new
   mapping, then split in three by mprotect; the stack; the code. */
static void maps_lines(void)
{
	unsigned long base, prev = 0, off, ino;
	unsigned maj, min;
	struct map m;
	int local = 0;
	const char *p;
	char *mem;

	/* PROT_NONE pages on both sides keep it from merging. */
	mem = mmap(NULL, 5 * TEST_PAGE, PROT_NONE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(mem != MAP_FAILED);
	base = (unsigned long)mem + TEST_PAGE;
	CHECK(mmap((void *)base, 3 * TEST_PAGE, PROT_READ, MAP_PRIVATE |
		   MAP_ANONYMOUS | MAP_FIXED, -1, 0) == (void *)base);
	slurp("/proc/self/maps", buf, BUF_SIZE);
	for (p = buf; *p; p = strchr(p, '\n') + 1, prev = m.end)
		if (sscanf(p, "%lx-%lx %4s %lx %x:%x %lu", &m.start, &m.end,
			   m.perms, &off, &maj, &min, &ino) != 7 ||
		    m.start >= m.end || m.start < prev ||
		    strspn(m.perms, "rwx-ps") != 4 || !strchr(p, '\n'))
			test_fail("maps line \"%.*s\"", (int)strcspn(p, "\n"),
				  p);
	check_anon_line(base, base + 3 * TEST_PAGE, "r--p");
	CHECK(!strcmp(map_of(base - 1).perms, "---p"));

	CHECK_OK(mprotect((void *)(base + TEST_PAGE), TEST_PAGE,
			  PROT_READ | PROT_WRITE));
	slurp("/proc/self/maps", buf, BUF_SIZE);
	check_anon_line(base, base + TEST_PAGE, "r--p");
	check_anon_line(base + TEST_PAGE, base + 2 * TEST_PAGE, "rw-p");
	check_anon_line(base + 2 * TEST_PAGE, base + 3 * TEST_PAGE, "r--p");

	m = map_of((unsigned long)&local);
	p = strstr(m.line, "[stack]");
	CHECK(p && p < strchr(m.line, '\n') && !strcmp(m.perms, "rw-p"));
	m = map_of((unsigned long)&main);
	CHECK(m.perms[0] == 'r' && m.perms[2] == 'x');
	CHECK_OK(munmap(mem, 5 * TEST_PAGE));
}

/* meminfo agrees with sysinfo(2), and cannot be written. */
static void meminfo(void)
{
	unsigned long long total, memfree, sitotal;
	struct sysinfo si;
	int fd;

	slurp("/proc/meminfo", buf, BUF_SIZE);
	CHECK_OK(sysinfo(&si));
	CHECK(buf == find_line(buf, "MemTotal:"));	/* the first line */
	total = line_num(buf, "MemTotal:", " kB");
	memfree = line_num(buf, "MemFree:", " kB");
	CHECK(line_num(buf, "MemAvailable:", " kB") <= total);
	sitotal = (unsigned long long)si.totalram * si.mem_unit;
	if (total * 1024 < sitotal - sitotal / 100 ||
	    total * 1024 > sitotal + sitotal / 100)
		test_fail("MemTotal %llu kB, sysinfo %llu bytes", total,
			  sitotal);
	CHECK(memfree >= 1 && memfree <= total);

	/* Linux lets root open it (root passes any mode), not write. */
	errno = 0;
	fd = open("/proc/meminfo", O_WRONLY);
	if (fd < 0)
		CHECK_EQ(errno, EACCES);
	else
		CHECK(write(fd, "0", 1) < 0);
}

/* "n.nn" (exactly two decimals) at *p, in hundredths. */
static unsigned long long hundredths(const char **p, const char *what)
{
	unsigned long long v = number(p, what) * 100;

	if (**p != '.' || strspn(*p + 1, "0123456789") != 2)
		test_fail("%s: not two decimals at \"%.10s\"", what, *p);
	v += ((*p)[1] - '0') * 10 + (*p)[2] - '0';
	*p += 3;
	return v;
}

/* uptime "u.uu i.ii": u is CLOCK_BOOTTIME's, within a second. loadavg
   "a.aa b.bb c.cc r/t last": the reader runs (r >= 1); the harness, its
   watchdog and this case exist (t >= 3); a pid has been given out (not
   compared with a child's: Linux's pids wrap, at 32768 by default). */
static void uptime_and_loadavg(void)
{
	double before = boottime(), after, up;
	unsigned long long r, t;
	const char *p = buf;
	int i;

	slurp("/proc/uptime", buf, BUF_SIZE);
	after = boottime();
	up = hundredths(&p, "uptime") / 100.0;
	CHECK(*p++ == ' ');
	hundredths(&p, "idle time");
	CHECK(!strcmp(p, "\n"));
	if (up < before - 1 || up > after + 1)
		test_fail("uptime %.2f, CLOCK_BOOTTIME %.2f", up, before);

	slurp("/proc/loadavg", buf, BUF_SIZE);
	for (p = buf, i = 0; i < 3; i++) {
		hundredths(&p, "load average");
		CHECK(*p++ == ' ');
	}
	r = number(&p, "running");
	CHECK(*p++ == '/');
	t = number(&p, "threads");
	CHECK(*p++ == ' ');
	CHECK(number(&p, "last pid") > 0);
	CHECK(!strcmp(p, "\n"));
	CHECK(r >= 1 && t >= r && t >= 3);
}

/* cpuinfo: "processor\t: N" for N = 0, 1, ..., one per online CPU,
   each block with a "model name". */
static void cpuinfo(void)
{
	const char *p = buf, *next;
	long n = 0;

	slurp("/proc/cpuinfo", buf, BUF_SIZE);
	CHECK(find_line(buf, "processor\t: ") == buf);
	for (; (p = find_line(p, "processor\t: ")); p = next, n++) {
		p += strlen("processor\t: ");
		CHECK(number(&p, "processor") == (unsigned long long)n &&
		      *p == '\n');
		next = find_line(p, "processor\t: ");
		p = find_line(p, "model name\t: ");
		if (!p || (next && p > next))
			test_fail("processor %ld has no model name", n);
		if (!next)
			next = "";
	}
	CHECK_EQ(n, sysconf(_SC_NPROCESSORS_ONLN));
}

/* The numbers of a "cpu" line: at least 7. */
static void check_cpu_line(const char *p)
{
	int n;

	for (p += strcspn(p, " "), n = 0; *p == ' '; n++) {
		p += strspn(p, " ");
		number(&p, "cpu line");
	}
	if (*p != '\n' || n < 7)
		test_fail("a cpu line of /proc/stat has %d numbers", n);
}

/* /proc/stat: the cpu lines, one per CPU; btime, which with the uptime
   makes the time now; the processes made (more after a fork). */
static void proc_stat(void)
{
	unsigned long long before, btime;
	char name[32];
	double up;
	pid_t pid;
	long n;

	slurp("/proc/stat", buf, BUF_SIZE);
	up = boottime();
	CHECK(!strncmp(buf, "cpu ", 4));
	check_cpu_line(buf);
	for (n = 0;; n++) {
		snprintf(name, sizeof(name), "cpu%ld ", n);
		if (!find_line(buf, name))
			break;
		check_cpu_line(find_line(buf, name));
	}
	CHECK_EQ(n, sysconf(_SC_NPROCESSORS_ONLN));
	btime = line_num(buf, "btime ", "");
	if (btime + up < time(NULL) - 2 || btime + up > time(NULL) + 2)
		test_fail("btime %llu + uptime %.0f is not the time %lld",
			  btime, up, (long long)time(NULL));
	before = line_num(buf, "processes ", "");
	CHECK(line_num(buf, "procs_running ", "") >= 1);
	line_num(buf, "procs_blocked ", "");
	line_num(buf, "ctxt ", "");

	pid = test_fork();
	if (pid == 0)
		_exit(0);
	CHECK_EXITED(test_wait(pid), 0);
	slurp("/proc/stat", buf, BUF_SIZE);
	CHECK(line_num(buf, "processes ", "") > before);
}

/* mounts: "dev dir type opts 0 0", with the root and /proc (type
   proc) among them. */
static void mounts(void)
{
	char dir[256], type[64];
	int root = 0, proc = 0, n;
	const char *p;

	slurp("/proc/mounts", buf, BUF_SIZE);
	for (p = buf; *p; p = strchr(p, '\n') + 1) {
		n = 0;
		if (sscanf(p, "%*s %255s %63s %*s 0 0%n", dir, type, &n) !=
		    2 || !n || p[n] != '\n')
			test_fail("mounts line \"%.*s\"", (int)strcspn(p, "\n"),
				  p);
		root |= !strcmp(dir, "/");
		proc |= !strcmp(dir, "/proc") && !strcmp(type, "proc");
	}
	CHECK(root && proc);
}

/* version is one line "Linux version ...". A file read a byte at a
   time, or again after lseek to 0, is the same text as read at once; at
   the end read gives 0. */
static void version_and_reads(void)
{
	static const char *const files[] = {
		"/proc/version", "/proc/self/cmdline",
	};
	size_t i, whole, n;
	ssize_t r;
	int fd;

	slurp("/proc/version", buf, BUF_SIZE);
	CHECK(!strncmp(buf, "Linux version ", 14));
	CHECK(strchr(buf, '\n') == buf + strlen(buf) - 1);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		whole = slurp(files[i], buf, BUF_SIZE);
		CHECK(whole > 0);
		fd = open(files[i], O_RDONLY);
		CHECK(fd >= 0);
		for (n = 0; (r = read(fd, buf2 + n, 1)) == 1;)
			CHECK(++n < BUF_SIZE);
		CHECK_EQ(r, 0);
		if (n != whole || memcmp(buf, buf2, n))
			test_fail("%s: %zu bytes a byte at a time, %zu at once",
				  files[i], n, whole);
		CHECK_EQ(read(fd, buf2, BUF_SIZE), 0);
		CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
		n = read_full(fd, buf2, BUF_SIZE);
		CHECK(n == whole && !memcmp(buf, buf2, n));
		CHECK_OK(close(fd));
	}
}

/* Whether the listing of /proc has name. */
static int proc_lists(const char *name)
{
	DIR *dir = opendir("/proc");
	struct dirent *de;
	int found = 0;

	CHECK(dir);
	while ((de = readdir(dir)))
		found |= !strcmp(de->d_name, name);
	closedir(dir);
	return found;
}

/* /proc lists self, us and a live child; not the child once reaped,
   whose files are then gone. */
static void proc_directory(void)
{
	pid_t pid = pauser();
	char name[32], path[64];

	CHECK(proc_lists("self"));
	snprintf(name, sizeof(name), "%d", (int)getpid());
	CHECK(proc_lists(name));
	snprintf(name, sizeof(name), "%d", (int)pid);
	CHECK(proc_lists(name));
	proc_path(path, sizeof(path), pid, "stat");
	CHECK_OK(access(path, R_OK));
	kill_and_reap(pid);
	CHECK(!proc_lists(name));
	CHECK_ERR(open(path, O_RDONLY), ENOENT);
	proc_path(path, sizeof(path), pid, "");
	CHECK_ERR(access(path, F_OK), ENOENT);
}

/* Another process's files: a child's stat, status and cmdline say what
   it is, not what the reader is (it blocks SIGUSR1; we do not). */
static void other_process(void)
{
	struct pstat ps, self;
	char path[64];
	sigset_t set;
	size_t n;
	pid_t pid;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	CHECK_OK(sigprocmask(SIG_BLOCK, &set, NULL));
	pid = pauser();		/* keeps the mask of the fork */
	CHECK_OK(sigprocmask(SIG_UNBLOCK, &set, NULL));
	proc_path(path, sizeof(path), pid, "status");
	slurp(path, buf, BUF_SIZE);
	CHECK(status_mask(buf, "SigBlk:\t") & BIT(SIGUSR1));
	CHECK_EQ(line_num(buf, "Pid:\t", ""), pid);
	CHECK_EQ(line_num(buf, "PPid:\t", ""), getpid());
	slurp("/proc/self/status", buf2, BUF_SIZE);
	CHECK(!(status_mask(buf2, "SigBlk:\t") & BIT(SIGUSR1)));
	wait_state(pid, 'S', &ps);
	read_stat("/proc/self/stat", &self);
	CHECK(ps.pid == pid && ps.f[PPID] == getpid());
	CHECK_EQ(ps.f[PGRP], getpgrp());
	CHECK(!strcmp(ps.comm, self.comm));	/* fork keeps the name */

	n = slurp("/proc/self/cmdline", buf2, BUF_SIZE);
	proc_path(path, sizeof(path), pid, "cmdline");
	CHECK(slurp(path, buf, BUF_SIZE) == n && !memcmp(buf, buf2, n));
	kill_and_reap(pid);
}

/* Looking up and reading /proc files, directories and links thousands
   of times gives every byte back: their inodes live only while used. */
static void lookups_leak_nothing(void)
{
	static const char *const paths[] = { "/proc/self/status",
		"/proc/1/stat", "/proc/meminfo", "/proc/self/fd/0" };
	struct test_meminfo before, after;
	char buf[512], link[64];
	struct stat st;
	int i, fd;

	for (i = 0; i < 3000; i++) {
		const char *path = paths[i % 4];

		if (i == 100)
			before = test_meminfo();	/* after any first-use cost */
		if (i % 4 == 3) {
			CHECK(readlink(path, link, sizeof(link)) > 0);
			continue;
		}
		CHECK((fd = open(path, O_RDONLY)) >= 0);
		CHECK(read(fd, buf, sizeof(buf)) > 0);
		CHECK(close(fd) == 0);
		CHECK(stat("/proc/self", &st) == 0);
	}
	after = test_meminfo();
	/* A leak would be two objects a lookup, a few hundred pages; a slab
	   that grew once meanwhile is a page or two. */
	if (test_on_host())
		test_say("  %s: free memory not compared on a host Linux\n",
			 test_name);
	else
		CHECK(after.free + 4 * TEST_PAGE >= before.free);
}

static const struct test_case cases[] = {
	{ "lookups_leak_nothing", lookups_leak_nothing },
	{ "self_is_the_caller", self_is_the_caller },
	{ "stat_of_self", stat_of_self },
	{ "stat_counts_cpu_time", stat_counts_cpu_time },
	{ "stat_of_children", stat_of_children },
	{ "status_of_self", status_of_self },
	{ "cmdline_and_comm", cmdline_and_comm },
	{ "exe_and_cwd_links", exe_and_cwd_links },
	{ "fd_directory", fd_directory },
	{ "maps_lines", maps_lines },
	{ "meminfo", meminfo },
	{ "uptime_and_loadavg", uptime_and_loadavg },
	{ "cpuinfo", cpuinfo },
	{ "proc_stat", proc_stat },
	{ "mounts", mounts },
	{ "version_and_reads", version_and_reads },
	{ "proc_directory", proc_directory },
	{ "other_process", other_process },
};

int main(int argc, char **argv)
{
	saved_argc = argc;
	saved_argv = argv;
	return test_main("test_procfs", cases,
			 sizeof(cases) / sizeof(cases[0]), argc, argv);
}
