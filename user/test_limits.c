/*
 * test_limits: resource limits. getrlimit, setrlimit and prlimit with
 * their errors, then each limit enforced: RLIMIT_NOFILE on every call
 * that makes a descriptor, RLIMIT_AS on all mappings, RLIMIT_DATA on brk
 * and private writable mappings, RLIMIT_STACK on stack growth and
 * RLIMIT_NPROC on fork, down to a fork bomb that must be contained and
 * cleaned up. Last, memory hogs stopped by RLIMIT_AS and RLIMIT_DATA.
 *
 * On Linux, root (uid 0, or CAP_SYS_RESOURCE/CAP_SYS_ADMIN) ignores
 * RLIMIT_NPROC; this project's kernel runs everything as uid 0 and
 * enforces it all the same. So on a host Linux the RLIMIT_NPROC cases
 * check only what they can as root: run this program as another user
 * too (e.g. setpriv --reuid=65534 --regid=65534 --clear-groups).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "test.h"

#define P		TEST_PAGE
#define MiB		(1ul << 20)
#define HOG_LIMIT	(256 * MiB)
#define BOMB_NPROC	64
#define BOMB_BUDGET	7	/* a bomb is 2^7 processes at most */
#define MAX_KIDS	4096

static const int resources[] = { RLIMIT_NOFILE, RLIMIT_NPROC, RLIMIT_AS,
				 RLIMIT_STACK, RLIMIT_DATA, RLIMIT_CORE };

/* On a host Linux, where root escapes RLIMIT_NPROC. */
static int host_root(void)
{
	return getuid() == 0 && test_on_host();
}

static struct rlimit get_limit(int res)
{
	struct rlimit r;

	if (getrlimit(res, &r) < 0)
		test_fail("getrlimit(%d): %s", res, strerror(errno));
	return r;
}

static void set_limit(int res, rlim_t cur, rlim_t max)
{
	struct rlimit r = { cur, max };

	if (setrlimit(res, &r) < 0)
		test_fail("setrlimit(%d, %llu, %llu): %s", res,
			  (unsigned long long)cur, (unsigned long long)max,
			  strerror(errno));
}

/* Lower (or raise, up to the hard limit) only the soft limit. */
static void set_soft(int res, rlim_t cur)
{
	set_limit(res, cur, get_limit(res).rlim_max);
}

/* After what was done, the free memory is back to within 1 MiB of what
   it was; not checked on a host Linux, where others use memory too. */
static void check_free_back(struct test_meminfo before, const char *what)
{
	struct test_meminfo after = test_meminfo();

	if (test_on_host())
		return;
	if (after.free + MiB < before.free)
		test_fail("free memory %llu bytes before %s, %llu after",
			  (unsigned long long)before.free, what,
			  (unsigned long long)after.free);
}

/* --------------------------------------------------- get, set and prlimit */

static void getrlimit_each_resource(void)
{
	struct rlimit r, raw;
	unsigned i;

	for (i = 0; i < sizeof(resources) / sizeof(resources[0]); i++) {
		r = get_limit(resources[i]);
		CHECK(r.rlim_cur <= r.rlim_max);
		CHECK_OK(syscall(SYS_getrlimit, resources[i], &raw));
		CHECK(raw.rlim_cur == r.rlim_cur && raw.rlim_max == r.rlim_max);
		CHECK_OK(prlimit(0, resources[i], NULL, &raw));
		CHECK(raw.rlim_cur == r.rlim_cur && raw.rlim_max == r.rlim_max);
	}
	CHECK(get_limit(RLIMIT_NOFILE).rlim_cur != RLIM_INFINITY);
}

static void setrlimit_cur_above_max_einval(void)
{
	struct rlimit r = { 64, 32 }, inf = { RLIM_INFINITY, 32 };
	struct rlimit old = get_limit(RLIMIT_NOFILE), now;

	CHECK_ERR(setrlimit(RLIMIT_NOFILE, &r), EINVAL);
	CHECK_ERR(setrlimit(RLIMIT_CORE, &inf), EINVAL);
	CHECK_ERR(prlimit(0, RLIMIT_DATA, &r, NULL), EINVAL);
	now = get_limit(RLIMIT_NOFILE);
	CHECK(now.rlim_cur == old.rlim_cur && now.rlim_max == old.rlim_max);
	/* Descriptors are capped (Linux: fs.nr_open), even for root. */
	inf.rlim_max = RLIM_INFINITY;
	CHECK_ERR(setrlimit(RLIMIT_NOFILE, &inf), EPERM);
}

