/*
 * test_proc: the process model. fork's return values, getpid/getppid,
 * wait4's statuses and options, zombies and orphans, and processes in
 * numbers: a deep chain, a wide tree, many at once, and fork cycles that
 * must give back every frame they took; kill's arguments, and SIGKILL
 * ending processes blocked in wait4 or in a read of the console; clone's
 * flags for a new process, prctl's names, getrandom, time and the
 * robust-list head (what glibc's static start-up and fork ask for).
 */
#include <stdlib.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "test.h"

#define CHAIN_DEPTH	64
#define TREE_FANOUT	8	/* children of the root ... */
#define TREE_LEAVES	24	/* ... each with this many: 8 + 8 * 24 = 200 */
#define CONCURRENT	20
#define CYCLES		10000
#define CYCLES_WARMUP	300

/* Sleep until killed; never returns. */
static _Noreturn void sleep_forever(void)
{
	for (;;)
		test_sleep_ms(100);
}

static void fork_returns_zero_in_child_pid_in_parent(void)
{
	pid_t me = getpid(), pid;

	pid = test_fork();
	if (pid == 0) {
		if (getpid() == me)
			_exit(1);
		_exit(getpid() & 0xff);	/* tells the parent who we are */
	}
	CHECK(pid > 0);
	CHECK(pid != me);
	CHECK_EQ(getpid(), me);
	CHECK_EXITED(test_wait(pid), pid & 0xff);
}

static void child_ppid_is_parent_pid(void)
{
	pid_t me = getpid(), parent = getppid(), pid;

	CHECK(me > 0);
	CHECK(parent > 0);
	CHECK(parent != me);
	pid = test_fork();
	if (pid == 0)
		_exit(getppid() == me ? 0 : 1);
	CHECK_EXITED(test_wait(pid), 0);
	CHECK_EQ(getppid(), parent);
}

static void wait_reports_exit_codes(void)
{
	static const int codes[] = { 0, 1, 2, 42, 127, 128, 200, 254, 255 };
	unsigned i;

	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		pid_t pid = test_fork();

		if (pid == 0)
			_exit(codes[i]);
		CHECK_EXITED(test_wait(pid), codes[i]);
	}
}

/* Only the low 8 bits of the exit code reach the parent; exit(3) runs
   through libc (atexit, stdio), _exit(2) straight to the system call. */
static void exit_code_keeps_low_8_bits(void)
{
	pid_t pid = test_fork();

	if (pid == 0)
		_exit(256 + 7);
	CHECK_EXITED(test_wait(pid), 7);
	pid = test_fork();
	if (pid == 0)
		_exit(-1);
	CHECK_EXITED(test_wait(pid), 255);
	pid = test_fork();
	if (pid == 0)
		exit(300);
	CHECK_EXITED(test_wait(pid), 300 & 0xff);
}

static void wait_reports_sigkill(void)
{
	pid_t pid = test_fork();

	if (pid == 0)
		sleep_forever();
	CHECK_OK(kill(pid, SIGKILL));
	CHECK_SIGNALED(test_wait(pid), SIGKILL);
}

static void wait_reports_sigterm(void)
{
	pid_t pid = test_fork();
	int st;

	if (pid == 0)
		sleep_forever();
	test_sleep_ms(20);	/* let it run first, this time */
	CHECK_OK(kill(pid, SIGTERM));
	st = test_wait(pid);
	CHECK_SIGNALED(st, SIGTERM);
	CHECK(!WIFEXITED(st));
}

static void null_deref(void)
{
	volatile int *volatile p = NULL;

	*p = 1;
}

static void wait_reports_sigsegv(void)
{
	CHECK_SIGNALED(test_run_child(null_deref), SIGSEGV);
}

static void wnohang_returns_0_while_child_runs(void)
{
	pid_t pid = test_fork();
	int i, st = -1;

	if (pid == 0)
		sleep_forever();
	for (i = 0; i < 5; i++) {
		CHECK_EQ(waitpid(pid, &st, WNOHANG), 0);
		CHECK_EQ(waitpid(-1, &st, WNOHANG), 0);
		test_sleep_ms(5);
	}
	CHECK_OK(kill(pid, SIGKILL));
	CHECK_SIGNALED(test_wait(pid), SIGKILL);
}

