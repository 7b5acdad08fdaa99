/*
 * bench: lmbench-style microbenchmarks of the process model, the same
 * static binary on this kernel and on Linux (make bench compares them).
 *
 *	bench [-s PERCENT] [NAME...]
 *
 * Each benchmark runs BATCHES batches of a fixed number of iterations
 * (scaled by -s, in percent, default $BENCH_SCALE or 100; at least one
 * iteration: Linux hands unknown name=value boot parameters to init as
 * its environment, so that is how make bench sets it there) and prints
 * the median batch
 * as "BENCH <name> <value> <unit>". Names select benchmarks; the default
 * is all. The first line, "bench: ...", is printed before anything else
 * (make bench times the boot to it); the last is "bench: done" or
 * "bench: N failed". Only standard calls: whatever fails is reported
 * with its errno and the benchmark is left out.
 *
 * Figures are per iteration: "ns" or "us" per operation, "MB/s" (10^6
 * bytes), "KiB" per process, "per_s" operations a second, "x" a ratio.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define BATCHES		5
#define PAGE		4096
#define HEAP_MIB	16		/* fork_16m's touched heap */
#define PIPE_CHUNK	(64 * 1024)	/* pipe_bw's write size */
#define CHILDREN	100		/* proc_100 and mem_per_proc */
#define EXEC_PATH	"/bin/true"	/* the tiny static program */

static int scale = 100;			/* -s: iterations in percent */

/* A benchmark's batch: n iterations, the figure per iteration in *out.
   Returns 0, or -1 with errno set and *what naming the call. */
typedef int (*batch_fn)(long n, double *out, const char **what);

struct bench {
	const char *name;
	const char *unit;
	long iterations;		/* per batch, at -s 100 */
	batch_fn run;
	int smp_only;			/* needs more than one CPU */
};

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

#define FAIL(call)	do { *what = (call); return -1; } while (0)

/* Wait for pid and check that it exited with status 0. */
static int reap(pid_t pid, const char **what)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			FAIL("waitpid");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		errno = ECHILD;
		FAIL("child status");
	}
	return 0;
}

/* ------------------------------------------------------------ processes */

static int null_syscall(long n, double *out, const char **what)
{
	double t = now_ns();
	long i;

	for (i = 0; i < n; i++)
		syscall(SYS_getppid);
	*out = (now_ns() - t) / n;
	return 0;
}

static int fork_n(long n, double *out, const char **what)
{
	double t = now_ns();
	pid_t pid;
	long i;

	for (i = 0; i < n; i++) {
		pid = fork();
		if (pid < 0)
			FAIL("fork");
		if (pid == 0)
			_exit(0);
		if (reap(pid, what))
			return -1;
	}
	*out = (now_ns() - t) / n / 1000;
	return 0;
}

static int fork_exit_wait(long n, double *out, const char **what)
{
	return fork_n(n, out, what);
}

/* fork_n with HEAP_MIB of written heap: the cost of sharing it. */
static int fork_16m(long n, double *out, const char **what)
{
	size_t len = (size_t)HEAP_MIB << 20;
	char *heap = malloc(len);
	int r;

	if (!heap)
		FAIL("malloc");
	memset(heap, 1, len);
	r = fork_n(n, out, what);
	free(heap);
	return r;
}

static pid_t spawn(const char **what)
{
	char *argv[] = { EXEC_PATH, NULL };
	char *envp[] = { NULL };
	pid_t pid = fork();

	if (pid < 0) {
		*what = "fork";
		return -1;
	}
	if (pid == 0) {
		execve(EXEC_PATH, argv, envp);
		_exit(127);
	}
	return pid;
}

static int fork_exec_wait(long n, double *out, const char **what)
{
	double t = now_ns();
	pid_t pid;
	long i;

	for (i = 0; i < n; i++) {
		if ((pid = spawn(what)) < 0 || reap(pid, what))
			return -1;
	}
	*out = (now_ns() - t) / n / 1000;
	return 0;
}

/* Start count children that each write a byte to ready[1], then block
   reading hold[0] until it reaches end of file. */
