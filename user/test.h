/*
 * The harness of the in-OS test programs. A program is a table of
 * { name, function } cases; test_main() runs each case in a forked child,
 * so that a failure or a crash cannot hide the next case, and prints
 * "ok NAME (T ms)" or "FAIL NAME: reason" per case and "PROG: N passed,
 * M failed" at the end. A case passes if its child exits 0; a watchdog
 * kills it after TEST_CASE_SEC seconds. "PROG CASE..." runs only those.
 * The case starts only once its watchdog is there, so that the
 * watchdog's fork never lands in the middle of what a case measures
 * (page tables, processes, free memory): the child waits for the end of
 * a pipe whose write end the runner and the watchdog both close.
 *
 * Inside a case, the CHECK macros fail it at once: they print the FAIL
 * line themselves and _exit(TEST_FAILED). Output goes through write(2),
 * one line per call, so nothing sits in a buffer at fork or exit.
 * A "gate" is a sleeping child whose disappearance tells other processes
 * that its owner went past a point: the only cross-process signal that
 * needs no IPC besides fork, kill and wait.
 */
#pragma once

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define TEST_FAILED	99	/* exit status: the case printed its FAIL */
#define TEST_PAGE	4096
#define TEST_KERNEL_LO	0xffff800000000000ull	/* start of the kernel half */
#define TEST_KERNEL_HI	0xffffffff80000000ull	/* -2 GiB, kernel images */
#ifndef TEST_CASE_SEC
#define TEST_CASE_SEC	300	/* a case still running then is killed */
#endif
/* The longest a case waits for another process: 60 s, or less if the
   environment's TEST_WAIT_SEC says so; TEST_CASE_SEC in the environment
   likewise shortens the limit above. The fault-injection run sets both:
   there a case may wait for a process an injected failure never let
   start. */
#define TEST_WAIT_SEC	test_env_sec("TEST_WAIT_SEC", 60)
#define TEST_CASE_LIMIT	test_env_sec("TEST_CASE_SEC", TEST_CASE_SEC)

static inline int test_env_sec(const char *name, int limit)
{
	const char *s = getenv(name);
	int v = s ? atoi(s) : 0;

	return v > 0 && v < limit ? v : limit;
}

struct test_case {
	const char *name;
	void (*fn)(void);
};

static const char *test_name = "?";	/* the running case */
static const char *test_argv0 = "";	/* to find sibling programs */