static void wnohang_reaps_exited_child(void)
{
	uint64_t end = test_now_ms() + TEST_WAIT_SEC * 1000;
	pid_t pid = test_fork(), w;
	int st = -1;

	if (pid == 0)
		_exit(77);
	while ((w = waitpid(pid, &st, WNOHANG)) == 0) {
		CHECK(test_now_ms() < end);
		sched_yield();
	}
	CHECK_EQ(w, pid);
	CHECK_EXITED(st, 77);
	CHECK_ERR(waitpid(pid, &st, WNOHANG), ECHILD);
}

static void wait_without_children_gives_echild(void)
{
	int st;
	pid_t pid;

	CHECK_ERR(wait(&st), ECHILD);
	CHECK_ERR(waitpid(-1, &st, WNOHANG), ECHILD);
	CHECK_ERR(waitpid(getppid(), &st, 0), ECHILD);	/* not our child */
	CHECK_ERR(waitpid(getpid(), &st, 0), ECHILD);
	pid = test_fork();
	if (pid == 0)
		_exit(0);
	CHECK_EXITED(test_wait(pid), 0);
	CHECK_ERR(wait(&st), ECHILD);	/* the only child is reaped */
	CHECK_ERR(waitpid(pid, &st, 0), ECHILD);
}

static void waitpid_picks_the_named_child(void)
{
	pid_t pids[3];
	int i, st, seen = 0;

	for (i = 0; i < 3; i++) {
		pids[i] = test_fork();
		if (pids[i] == 0)
			_exit(10 + i);
	}
	CHECK_EXITED(test_wait(pids[1]), 11);
	for (i = 0; i < 2; i++) {
		pid_t w = wait(&st);

		CHECK(w == pids[0] || w == pids[2]);
		CHECK_EXITED(st, w == pids[0] ? 10 : 12);
		seen |= w == pids[0] ? 1 : 2;
	}
	CHECK_EQ(seen, 3);
	CHECK_ERR(wait(&st), ECHILD);
}

/* An exited child stays, a zombie, until its parent waits for it: it
   can still be signalled (which changes nothing), then it is gone. */
static void zombie_stays_until_reaped(void)
{
	pid_t pid = test_fork();

	if (pid == 0)
		_exit(3);
	test_sleep_ms(500);		/* long enough for it to have exited */
	CHECK_OK(kill(pid, 0));
	CHECK_OK(kill(pid, 0));
	CHECK_OK(kill(pid, SIGKILL));	/* a zombie takes it and stays dead */
	CHECK_EXITED(test_wait(pid), 3);
	CHECK_ERR(kill(pid, 0), ESRCH);
	CHECK_ERR(kill(pid, SIGKILL), ESRCH);
}

/*
 * The grandchild outlives its parent and must then see getppid() == 1.
 * Its verdict comes back through a messenger, a sleeping sibling that it
 * kills with SIGKILL (ppid became 1) or SIGTERM (it became something
 * else): the orphan's own exit status goes to init.
 */
static void orphan_is_reparented_to_init(void)
{
	pid_t messenger = test_sleeper(), mid, grandchild;

	mid = test_fork();
	if (mid == 0) {
		pid_t parent = getpid();

		grandchild = test_fork();
		if (grandchild == 0) {
			uint64_t end = test_now_ms() + TEST_WAIT_SEC * 1000;

			while (getppid() == parent && test_now_ms() < end)
				test_sleep_ms(1);
			kill(messenger, getppid() == 1 ? SIGKILL : SIGTERM);
			_exit(0);
		}
		_exit(0);		/* leaves the grandchild an orphan */
	}
	CHECK_EXITED(test_wait(mid), 0);
	CHECK_SIGNALED(test_wait(messenger), SIGKILL);
}

/* Each level forks the next and exits with its child's status + 1. */
static int chain(int depth, pid_t parent)
{
	pid_t me = getpid(), pid;
	int st;

	if (getppid() != parent)
		return 200;
	if (depth == CHAIN_DEPTH)
		return 0;
	pid = fork();
	if (pid < 0)
		return 201;
	if (pid == 0)
		_exit(chain(depth + 1, me));
	if (waitpid(pid, &st, 0) != pid)
		return 202;
	if (!WIFEXITED(st) || WEXITSTATUS(st) >= 200)
		return WIFEXITED(st) ? WEXITSTATUS(st) : 203;
	return WEXITSTATUS(st) + 1;
}