static void setrlimit_lower_soft_reads_back(void)
{
	struct rlimit old = get_limit(RLIMIT_NOFILE), r;

	set_soft(RLIMIT_NOFILE, 100);
	r = get_limit(RLIMIT_NOFILE);
	CHECK_EQ(r.rlim_cur, 100);
	CHECK(r.rlim_max == old.rlim_max);
	set_soft(RLIMIT_NOFILE, old.rlim_cur);
	CHECK_EQ(get_limit(RLIMIT_NOFILE).rlim_cur, old.rlim_cur);
	/* And the hard limit, lowered to the soft one. */
	set_limit(RLIMIT_NOFILE, 100, 200);
	r = get_limit(RLIMIT_NOFILE);
	CHECK(r.rlim_cur == 100 && r.rlim_max == 200);
}

static void prlimit_gets_and_sets(void)
{
	struct rlimit old = get_limit(RLIMIT_NOFILE), r = { 50, old.rlim_max };
	struct rlimit got, r2 = { 40, old.rlim_max };
	pid_t gate, pid;

	CHECK_OK(prlimit(0, RLIMIT_NOFILE, &r, &got));
	CHECK(got.rlim_cur == old.rlim_cur && got.rlim_max == old.rlim_max);
	CHECK_EQ(get_limit(RLIMIT_NOFILE).rlim_cur, 50);
	CHECK_OK(prlimit(getpid(), RLIMIT_NOFILE, NULL, &got));
	CHECK_EQ(got.rlim_cur, 50);
	/* Another process's limit: a child, changed behind its back. */
	gate = test_gate_open();
	pid = test_fork();
	if (pid == 0) {
		test_gate_wait(gate);
		CHECK_EQ(get_limit(RLIMIT_NOFILE).rlim_cur, 40);
		_exit(0);
	}
	CHECK_OK(prlimit(pid, RLIMIT_NOFILE, &r2, &got));
	CHECK_EQ(got.rlim_cur, 50);
	test_gate_release(gate);
	CHECK_EXITED(test_wait(pid), 0);
	CHECK_EQ(get_limit(RLIMIT_NOFILE).rlim_cur, 50);	/* ours kept */
	CHECK_ERR(prlimit(pid, RLIMIT_NOFILE, NULL, &got), ESRCH);
}

static void rlimit_bad_resource_einval(void)
{
	struct rlimit r = get_limit(RLIMIT_CORE);

	CHECK_ERR(getrlimit(RLIM_NLIMITS, &r), EINVAL);
	CHECK_ERR(syscall(SYS_getrlimit, RLIM_NLIMITS, &r), EINVAL);
	CHECK_ERR(syscall(SYS_getrlimit, 1000, &r), EINVAL);
	CHECK_ERR(syscall(SYS_getrlimit, -1, &r), EINVAL);
	CHECK_ERR(syscall(SYS_setrlimit, RLIM_NLIMITS, &r), EINVAL);
	CHECK_ERR(syscall(SYS_prlimit64, 0, RLIM_NLIMITS, NULL, &r), EINVAL);
}

static void rlimit_bad_pointer_efault(void)
{
	CHECK_ERR(syscall(SYS_getrlimit, RLIMIT_NOFILE, (void *)1), EFAULT);
	CHECK_ERR(syscall(SYS_getrlimit, RLIMIT_NOFILE, TEST_KERNEL_HI),
		  EFAULT);
	CHECK_ERR(syscall(SYS_setrlimit, RLIMIT_NOFILE, 0x1000), EFAULT);
	CHECK_ERR(syscall(SYS_setrlimit, RLIMIT_NOFILE, TEST_KERNEL_LO),
		  EFAULT);
	CHECK_ERR(syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, 0x1000),
		  EFAULT);
}

/* ---------------------------------------------------------- RLIMIT_NOFILE */