static int start_blocked(int count, int ready[2], int hold[2], pid_t *pids,
			 const char **what)
{
	char c;
	int i;

	if (pipe(ready) || pipe(hold))
		FAIL("pipe");
	for (i = 0; i < count; i++) {
		pids[i] = fork();
		if (pids[i] < 0) {
			*what = "fork";
			return i;
		}
		if (pids[i] == 0) {
			close(ready[0]);
			close(hold[1]);
			if (write(ready[1], "r", 1) != 1)
				_exit(1);
			_exit(read(hold[0], &c, 1) == 0 ? 0 : 1);
		}
	}
	close(ready[1]);
	close(hold[0]);
	return count;
}

/* Let the count children of start_blocked go and reap them. */
static int release(int count, int ready[2], int hold[2], pid_t *pids,
		   const char **what)
{
	int i, err = 0;

	close(hold[1]);
	close(ready[0]);
	for (i = 0; i < count; i++)
		if (reap(pids[i], what))
			err = -1;
	return err;
}

static int wait_ready(int fd, int count, const char **what)
{
	char buf[CHILDREN];
	ssize_t r;

	while (count > 0) {
		r = read(fd, buf, count < CHILDREN ? count : CHILDREN);
		if (r <= 0)
			FAIL("read (ready)");
		count -= r;
	}
	return 0;
}

/* n children created, blocked on a pipe, released and reaped. */
static int proc_100(long n, double *out, const char **what)
{
	pid_t pids[CHILDREN];
	int ready[2], hold[2], made, err;
	double t;

	if (n > CHILDREN)
		n = CHILDREN;
	t = now_ns();
	made = start_blocked(n, ready, hold, pids, what);
	if (made < 0)
		return -1;
	err = made < n ? -1 : wait_ready(ready[0], n, what);
	if (release(made, ready, hold, pids, what) || err)
		return -1;
	*out = (now_ns() - t) / n / 1000;
	return 0;
}

/* Free pages Linux keeps on its per-CPU lists, which sysinfo does not
   count as free (the "count:" lines of /proc/zoneinfo's pagesets); 0
   where there is no such file. Without them, Linux's figure would hide
   up to the lists' size (hundreds of pages) of what 100 children use. */
static long percpu_free_pages(void)
{
	FILE *f = fopen("/proc/zoneinfo", "r");
	char line[256], *s;
	long pages = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if ((s = strstr(line, "count:")))
			pages += atol(s + strlen("count:"));
	fclose(f);
	return pages;
}

static long free_bytes(void)
{
	struct sysinfo si;

	if (sysinfo(&si))
		return -1;
	return (long)(si.freeram * si.mem_unit) + percpu_free_pages() * PAGE;
}

/* Free memory before and after n children sleep, per child. */
static int mem_per_proc(long n, double *out, const char **what)
{
	pid_t pids[CHILDREN];
	int ready[2], hold[2], made, err;
	long before, after;

	if (n > CHILDREN)
		n = CHILDREN;
	if ((before = free_bytes()) < 0)
		FAIL("sysinfo");
	made = start_blocked(n, ready, hold, pids, what);
	if (made < 0)
		return -1;
	err = made < n ? -1 : wait_ready(ready[0], n, what);
	after = free_bytes();
	if (release(made, ready, hold, pids, what) || err)
		return -1;
	*out = (double)(before - after) / n / 1024;
	return 0;
}

/* ---------------------------------------------------------------- pipes */

static int pipe_rtt(long n, double *out, const char **what)
{
	int ping[2], pong[2];
	char c = 0;
	double t;
	pid_t pid;
	long i;

	if (pipe(ping) || pipe(pong))
		FAIL("pipe");
	pid = fork();
	if (pid < 0)
		FAIL("fork");
	if (pid == 0) {
		close(ping[1]);
		close(pong[0]);
		while (read(ping[0], &c, 1) == 1)
			if (write(pong[1], &c, 1) != 1)
				_exit(1);
		_exit(0);
	}
	close(ping[0]);
	close(pong[1]);
	t = now_ns();
	for (i = 0; i < n; i++)
		if (write(ping[1], &c, 1) != 1 || read(pong[0], &c, 1) != 1)
			break;
	*out = (now_ns() - t) / n / 1000;
	close(ping[1]);
	close(pong[0]);
	if (i < n) {
		reap(pid, what);
		FAIL("pipe write/read");
	}
	return reap(pid, what);
}