static void fork_chain_64_deep(void)
{
	pid_t pid = test_fork();

	if (pid == 0)
		_exit(chain(0, getppid()));
	/* 200..203: a level saw a wrong ppid, fork failed, wait failed, or
	   a level died by a signal. */
	CHECK_EXITED(test_wait(pid), CHAIN_DEPTH);
}

/* A node of the tree: forks its leaves, all before waiting for any. */
static int tree_node(int node)
{
	pid_t pids[TREE_LEAVES];
	int i, j, st;

	for (i = 0; i < TREE_LEAVES; i++) {
		pids[i] = fork();
		if (pids[i] < 0)
			return 1;
		if (pids[i] == 0)
			_exit((node * TREE_LEAVES + i) & 0xff);
	}
	for (i = 0; i < TREE_LEAVES; i++) {
		pid_t w = wait(&st);

		for (j = 0; j < TREE_LEAVES && pids[j] != w; j++)
			;
		if (j == TREE_LEAVES || !WIFEXITED(st) ||
		    WEXITSTATUS(st) != ((node * TREE_LEAVES + j) & 0xff))
			return 2;
		pids[j] = 0;
	}
	return wait(&st) < 0 && errno == ECHILD ? 0 : 3;
}

static void tree_of_200_processes(void)
{
	pid_t pids[TREE_FANOUT];
	int i;

	for (i = 0; i < TREE_FANOUT; i++) {
		pids[i] = test_fork();
		if (pids[i] == 0)
			_exit(tree_node(i));
	}
	for (i = 0; i < TREE_FANOUT; i++)
		CHECK_EXITED(test_wait(pids[i]), 0);
}

/* Some integer work, different for each seed. */
static uint32_t work(uint32_t seed)
{
	uint32_t x = seed * 2654435761u + 1;
	int i;

	for (i = 0; i < 300000; i++)
		x = x * 1103515245u + 12345u + (x >> 16);
	return x;
}

static void twenty_processes_at_once(void)
{
	pid_t pids[CONCURRENT];
	int i;

	for (i = 0; i < CONCURRENT; i++) {
		pids[i] = test_fork();
		if (pids[i] == 0)
			_exit(work(i) & 0xff);
	}
	for (i = 0; i < CONCURRENT; i++)
		CHECK_EXITED(test_wait(pids[i]), work(i) & 0xff);
}

static char touched[3 * TEST_PAGE];	/* written by each cycle's child */

static void cycles(int n)
{
	int i;

	for (i = 0; i < n; i++) {
		pid_t pid = fork(), w;
		int st;

		if (pid < 0)
			test_fail("cycle %d: fork: %s", i, strerror(errno));
		if (pid == 0) {
			volatile char stack[2 * TEST_PAGE];

			touched[i % sizeof(touched)] = 1; /* a COW copy */
			stack[i % sizeof(stack)] = 1;
			_exit(i & 0xff);
		}
		w = waitpid(pid, &st, 0);
		if (w != pid || !WIFEXITED(st) || WEXITSTATUS(st) != (i & 0xff))
			test_fail("cycle %d: waitpid returned %d, status %#x",
				  i, w, st);
	}
}

static void fork_cycles_keep_free_memory(void)
{
	struct test_meminfo before, after;
	uint64_t start;

	cycles(CYCLES_WARMUP);
	test_sleep_ms(100);
	before = test_meminfo();
	start = test_now_ms();
	cycles(CYCLES);
	test_say("  %d fork+exit+wait cycles in %llu ms\n", CYCLES,
		 (unsigned long long)(test_now_ms() - start));
	test_sleep_ms(100);
	after = test_meminfo();
	test_check_same_free(before, after, "10000 fork+exit+wait cycles");
}

/* Wait up to 5 s for pid to end after a SIGKILL: its status, or fail. */
static int dies_soon_after_sigkill(pid_t pid, const char *blocked_in)
{
	uint64_t end;
	pid_t w;
	int st;

	test_sleep_ms(100);			/* let it block */
	CHECK_OK(kill(pid, SIGKILL));
	end = test_now_ms() + 5000;
	while ((w = waitpid(pid, &st, WNOHANG)) == 0) {
		if (test_now_ms() > end)
			test_fail("a child blocked in %s still runs 5 s after "
				  "SIGKILL", blocked_in);
		test_sleep_ms(5);
	}
	CHECK_EQ(w, pid);
	return st;
}