static void nofile_limit_stops_at_16(void)
{
	struct rlimit old = get_limit(RLIMIT_NOFILE);
	int base, fd, last = -1, pfd[2];

	for (fd = 3; fd < 64; fd++)
		close(fd);
	base = open("/", O_RDONLY);
	CHECK_OK(base);
	CHECK_EQ(dup2(base, 40), 40);		/* above the limit to come */
	set_soft(RLIMIT_NOFILE, 16);
	while ((fd = dup(base)) >= 0)
		last = fd;
	CHECK_EQ(errno, EMFILE);
	CHECK_EQ(last, 15);
	CHECK_ERR(open("/", O_RDONLY), EMFILE);
	CHECK_ERR(pipe(pfd), EMFILE);
	CHECK_ERR(fcntl(base, F_DUPFD, 0), EMFILE);
	CHECK_ERR(fcntl(base, F_DUPFD, 16), EINVAL);
	CHECK_ERR(dup2(base, 16), EBADF);
	CHECK_ERR(dup3(base, 100, 0), EBADF);
	CHECK_EQ(dup2(base, 15), 15);		/* below it: replaces */
	/* A descriptor opened before stays usable. */
	CHECK_OK(fcntl(40, F_GETFD));
	CHECK_OK(close(40));
	/* One free slot is not enough for a pipe, and stays free. */
	CHECK_OK(close(15));
	CHECK_ERR(pipe(pfd), EMFILE);
	CHECK_EQ(dup(base), 15);
	/* Raised back, the next descriptor is 16. */
	set_soft(RLIMIT_NOFILE, old.rlim_cur);
	CHECK_EQ(dup(base), 16);
	CHECK_EQ(fcntl(base, F_DUPFD, 40), 40);
}

/* -------------------------------------------------------------- RLIMIT_AS */

/* Every mapping counts, even one nothing can touch. */
static void as_limit_refuses_mappings(void)
{
	int rw = PROT_READ | PROT_WRITE, anon = MAP_PRIVATE | MAP_ANONYMOUS;
	uintptr_t b = (uintptr_t)syscall(SYS_brk, 0);
	char *p;

	set_soft(RLIMIT_AS, HOG_LIMIT);
	CHECK_ERR(syscall(SYS_mmap, 0, 2 * HOG_LIMIT, rw, anon, -1, 0),
		  ENOMEM);
	CHECK_ERR(syscall(SYS_mmap, 0, 2 * HOG_LIMIT, PROT_NONE, anon, -1, 0),
		  ENOMEM);
	CHECK_ERR(syscall(SYS_mmap, 0, HOG_LIMIT, rw,
			  MAP_SHARED | MAP_ANONYMOUS, -1, 0), ENOMEM);
	p = mmap(NULL, 16 * MiB, rw, anon, -1, 0);
	CHECK(p != MAP_FAILED);
	p[0] = p[16 * MiB - 1] = 1;
	CHECK_ERR(syscall(SYS_mremap, p, 16 * MiB, HOG_LIMIT, MREMAP_MAYMOVE),
		  ENOMEM);
	CHECK_EQ(p[16 * MiB - 1], 1);
	CHECK_EQ(syscall(SYS_brk, b + HOG_LIMIT), b);	/* refused */
	set_soft(RLIMIT_AS, RLIM_INFINITY);
	p = mmap(NULL, 2 * HOG_LIMIT, PROT_NONE, anon, -1, 0);
	CHECK(p != MAP_FAILED);
}

/* ------------------------------------------------------------ RLIMIT_DATA */

/*
 * Linux counts brk (plus the data segment) and every private writable
 * mapping, however made; not read-only, shared or stack mappings.
 */