static int pipe_bw(long n, double *out, const char **what)
{
	static char buf[PIPE_CHUNK];
	long long total = (long long)n * PIPE_CHUNK, got = 0;
	int fd[2];
	ssize_t r;
	double t;
	pid_t pid;
	long i;

	if (pipe(fd))
		FAIL("pipe");
	pid = fork();
	if (pid < 0)
		FAIL("fork");
	if (pid == 0) {
		close(fd[0]);
		for (i = 0; i < n; i++)
			if (write(fd[1], buf, PIPE_CHUNK) != PIPE_CHUNK)
				_exit(1);
		_exit(0);
	}
	close(fd[1]);
	t = now_ns();
	while (got < total && (r = read(fd[0], buf, PIPE_CHUNK)) > 0)
		got += r;
	t = now_ns() - t;
	close(fd[0]);
	if (reap(pid, what))
		return -1;
	if (got != total) {
		errno = EIO;
		FAIL("read (short)");
	}
	*out = total / (t / 1e9) / 1e6;
	return 0;
}

/* --------------------------------------------------------------- memory */

static char *map_pages(long n)
{
	void *p = mmap(NULL, n * PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

static double touch(volatile char *p, long n)
{
	double t = now_ns();
	long i;

	for (i = 0; i < n; i++)
		p[i * PAGE] = 1;
	return now_ns() - t;
}

static int anon_fault(long n, double *out, const char **what)
{
	char *p = map_pages(n);

	if (!p)
		FAIL("mmap");
	*out = touch(p, n) / n;
	munmap(p, n * PAGE);
	return 0;
}

/* Write to n pages shared with a child that is alive meanwhile. */
static int cow_fault(long n, double *out, const char **what)
{
	char *p = map_pages(n);
	int hold[2], err = 0;
	char c;
	pid_t pid;

	if (!p)
		FAIL("mmap");
	touch(p, n);
	if (pipe(hold)) {
		munmap(p, n * PAGE);
		FAIL("pipe");
	}
	pid = fork();
	if (pid == 0) {
		close(hold[1]);
		_exit(read(hold[0], &c, 1) == 0 ? 0 : 1);
	}
	close(hold[0]);
	if (pid > 0)
		*out = touch(p, n) / n;
	close(hold[1]);
	munmap(p, n * PAGE);
	if (pid < 0)
		FAIL("fork");
	err = reap(pid, what);
	return err;
}

static int mmap_munmap(long n, double *out, const char **what)
{
	double t = now_ns();
	void *p;
	long i;

	for (i = 0; i < n; i++) {
		p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			FAIL("mmap");
		if (munmap(p, PAGE))
			FAIL("munmap");
	}
	*out = (now_ns() - t) / n / 1000;
	return 0;
}

/* ------------------------------------------------- parallel fork+exec */

static int ncpus(void)
{
	cpu_set_t set;

	if (sched_getaffinity(0, sizeof(set), &set))
		return 1;
	return CPU_COUNT(&set);
}

/* workers processes, each doing n fork+exec+wait: spawns per second. */
static int spawn_rate(int workers, long n, double *out, const char **what)
{
	double t = now_ns();
	pid_t pids[CPU_SETSIZE];
	double ignored;
	int i, err = 0;

	for (i = 0; i < workers; i++) {
		pids[i] = fork();
		if (pids[i] < 0) {
			*what = "fork";
			err = -1;
			break;
		}
		if (pids[i] == 0)
			_exit(fork_exec_wait(n, &ignored, what) ? 1 : 0);
	}
	while (--i >= 0)
		if (reap(pids[i], what))
			err = -1;
	*out = workers * n / ((now_ns() - t) / 1e9);
	return err;
}

static int spawn_1cpu(long n, double *out, const char **what)
{
	return spawn_rate(1, n, out, what);
}

static int spawn_allcpu(long n, double *out, const char **what)
{
	return spawn_rate(ncpus(), n, out, what);
}

/* ----------------------------------------------------------------- main */

static const struct bench benches[] = {
	{ "null_syscall",   "ns",   200000, null_syscall, 0 },
	{ "fork_exit_wait", "us",      400, fork_exit_wait, 0 },
	{ "fork_16m",       "us",      100, fork_16m, 0 },
	{ "fork_exec_wait", "us",      200, fork_exec_wait, 0 },
	{ "pipe_rtt",       "us",     4000, pipe_rtt, 0 },
	{ "pipe_bw",        "MB/s",   1000, pipe_bw, 0 },
	{ "anon_fault",     "ns",     4096, anon_fault, 0 },
	{ "cow_fault",      "ns",     4096, cow_fault, 0 },
	{ "mmap_munmap",    "us",    10000, mmap_munmap, 0 },
	{ "proc_100",       "us",      100, proc_100, 0 },
	{ "mem_per_proc",   "KiB",     100, mem_per_proc, 0 },
	{ "spawn_1cpu",     "per_s",   100, spawn_1cpu, 1 },
	{ "spawn_allcpu",   "per_s",   100, spawn_allcpu, 1 },
};

#define NBENCH	(sizeof(benches) / sizeof(benches[0]))

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Run b's batches; the median in *median. */
static int run(const struct bench *b, double *median)
{
	double v[BATCHES];
	const char *what = "?";
	long n = b->iterations * scale / 100;
	int i;

	if (n < 1)
		n = 1;
	for (i = 0; i < BATCHES; i++) {
		if (b->run(n, &v[i], &what)) {
			printf("bench: %s: %s: %s\n", b->name, what,
			       strerror(errno));
			return -1;
		}
	}
	qsort(v, BATCHES, sizeof(v[0]), cmp_double);
	*median = v[BATCHES / 2];
	printf("BENCH %s %.3f %s\n", b->name, *median, b->unit);
	return 0;
}

static int selected(const char *name, int argc, char **argv)
{
	int i;

	if (argc == 0)
		return 1;
	for (i = 0; i < argc; i++)
		if (!strcmp(argv[i], name))
			return 1;
	return 0;
}

static int known(const char *name)
{
	size_t i;

	for (i = 0; i < NBENCH; i++)
		if (!strcmp(benches[i].name, name))
			return 1;
	return 0;
}

static int usage(void)
{
	size_t i;

	fprintf(stderr, "usage: bench [-s PERCENT] [NAME...]\nnames:");
	for (i = 0; i < NBENCH; i++)
		fprintf(stderr, " %s", benches[i].name);
	fprintf(stderr, "\n");
	return 2;
}

int main(int argc, char **argv)
{
	double spawn1 = 0, spawnall = 0, v;
	int failed = 0, cpus, opt;
	size_t i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (getenv("BENCH_SCALE"))
		scale = atoi(getenv("BENCH_SCALE"));
	while ((opt = getopt(argc, argv, "s:")) != -1) {
		if (opt != 's')
			return usage();
		scale = atoi(optarg);
	}
	argc -= optind;
	argv += optind;
	if (scale <= 0)
		return usage();
	for (opt = 0; opt < argc; opt++)
		if (!known(argv[opt])) {
			fprintf(stderr, "bench: no benchmark %s\n", argv[opt]);
			return usage();
		}
	/* As init of a bare Linux initramfs, /proc is ours to mount. */
	if (getpid() == 1 && access("/proc/self", F_OK) != 0) {
		mkdir("/proc", 0555);
		mount("proc", "/proc", "proc", 0, NULL);
	}
	cpus = ncpus();
	printf("bench: %d CPU(s), scale %d%%, %d batches, pid %d\n", cpus,
	       scale, BATCHES, (int)getpid());
	for (i = 0; i < NBENCH; i++) {
		if (!selected(benches[i].name, argc, argv))
			continue;
		if (benches[i].smp_only && cpus < 2)
			continue;
		if (run(&benches[i], &v)) {
			failed++;
			continue;
		}
		if (!strcmp(benches[i].name, "spawn_1cpu"))
			spawn1 = v;
		if (!strcmp(benches[i].name, "spawn_allcpu"))
			spawnall = v;
	}
	if (spawn1 > 0 && spawnall > 0)
		printf("BENCH spawn_speedup %.3f x\n", spawnall / spawn1);
	if (failed) {
		printf("bench: %d failed\n", failed);
		return 1;
	}
	printf("bench: done\n");
	return 0;
}