static void sigkill_ends_a_blocked_wait(void)
{
	pid_t pid = test_fork();

	if (pid == 0) {
		pid_t parent = getpid(), child = test_fork();

		if (child == 0) {		/* ends soon after its parent */
			uint64_t end = test_now_ms() + 10000;

			while (getppid() == parent && test_now_ms() < end)
				test_sleep_ms(1);
			_exit(0);
		}
		waitpid(child, NULL, 0);
		_exit(1);
	}
	CHECK_SIGNALED(dies_soon_after_sigkill(pid, "wait4"), SIGKILL);
}

/* Nobody types on the console during the tests: read(0) blocks (on a
   host, stdin may be at its end instead: then the child spins). */
static void sigkill_ends_a_blocked_read(void)
{
	pid_t pid = test_fork();

	if (pid == 0) {
		char c;

		for (;;)
			(void)!read(0, &c, 1);
	}
	CHECK_SIGNALED(dies_soon_after_sigkill(pid, "read(0)"), SIGKILL);
}

static void kill_checks_its_arguments(void)
{
	pid_t pid = test_fork();

	if (pid == 0)
		sleep_forever();
	CHECK_OK(kill(getpid(), 0));
	CHECK_OK(kill(pid, 0));
	CHECK_ERR(kill(pid, 65), EINVAL);	/* signals are 1..64 */
	CHECK_ERR(kill(pid, -1), EINVAL);
	CHECK_ERR(kill(0x3fffffff, 0), ESRCH);
	CHECK_OK(kill(pid, SIGKILL));
	CHECK_SIGNALED(test_wait(pid), SIGKILL);
}

#define CLONE_SETTLS		0x00080000
#define CLONE_PARENT_SETTID	0x00100000
#define CLONE_CHILD_CLEARTID	0x00200000
#define CLONE_CHILD_SETTID	0x01000000
#define ARCH_GET_FS		0x1003

/* A system call without libc: the child below runs with an FS base that
   is no TLS, where libc's stack-protector checks (%fs:0x28) would fail. */
static long raw5(long nr, long a, long b, long c, long d, long e)
{
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	long ret;

	__asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a), "S"(b),
			 "d"(c), "r"(r10), "r"(r8) : "rcx", "r11", "memory");
	return ret;
}

/*
 * clone(2) making a new process: CLONE_PARENT_SETTID writes its pid in
 * the parent, CLONE_CHILD_SETTID in the child's memory (a shared page
 * here, so the parent sees it), CLONE_SETTLS sets the child's FS base.
 * CLONE_CHILD_CLEARTID clears nothing when the process ends: as on
 * Linux, only a word in memory that outlives the exit (a thread's) is.
 */