static void data_limit_refuses_brk_and_private(void)
{
	int rw = PROT_READ | PROT_WRITE, anon = MAP_PRIVATE | MAP_ANONYMOUS;
	uintptr_t b = (uintptr_t)syscall(SYS_brk, 0);
	char *p;

	set_soft(RLIMIT_DATA, 4 * MiB);
	CHECK_EQ(syscall(SYS_brk, b + 8 * MiB), b);	/* refused */
	CHECK_EQ(syscall(SYS_brk, 0), b);
	CHECK_EQ(syscall(SYS_brk, b + 64 * 1024), b + 64 * 1024);
	((volatile char *)b)[0] = 1;
	CHECK_ERR(syscall(SYS_mmap, 0, 8 * MiB, rw, anon, -1, 0), ENOMEM);
	p = mmap(NULL, MiB, rw, anon, -1, 0);
	CHECK(p != MAP_FAILED);
	p[0] = 1;
	p = mmap(NULL, 8 * MiB, PROT_READ, anon, -1, 0);
	CHECK(p != MAP_FAILED);
	CHECK_ERR(mprotect(p, 8 * MiB, rw), ENOMEM);
	p = mmap(NULL, 8 * MiB, rw, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED);
	p[8 * MiB - 1] = 1;
}

/* -------------------------------------------------- RLIMIT_STACK and CORE */

static volatile size_t stack_bytes;

/* Touch stack_bytes of stack below this frame, a page at a time. */
static void use_stack(void)
{
	volatile char *buf = __builtin_alloca(stack_bytes);
	size_t i;

	for (i = stack_bytes; i >= P; i -= P)
		buf[i - P] = 1;
}

static void stack_limit_inherited_and_enforced(void)
{
	pid_t pid;

	set_soft(RLIMIT_STACK, 512 * 1024);
	pid = test_fork();
	if (pid == 0) {
		CHECK_EQ(get_limit(RLIMIT_STACK).rlim_cur, 512 * 1024);
		_exit(0);
	}
	CHECK_EXITED(test_wait(pid), 0);
	stack_bytes = 128 * 1024;
	CHECK_EXITED(test_run_child(use_stack), 0);
	stack_bytes = 2 * MiB;			/* past the limit */
	CHECK_SIGNALED(test_run_child(use_stack), SIGSEGV);
}

static void core_limit_set_to_zero(void)
{
	struct rlimit old = get_limit(RLIMIT_CORE);
	pid_t pid;

	set_soft(RLIMIT_CORE, 0);
	CHECK_EQ(get_limit(RLIMIT_CORE).rlim_cur, 0);
	pid = test_fork();
	if (pid == 0) {
		CHECK_EQ(get_limit(RLIMIT_CORE).rlim_cur, 0);
		_exit(0);
	}
	CHECK_EXITED(test_wait(pid), 0);
	set_soft(RLIMIT_CORE, old.rlim_cur);
	CHECK(get_limit(RLIMIT_CORE).rlim_cur == old.rlim_cur);
	set_limit(RLIMIT_CORE, 0, 0);
	CHECK_EQ(get_limit(RLIMIT_CORE).rlim_max, 0);
}

/* ----------------------------------------------------------- RLIMIT_FSIZE */

static char fsize_path[64];

static int fsize_file(void)
{
	int fd;

	snprintf(fsize_path, sizeof(fsize_path), "/tmp/test_limits.%d",
		 (int)getpid());
	fd = open(fsize_path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	CHECK_OK(fd);
	return fd;
}

static void write_past_fsize(void)
{
	int fd = open(fsize_path, O_WRONLY | O_APPEND);

	CHECK_OK(fd);
	(void)!write(fd, "x", 1);
	_exit(0);			/* not reached: SIGXFSZ ends it */
}

/*
 * As Linux: a write stops at RLIMIT_FSIZE (short), and one that starts
 * there or beyond fails with EFBIG and raises SIGXFSZ, whose default
 * action ends the process. Truncating up past the limit is EFBIG too;
 * a write of nothing, or truncating down, is always allowed.
 */
static void fsize_limit_shortens_then_efbig(void)
{
	static char buf[1500];
	int fd = fsize_file();
	struct stat st;

	set_soft(RLIMIT_FSIZE, 1000);
	CHECK(signal(SIGXFSZ, SIG_IGN) != SIG_ERR);
	CHECK_EQ(write(fd, buf, sizeof(buf)), 1000);
	CHECK_ERR(write(fd, buf, 1), EFBIG);
	CHECK_EQ(write(fd, buf, 0), 0);
	CHECK_EQ(pwrite(fd, buf, 10, 995), 5);
	CHECK_ERR(pwrite(fd, buf, 10, 5000), EFBIG);
	CHECK_ERR(ftruncate(fd, 1001), EFBIG);
	CHECK_OK(ftruncate(fd, 1000));
	CHECK_OK(ftruncate(fd, 10));
	CHECK_ERR(truncate(fsize_path, 2000), EFBIG);
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_size, 10);
	/* The signal, caught: once per refused call. */
	CHECK(signal(SIGXFSZ, SIG_DFL) != SIG_ERR);
	CHECK_OK(ftruncate(fd, 1000));
	CHECK_SIGNALED(test_run_child(write_past_fsize), SIGXFSZ);
	CHECK_OK(close(fd));
	CHECK_OK(unlink(fsize_path));
}