static inline void test_say(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
static inline void test_say(const char *fmt, ...)
{
	char line[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(line) - 1)
		n = sizeof(line) - 1;
	if (n > 0)
		(void)!write(1, line, n);
}

static inline _Noreturn void test_fail(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
static inline _Noreturn void test_fail(const char *fmt, ...)
{
	char why[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	test_say("FAIL %s: %s\n", test_name, why);
	_exit(TEST_FAILED);
}

#define CHECK(cond)							\
	do {								\
		if (!(cond))						\
			test_fail("line %d: %s", __LINE__, #cond);	\
	} while (0)

#define CHECK_EQ(a, b)							\
	do {								\
		long long a_ = (long long)(a), b_ = (long long)(b);	\
		if (a_ != b_)						\
			test_fail("line %d: %s is %lld (%#llx), "	\
				  "expected %s = %lld (%#llx)", __LINE__, \
				  #a, a_, a_, #b, b_, b_);		\
	} while (0)

/* call returns -1 and sets errno to err. */
#define CHECK_ERR(call, err)						\
	do {								\
		long r_;						\
		int e_;							\
		errno = 0;						\
		r_ = (long)(call);					\
		e_ = errno;						\
		if (r_ != -1 || e_ != (err))				\
			test_fail("line %d: %s returned %ld, errno %d " \
				  "(%s); expected -1, errno %d (%s)",	\
				  __LINE__, #call, r_, e_, strerror(e_), \
				  (err), strerror(err));		\
	} while (0)

/* call succeeds (does not return -1). */
#define CHECK_OK(call)							\
	do {								\
		errno = 0;						\
		if ((long)(call) == -1) {				\
			int e_ = errno;					\
			test_fail("line %d: %s failed: %s", __LINE__,	\
				  #call, strerror(e_));			\
		}							\
	} while (0)

/* "exited with status N" or "killed by signal N (NAME)" into buf. */
static inline const char *test_status_str(int st, char *buf, size_t size)
{
	if (WIFEXITED(st))
		snprintf(buf, size, "exited with status %d", WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		snprintf(buf, size, "killed by signal %d (%s)", WTERMSIG(st),
			 strsignal(WTERMSIG(st)));
	else
		snprintf(buf, size, "wait status %#x", st);
	return buf;
}

#define CHECK_EXITED(st, code)						\
	do {								\
		int s_ = (st);						\
		char b_[80];						\
		if (!WIFEXITED(s_) || WEXITSTATUS(s_) != (code))	\
			test_fail("line %d: the child %s, expected exit " \
				  "status %d", __LINE__,		\
				  test_status_str(s_, b_, sizeof(b_)),	\
				  (int)(code));				\
	} while (0)

#define CHECK_SIGNALED(st, sig)						\
	do {								\
		int s_ = (st);						\
		char b_[80];						\
		if (!WIFSIGNALED(s_) || WTERMSIG(s_) != (sig))	\
			test_fail("line %d: the child %s, expected death " \
				  "by signal %d (%s)", __LINE__,	\
				  test_status_str(s_, b_, sizeof(b_)),	\
				  (int)(sig), strsignal(sig));		\
	} while (0)

/* Write all n bytes, failing the case on an error or a zero write. */
static inline void write_full(int fd, const void *buf, size_t n)
{
	size_t done = 0;
	ssize_t r;

	while (done < n) {
		r = write(fd, (const char *)buf + done, n - done);
		if (r <= 0)
			test_fail("write(%d) after %zu of %zu bytes: %s", fd,
				  done, n, r < 0 ? strerror(errno) : "0");
		done += r;
	}
}

/* Read until n bytes or end of file; returns the count. */
static inline size_t read_full(int fd, void *buf, size_t n)
{
	size_t done = 0;
	ssize_t r;

	while (done < n) {
		r = read(fd, (char *)buf + done, n - done);
		if (r < 0)
			test_fail("read(%d) after %zu bytes: %s", fd, done,
				  strerror(errno));
		if (r == 0)
			break;
		done += r;
	}
	return done;
}

static inline uint64_t test_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static inline void test_sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, ms % 1000 * 1000000 };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static inline pid_t test_fork(void)
{
	pid_t pid = fork();

	if (pid < 0)
		test_fail("fork: %s", strerror(errno));
	return pid;
}

/* Reap pid (which must be a child); returns its wait status. */
static inline int test_wait(pid_t pid)
{
	int st = 0;
	pid_t w;

	do
		w = waitpid(pid, &st, 0);
	while (w < 0 && errno == EINTR);
	if (w != pid)
		test_fail("waitpid(%d) returned %d: %s", pid, w,
			  w < 0 ? strerror(errno) : "another pid");
	return st;
}

/* Run fn in a child that exits 0 if fn returns; returns its status. */
static inline int test_run_child(void (*fn)(void))
{
	pid_t pid = test_fork();

	if (pid == 0) {
		fn();
		_exit(0);
	}
	return test_wait(pid);
}

/* A child that sleeps until killed (or gives up after TEST_WAIT_SEC). */
static inline pid_t test_sleeper(void)
{
	pid_t pid = test_fork();

	if (pid == 0) {
		uint64_t end = test_now_ms() + TEST_WAIT_SEC * 1000;

		while (test_now_ms() < end)
			test_sleep_ms(10);
		_exit(2);
	}
	return pid;
}

/* Open a gate: other processes forked later can wait for it. */
static inline pid_t test_gate_open(void)
{
	return test_sleeper();
}

/* Wait until the gate's owner released it (fails after TEST_WAIT_SEC). */
static inline void test_gate_wait(pid_t gate)
{
	uint64_t end = test_now_ms() + TEST_WAIT_SEC * 1000;

	while (kill(gate, 0) == 0) {
		if (test_now_ms() > end)
			test_fail("gate %d never released", gate);
		test_sleep_ms(1);
	}
}

/* Release the gate (its owner only): kill and reap the sleeper. */
static inline void test_gate_release(pid_t gate)
{
	CHECK_OK(kill(gate, SIGKILL));
	CHECK_SIGNALED(test_wait(gate), SIGKILL);
}

/* The path of a program beside this one: dir(argv[0]) + "/" + name. */
static inline const char *test_sibling(const char *name, char *buf,
				       size_t size)
{
	const char *slash = strrchr(test_argv0, '/');
	int dir = slash ? (int)(slash - test_argv0) : 1;

	snprintf(buf, size, "%.*s/%s", dir, slash ? test_argv0 : ".", name);
	return buf;
}

/* The free memory and the process count, from sysinfo(2). */
struct test_meminfo {
	uint64_t free;
	int procs;
};

static inline struct test_meminfo test_meminfo(void)
{
	struct sysinfo si;
	struct test_meminfo m;

	if (sysinfo(&si) < 0)
		test_fail("sysinfo: %s", strerror(errno));
	m.free = (uint64_t)si.freeram * si.mem_unit;
	m.procs = si.procs;
	return m;
}

/* The number after key in a small text file, as "Threads:\t4" in
   /proc/self/status or "PageTables:  12 kB" in /proc/meminfo. The case
   fails if the file or the key is not there. */
static inline long test_file_number(const char *path, const char *key)
{
	char buf[4096], *s;
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		test_fail("open %s: %s", path, strerror(errno));
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		test_fail("read %s: %s", path, n ? strerror(errno) : "empty");
	buf[n] = 0;
	if (!(s = strstr(buf, key)))
		test_fail("no \"%s\" in %s", key, path);
	return strtol(s + strlen(key), NULL, 10);
}

/* Is this a host Linux rather than this project's kernel (whose
   /proc/version names it)? */
static inline int test_on_host(void)
{
	char buf[256] = { 0 };
	FILE *f = fopen("/proc/version", "r");

	if (!f)
		return 1;
	(void)!fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	return !strstr(buf, "(uefi-kernel)");
}

/*
 * The free memory after what was done (what) is what it was before, give
 * or take TEST_FREE_SLACK pages: the kernel heap keeps an empty slab page
 * or gives it back depending on the order of frees, which other
 * processes and CPUs change (CI runs saw 1 page either way). Whatever
 * uses this repeats or sizes its work so that a leak is far above the
 * slack. Not on a host Linux, where other processes come and go: there
 * the check is left out, and says so.
 */
#define TEST_FREE_SLACK	4
static inline void test_check_same_free(struct test_meminfo before,
					struct test_meminfo after,
					const char *what)
{
	long long diff = (long long)after.free - (long long)before.free;

	if (test_on_host()) {
		test_say("  %s: free memory not compared on a host Linux\n",
			 test_name);
		return;
	}
	if (diff > TEST_FREE_SLACK * TEST_PAGE ||
	    diff < -TEST_FREE_SLACK * TEST_PAGE)
		test_fail("free memory %llu bytes before %s, %llu after "
			  "(%+lld pages); %d processes before, %d after",
			  (unsigned long long)before.free, what,
			  (unsigned long long)after.free, diff / TEST_PAGE,
			  before.procs, after.procs);
}

/* The checksum test_exec and echoargs agree on for an argv or envp:
   FNV-1a over every string with its NUL, in order, skipping index skip
   (-1: none). */
static inline unsigned long long test_args_hash(char *const *v, int n,
						int skip)
{
	unsigned long long h = 0xcbf29ce484222325ull;
	const unsigned char *s;
	int i;

	for (i = 0; i < n; i++) {
		if (i == skip)
			continue;
		s = (const unsigned char *)v[i];
		do
			h = (h ^ *s) * 0x100000001b3ull;
		while (*s++);
	}
	return h;
}

/* A process that kills pid after TEST_CASE_LIMIT seconds (-1 if fork
   failed: then nothing watches). It closes its copy of start, the write
   end of the case's start pipe, first. */
static inline pid_t test_watchdog(pid_t pid, int start)
{
	pid_t dog = fork();

	if (dog == 0) {
		uint64_t end = test_now_ms() + TEST_CASE_LIMIT * 1000;

		close(start);
		while (test_now_ms() < end)
			test_sleep_ms(1000);
		kill(pid, SIGKILL);
		_exit(0);
	}
	return dog;
}

/* Run the cases (only those named in argv[1..], if any); returns the
   exit status for main: 0 if every case that ran passed. */
static inline int test_main(const char *prog, const struct test_case *cases,
			    int ncases, int argc, char **argv)
{
	int i, j, passed = 0, failed = 0;

	test_argv0 = argv[0];
	for (i = 0; i < ncases; i++) {
		const struct test_case *c = &cases[i];
		uint64_t start = test_now_ms();
		int st = 0, timed_out = 0;
		pid_t pid, w, dog;
		int gate[2];
		char why[80];

		for (j = 1; j < argc && strcmp(argv[j], c->name); j++)
			;
		if (argc > 1 && j == argc)
			continue;
		if (pipe(gate) < 0) {
			test_say("FAIL %s: pipe: %s\n", c->name,
				 strerror(errno));
			failed++;
			continue;
		}
		pid = fork();
		if (pid < 0) {
			test_say("FAIL %s: fork: %s\n", c->name,
				 strerror(errno));
			close(gate[0]);
			close(gate[1]);
			failed++;
			continue;
		}
		if (pid == 0) {
			char b;

			test_name = c->name;
			close(gate[1]);
			while (read(gate[0], &b, 1) < 0 && errno == EINTR)
				;
			close(gate[0]);
			c->fn();
			_exit(0);
		}
		close(gate[0]);
		dog = test_watchdog(pid, gate[1]);
		close(gate[1]);
		do
			w = waitpid(-1, &st, 0);
		while (w == dog || (w < 0 && errno == EINTR));
		if (dog > 0) {		/* gone already if it fired */
			kill(dog, SIGKILL);
			waitpid(dog, NULL, 0);
		}
		timed_out = WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL &&
			    test_now_ms() - start >= (uint64_t)TEST_CASE_LIMIT * 1000;
		if (w != pid) {
			test_say("FAIL %s: waitpid returned %d: %s\n", c->name,
				 w, w < 0 ? strerror(errno) : "another pid");
			failed++;
		} else if (WIFEXITED(st) && WEXITSTATUS(st) == 0) {
			test_say("ok %s (%llu ms)\n", c->name,
				 (unsigned long long)(test_now_ms() - start));
			passed++;
		} else if (timed_out) {
			test_say("FAIL %s: still running after %d s, killed\n",
				 c->name, TEST_CASE_LIMIT);
			failed++;
		} else {
			if (!WIFEXITED(st) || WEXITSTATUS(st) != TEST_FAILED)
				test_say("FAIL %s: the case's process %s\n",
					 c->name,
					 test_status_str(st, why, sizeof(why)));
			failed++;
		}
	}
	test_say("%s: %d passed, %d failed\n", prog, passed, failed);
	return failed ? 1 : 0;
}

#define TEST_MAIN(prog, cases)						\
	int main(int argc, char **argv)					\
	{								\
		return test_main(prog, cases,				\
				 (int)(sizeof(cases) / sizeof(cases[0])), \
				 argc, argv);				\
	}