static void clone_new_process_flags(void)
{
	static char fake_tls[64];
	int *words = mmap(NULL, TEST_PAGE, PROT_READ | PROT_WRITE,
			  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	long pid, fs = 0;

	CHECK(words != MAP_FAILED);
	pid = raw5(SYS_clone, SIGCHLD | CLONE_PARENT_SETTID |
		   CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | CLONE_SETTLS, 0,
		   (long)&words[0], (long)&words[1], (long)fake_tls);
	if (pid == 0) {
		raw5(SYS_arch_prctl, ARCH_GET_FS, (long)&fs, 0, 0, 0);
		raw5(SYS_exit_group, fs == (long)fake_tls ? 0 : 1, 0, 0, 0, 0);
	}
	CHECK(pid > 0);
	CHECK_EXITED(test_wait(pid), 0);
	CHECK_EQ(words[0], pid);
	CHECK_EQ(words[1], pid);		/* not cleared */
	CHECK_OK(munmap(words, TEST_PAGE));
}

/* prctl: PR_SET_NAME sets the name (15 bytes at most, truncated),
   PR_GET_NAME reads it, /proc/self/comm shows it; others: EINVAL. */
static void prctl_names_the_process(void)
{
	char name[16] = { 0 }, comm[32] = { 0 };
	int fd;

	CHECK_OK(prctl(PR_SET_NAME, "short"));
	CHECK_OK(prctl(PR_GET_NAME, name));
	CHECK(strcmp(name, "short") == 0);
	CHECK_OK(prctl(PR_SET_NAME, "a-name-longer-than-15"));
	CHECK_OK(prctl(PR_GET_NAME, name));
	CHECK(strcmp(name, "a-name-longer-t") == 0);
	fd = open("/proc/self/comm", O_RDONLY);
	CHECK(fd >= 0);
	CHECK(read(fd, comm, sizeof(comm) - 1) > 0);
	CHECK(strcmp(comm, "a-name-longer-t\n") == 0);
	CHECK_OK(close(fd));
	CHECK_ERR(prctl(PR_SET_NAME, (char *)16), EFAULT);
	CHECK_ERR(prctl(0x7fff, 0), EINVAL);
}

/* getrandom, time and the robust-list head glibc registers at start. */
static void getrandom_time_robust_list(void)
{
	struct robust_head { void *next; long offset; void *pending; } head;
	unsigned char a[64] = { 0 }, b[64] = { 0 };
	void *got = NULL;
	size_t len = 0;
	long t = 0, now;

	CHECK_EQ(syscall(SYS_getrandom, a, sizeof(a), 0), 64);
	CHECK_EQ(syscall(SYS_getrandom, b, sizeof(b), 1), 64); /* NONBLOCK */
	CHECK(memcmp(a, b, sizeof(a)) != 0);
	CHECK_EQ(syscall(SYS_getrandom, a, 0, 0), 0);
	CHECK_ERR(syscall(SYS_getrandom, a, 8, 0x100), EINVAL);
	CHECK_ERR(syscall(SYS_getrandom, a, 8, 2 | 4), EINVAL);
	CHECK_ERR(syscall(SYS_getrandom, NULL, 8, 0), EFAULT);
	now = syscall(SYS_time, &t);
	CHECK(now > 1700000000 && now == t);
	CHECK(now - (long)time(NULL) <= 1);
	CHECK_ERR(syscall(SYS_time, 8), EFAULT);
	head.next = &head;
	head.offset = 0;
	head.pending = NULL;
	CHECK_OK(syscall(SYS_set_robust_list, &head, sizeof(head)));
	CHECK_ERR(syscall(SYS_set_robust_list, &head, 8), EINVAL);
	CHECK_OK(syscall(SYS_get_robust_list, 0, &got, &len));
	CHECK(got == &head && len == sizeof(head));
	CHECK_ERR(syscall(SYS_get_robust_list, 0, 8, &len), EFAULT);
}

/* getpriority/setpriority: the nice value per thread, clamped to
   -20..19, inherited by fork; the errors. */
static void nice_values(void)
{
	pid_t pid;
	int st;

	CHECK_EQ(getpriority(PRIO_PROCESS, 0), 0);
	CHECK_OK(setpriority(PRIO_PROCESS, 0, 5));
	CHECK_EQ(getpriority(PRIO_PROCESS, 0), 5);
	CHECK_EQ(getpriority(PRIO_PROCESS, getpid()), 5);
	/* The group's lowest: the harness (same group) is still at 0. */
	CHECK_EQ(getpriority(PRIO_PGRP, 0), 0);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0)
		_exit(getpriority(PRIO_PROCESS, 0) == 5 ? 0 : 1);
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK_EXITED(st, 0);
	CHECK_OK(setpriority(PRIO_PROCESS, 0, 100));
	CHECK_EQ(getpriority(PRIO_PROCESS, 0), 19);
	CHECK_OK(setpriority(PRIO_PROCESS, 0, -100));	/* root may */
	CHECK_EQ(getpriority(PRIO_PROCESS, 0), -20);
	CHECK_OK(setpriority(PRIO_PROCESS, 0, 0));
	CHECK_ERR(getpriority(3, 0), EINVAL);
	CHECK_ERR(setpriority(PRIO_PROCESS, 0x7ffffff0, 1), ESRCH);
	/* The raw call returns 20 - nice (musl and glibc undo it). */
	CHECK_EQ(syscall(SYS_getpriority, PRIO_PROCESS, 0), 20);
}

struct statx_buf {			/* Linux's struct statx */
	uint32_t mask, blksize;
	uint64_t attributes;
	uint32_t nlink, uid, gid;
	uint16_t mode, spare0;
	uint64_t ino, size, blocks, attributes_mask;
	struct { int64_t sec; uint32_t nsec; int32_t pad; } atime, btime,
		ctime, mtime;
	uint32_t rdev_major, rdev_minor, dev_major, dev_minor;
	uint64_t spare[14];
};