/*
 * Without a limit, a file's offsets end at 2^63-1: a read or write whose
 * end would lie beyond is EINVAL (Linux's rw_verify_area), even when it
 * starts below; one of nothing is allowed anywhere.
 */
static void io_past_the_largest_offset_einval(void)
{
	int fd = fsize_file();
	struct stat st;
	char b[2];
	long r;

	CHECK_ERR(pwrite(fd, "x", 1, INT64_MAX), EINVAL);
	CHECK_EQ(pwrite(fd, "x", 0, INT64_MAX), 0);
	CHECK_ERR(pwrite(fd, "xy", 2, INT64_MAX - 1), EINVAL);
	CHECK_ERR(pread(fd, b, 1, INT64_MAX), EINVAL);
	CHECK_ERR(pread(fd, b, 2, INT64_MAX - 1), EINVAL);
	CHECK_EQ(lseek(fd, INT64_MAX, SEEK_SET), INT64_MAX);
	CHECK_ERR(write(fd, "x", 1), EINVAL);
	CHECK_ERR(read(fd, b, 1), EINVAL);
	/* Linux's tmpfs stores the last byte; a RAM file that sparse may be
	   refused for room instead. */
	r = pwrite(fd, "x", 1, INT64_MAX - 1);
	CHECK(r == 1 || (r == -1 && errno == ENOSPC));
	CHECK_OK(ftruncate(fd, INT64_MAX));
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_size, INT64_MAX);
	CHECK_ERR(ftruncate(fd, -1), EINVAL);
	CHECK_OK(close(fd));
	CHECK_OK(unlink(fsize_path));
}

/* ----------------------------------------------------------- RLIMIT_NPROC */

static void noop(void)
{
}

/*
 * RLIMIT_NPROC counts all the processes of the user: on this project's
 * kernel, every process. The limit is set a few above their number, so
 * sleepers can be forked until fork fails with EAGAIN.
 */
static void nproc_limit_fork_eagain(void)
{
	static pid_t kids[MAX_KIDS];
	int n = 0, i, limit, err, hold[2];
	pid_t pid;

	if (host_root()) {
		test_say("  %s: not checked, root on Linux ignores "
			 "RLIMIT_NPROC\n", test_name);
		return;
	}
	limit = test_meminfo().procs + 8;
	CHECK(limit + 8 < MAX_KIDS);
	CHECK_OK(pipe(hold));
	set_soft(RLIMIT_NPROC, limit);
	for (;;) {
		pid = fork();
		if (pid == 0) {			/* until the pipe closes */
			char c;

			close(hold[1]);
			(void)!read(hold[0], &c, 1);
			_exit(0);
		}
		if (pid < 0)
			break;
		kids[n++] = pid;
		if (n > limit + 8)
			break;
	}
	err = errno;
	if (pid > 0)
		test_fail("%d forks under RLIMIT_NPROC %d, none failed", n,
			  limit);
	if (err != EAGAIN)
		test_fail("fork failed with %s, expected EAGAIN",
			  strerror(err));
	test_say("  %s: %d forks under RLIMIT_NPROC %d\n", test_name, n,
		 limit);
	CHECK(n >= 1 && n <= limit);
	set_soft(RLIMIT_NPROC, 1);		/* below the current count */
	CHECK_ERR(fork(), EAGAIN);
	set_soft(RLIMIT_NPROC, limit);
	for (i = 0; i < n; i++)
		CHECK_OK(kill(kids[i], SIGKILL));
	for (i = 0; i < n; i++)
		CHECK_SIGNALED(test_wait(kids[i]), SIGKILL);
	CHECK_EXITED(test_run_child(noop), 0);
}

/*
 * A fork bomb: every process forks until fork fails (or, to bound it
 * where RLIMIT_NPROC is ignored, until its budget is spent: a process
 * with budget k makes 2^k in all), reports how it stopped on a pipe and
 * then waits for the hold pipe to close.
 */
static _Noreturn void bomb(int report, int hold)
{
	int budget = BOMB_BUDGET;
	char c = 'C';

	while (budget > 0) {
		if (fork() < 0) {
			c = errno == EAGAIN ? 'E' : 'X';
			break;
		}
		budget--;		/* parent and child alike */
	}
	(void)!write(report, &c, 1);
	(void)!read(hold, &c, 1);
	_exit(0);
}

/*
 * The bomb runs in its own process group under RLIMIT_NPROC 64, this
 * process outside it. Once it stops growing, it is killed group-wide,
 * again and again until no member is left: killed parents leave orphans
 * to init (or, on a host Linux, to this process as a subreaper, since
 * the host's pid 1 may not reap). Then forks work again and the memory
 * is back.
 */
static void fork_bomb_contained(void)
{
	struct test_meminfo before = test_meminfo();
	int report[2], hold[2], n = 0, eagain = 0, other = 0;
	uint64_t end = test_now_ms() + TEST_WAIT_SEC * 1000;
	struct pollfd pfd;
	pid_t pid;
	char c;

	prctl(PR_SET_CHILD_SUBREAPER, 1);	/* may be ENOSYS: fine */
	CHECK_OK(pipe(report));
	CHECK_OK(pipe(hold));
	pid = test_fork();
	if (pid == 0) {
		setpgid(0, 0);
		set_soft(RLIMIT_NPROC, BOMB_NPROC);
		close(report[0]);
		close(hold[1]);
		bomb(report[1], hold[0]);
	}
	setpgid(pid, pid);		/* whichever of the two runs first */
	close(report[1]);
	close(hold[0]);
	/* Collect reports until they stop coming after a failed fork (or
	   all 2^BOMB_BUDGET came). */
	pfd.fd = report[0];
	pfd.events = POLLIN;
	while (n < 1 << BOMB_BUDGET) {
		int r = poll(&pfd, 1, eagain + other ? 300 : 1000);

		if (r < 0 && errno == EINTR)
			continue;
		CHECK(r >= 0);
		if (r == 0 && eagain + other)
			break;
		if (test_now_ms() > end)
			test_fail("the bomb still runs after %d s, %d reports",
				  TEST_WAIT_SEC, n);
		if (r == 0)
			continue;
		if (read(report[0], &c, 1) != 1)
			break;			/* no bomb process left */
		n++;
		eagain += c == 'E';
		other += c == 'X';
	}
	while (kill(-pid, SIGKILL) == 0 || errno != ESRCH) {
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
		if (test_now_ms() > end)
			test_fail("bomb group %d still there after %d s", pid,
				  TEST_WAIT_SEC);
		test_sleep_ms(5);
	}
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	close(report[0]);
	close(hold[1]);
	test_say("  %s: %d bomb processes, %d forks failed with EAGAIN\n",
		 test_name, n, eagain);
	if (other)
		test_fail("%d bomb processes' forks failed, not with EAGAIN",
			  other);
	if (!host_root()) {
		if (!eagain)
			test_fail("no fork in the bomb failed (%d reports)",
				  n);
		CHECK(n < BOMB_NPROC);
	}
	CHECK_EXITED(test_run_child(noop), 0);
	check_free_back(before, "the fork bomb");
}

/* ------------------------------------------------------------ memory hogs */

static int hog_limit, hog_report;