#define STATX_BASIC_STATS	0x7ff

/* statx agrees with fstatat on a file, by path and by descriptor
   (AT_EMPTY_PATH); bad flags and masks, a missing file. */
static void statx_matches_stat(void)
{
	const char *path = "/tmp/test_proc.statx";
	struct statx_buf x;
	struct stat st;
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0640);

	CHECK(fd >= 0);
	write_full(fd, "0123456789", 10);
	CHECK_OK(stat(path, &st));
	memset(&x, 0xff, sizeof(x));
	CHECK_OK(syscall(SYS_statx, AT_FDCWD, path, 0, STATX_BASIC_STATS, &x));
	CHECK_EQ(x.mask & STATX_BASIC_STATS, STATX_BASIC_STATS);
	CHECK_EQ(x.mode, st.st_mode);
	CHECK_EQ(x.mode & 0777, 0640);
	CHECK_EQ(x.size, 10);
	CHECK_EQ(x.ino, st.st_ino);
	CHECK_EQ(x.nlink, 1);
	CHECK_EQ(x.uid, st.st_uid);
	CHECK_EQ(x.mtime.sec, st.st_mtim.tv_sec);
	CHECK_EQ(x.mtime.nsec, st.st_mtim.tv_nsec);
	CHECK_EQ(x.blocks, st.st_blocks);
	memset(&x, 0, sizeof(x));
	CHECK_OK(syscall(SYS_statx, fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS,
			 &x));
	CHECK_EQ(x.ino, st.st_ino);
	CHECK_EQ(x.size, 10);
	CHECK_ERR(syscall(SYS_statx, AT_FDCWD, path, 0x1, STATX_BASIC_STATS,
			  &x), EINVAL);
	CHECK_ERR(syscall(SYS_statx, AT_FDCWD, path, 0, 0x80000000u, &x),
		  EINVAL);
	CHECK_ERR(syscall(SYS_statx, AT_FDCWD, "/no/such/file", 0,
			  STATX_BASIC_STATS, &x), ENOENT);
	CHECK_ERR(syscall(SYS_statx, AT_FDCWD, path, 0, STATX_BASIC_STATS,
			  (void *)16), EFAULT);
	close(fd);
	unlink(path);
}

static const struct test_case cases[] = {
	{ "nice_values", nice_values },
	{ "statx_matches_stat", statx_matches_stat },
	{ "fork_returns_zero_in_child_pid_in_parent",
	  fork_returns_zero_in_child_pid_in_parent },
	{ "child_ppid_is_parent_pid", child_ppid_is_parent_pid },
	{ "wait_reports_exit_codes", wait_reports_exit_codes },
	{ "exit_code_keeps_low_8_bits", exit_code_keeps_low_8_bits },
	{ "wait_reports_sigkill", wait_reports_sigkill },
	{ "wait_reports_sigterm", wait_reports_sigterm },
	{ "wait_reports_sigsegv", wait_reports_sigsegv },
	{ "wnohang_returns_0_while_child_runs",
	  wnohang_returns_0_while_child_runs },
	{ "wnohang_reaps_exited_child", wnohang_reaps_exited_child },
	{ "wait_without_children_gives_echild",
	  wait_without_children_gives_echild },
	{ "waitpid_picks_the_named_child", waitpid_picks_the_named_child },
	{ "zombie_stays_until_reaped", zombie_stays_until_reaped },
	{ "orphan_is_reparented_to_init", orphan_is_reparented_to_init },
	{ "fork_chain_64_deep", fork_chain_64_deep },
	{ "tree_of_200_processes", tree_of_200_processes },
	{ "twenty_processes_at_once", twenty_processes_at_once },
	{ "fork_cycles_keep_free_memory", fork_cycles_keep_free_memory },
	{ "kill_checks_its_arguments", kill_checks_its_arguments },
	{ "sigkill_ends_a_blocked_wait", sigkill_ends_a_blocked_wait },
	{ "sigkill_ends_a_blocked_read", sigkill_ends_a_blocked_read },
	{ "clone_new_process_flags", clone_new_process_flags },
	{ "prctl_names_the_process", prctl_names_the_process },
	{ "getrandom_time_robust_list", getrandom_time_robust_list },
};

TEST_MAIN("test_proc", cases)