/* Map and touch 1 MiB at a time until mmap fails; exit 0 on ENOMEM. */
static void hog(void)
{
	int mib = 0;
	size_t i;
	char *p;

	set_soft(hog_limit, HOG_LIMIT);
	for (;;) {
		p = mmap(NULL, MiB, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			break;
		for (i = 0; i < MiB; i += P)
			p[i] = 1;
		if (++mib > 2 * (int)(HOG_LIMIT / MiB))
			_exit(3);
	}
	(void)!write(hog_report, &mib, sizeof(mib));
	_exit(errno == ENOMEM ? 0 : 1);
}

/* The hog ends with ENOMEM (or, outside a host Linux, by an OOM
   killer's SIGKILL), having had most of its limit; memory comes back. */
static void run_hog(int res)
{
	struct test_meminfo before = test_meminfo();
	int pfd[2], st, mib = -1;

	CHECK_OK(pipe(pfd));
	hog_limit = res;
	hog_report = pfd[1];
	st = test_run_child(hog);
	close(pfd[1]);
	if (WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL &&
	    !test_on_host()) {
		test_say("  %s: the hog was killed\n", test_name);
	} else {
		CHECK_EXITED(st, 0);
		CHECK_EQ(read(pfd[0], &mib, sizeof(mib)), sizeof(mib));
		if (mib < (int)(HOG_LIMIT / MiB) - 56 ||
		    mib >= (int)(HOG_LIMIT / MiB))
			test_fail("the hog got %d MiB under a %lu MiB limit",
				  mib, HOG_LIMIT / MiB);
	}
	close(pfd[0]);
	check_free_back(before, "the memory hog");
}

static void memory_hog_stopped_by_as_limit(void)
{
	run_hog(RLIMIT_AS);
}

static void memory_hog_stopped_by_data_limit(void)
{
	run_hog(RLIMIT_DATA);
}

/* With no limit set, touch memory until the machine has none left: the
   kernel's OOM killer must end the hog (the largest process) with
   SIGKILL, nothing else, and every page must come back. Not run on a
   host Linux, whose OOM killer would pick among the host's processes. */
static void unlimited_hog(void)
{
	size_t len = (size_t)64 << 30, i;	/* far beyond the machine */
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (p == MAP_FAILED)
		_exit(1);
	for (i = 0; i < len; i += P)
		p[i] = 1;
	_exit(2);
}

static void memory_hog_meets_the_oom_killer(void)
{
	struct test_meminfo before;
	int st;

	if (test_on_host()) {
		test_say("  %s: not run on a host Linux\n", test_name);
		return;
	}
	before = test_meminfo();
	st = test_run_child(unlimited_hog);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
	CHECK_EXITED(test_run_child(noop), 0);	/* the system still works */
	check_free_back(before, "the OOM-killed hog");
}

static const struct test_case cases[] = {
	{ "getrlimit_each_resource", getrlimit_each_resource },
	{ "setrlimit_cur_above_max_einval", setrlimit_cur_above_max_einval },
	{ "setrlimit_lower_soft_reads_back", setrlimit_lower_soft_reads_back },
	{ "prlimit_gets_and_sets", prlimit_gets_and_sets },
	{ "rlimit_bad_resource_einval", rlimit_bad_resource_einval },
	{ "rlimit_bad_pointer_efault", rlimit_bad_pointer_efault },
	{ "nofile_limit_stops_at_16", nofile_limit_stops_at_16 },
	{ "as_limit_refuses_mappings", as_limit_refuses_mappings },
	{ "data_limit_refuses_brk_and_private",
	  data_limit_refuses_brk_and_private },
	{ "stack_limit_inherited_and_enforced",
	  stack_limit_inherited_and_enforced },
	{ "core_limit_set_to_zero", core_limit_set_to_zero },
	{ "fsize_limit_shortens_then_efbig", fsize_limit_shortens_then_efbig },
	{ "io_past_the_largest_offset_einval",
	  io_past_the_largest_offset_einval },
	{ "nproc_limit_fork_eagain", nproc_limit_fork_eagain },
	{ "fork_bomb_contained", fork_bomb_contained },
	{ "memory_hog_stopped_by_as_limit", memory_hog_stopped_by_as_limit },
	{ "memory_hog_stopped_by_data_limit",
	  memory_hog_stopped_by_data_limit },
	{ "memory_hog_meets_the_oom_killer", memory_hog_meets_the_oom_killer },
};

TEST_MAIN("test_limits", cases)
