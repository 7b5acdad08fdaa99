/*
 * test_fd: file descriptors and pipes. The descriptor table (0, 1, 2 on
 * the console at start, close, dup, dup2, dup3, fcntl, the lowest free
 * number, EBADF, EMFILE at RLIMIT_NOFILE), its copy at fork and its
 * FD_CLOEXEC cut at exec; pipes: pipe and pipe2, order, short reads,
 * EAGAIN, end of file, EPIPE and SIGPIPE, the 64 KiB capacity, blocking
 * and waking, PIPE_BUF atomicity between writers, a 4 MiB transfer,
 * readv/writev, ESPIPE and FIONREAD.
 *
 * The fd and pipe calls go through syscall() where musl would otherwise
 * emulate or short-cut them (dup2(fd, fd), dup3, pipe2, fcntl's
 * F_DUPFD_CLOEXEC and F_SETFL), so that each case checks the kernel.
 * "test_fd --check-fds CLOSED OPEN" is the helper that the exec case
 * runs: CLOSED and OPEN are comma-separated descriptor lists.
 */
/* A read or write that never returns fails its case in a minute, not
   after test.h's five; the slowest case, 16 MiB through one pipe, takes
   a fraction of that. */
#define TEST_CASE_SEC	60

#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/sendfile.h>
#include <sys/uio.h>

#include "test.h"

#define PIPE_SIZE	65536	/* Linux's default pipe capacity */
#define DEFAULT_NOFILE	1024	/* Linux's default RLIMIT_NOFILE soft limit */
#define IOV_MAX_LINUX	1024
#define WRITERS		4
#define RECORDS		1000	/* of PIPE_BUF bytes, per writer */
#define TRANSFER	(4 << 20)
#define CHECK_FDS	"--check-fds"
#define FILL_WAIT_SEC	20	/* for a writer to fill a pipe */

static const int ro_fds[2] = { -1, -1 };	/* in .rodata: not writable */

static long raw_dup2(int oldfd, int newfd)
{
	return syscall(SYS_dup2, oldfd, newfd);
}

static long raw_dup3(int oldfd, int newfd, int flags)
{
	return syscall(SYS_dup3, oldfd, newfd, flags);
}

static long raw_fcntl(int fd, int cmd, long arg)
{
	return syscall(SYS_fcntl, fd, cmd, arg);
}

static long raw_pipe2(uintptr_t fds, int flags)
{
	return syscall(SYS_pipe2, fds, flags);
}

static int is_open(int fd)
{
	return raw_fcntl(fd, F_GETFD, 0) >= 0;
}

static int lowest_free(void)
{
	int fd = 0;

	while (is_open(fd))
		fd++;
	return fd;
}

static void make_pipe(int p[2])
{
	CHECK_OK(pipe(p));
	CHECK(p[0] >= 0 && p[1] >= 0 && p[0] != p[1]);
}

static int unread(int fd)
{
	int n = -1;

	CHECK_OK(ioctl(fd, FIONREAD, &n));
	return n;
}

/* Wait until the pipe read by fd holds n bytes (its writer is then
   blocked, if it had more to write). */
static void wait_for_bytes(int fd, int n)
{
	uint64_t end = test_now_ms() + FILL_WAIT_SEC * 1000;

	while (unread(fd) < n) {
		if (test_now_ms() > end)
			test_fail("the pipe holds %d bytes after %d s, "
				  "expected %d", unread(fd), FILL_WAIT_SEC, n);
		test_sleep_ms(1);
	}
	CHECK_EQ(unread(fd), n);
}

/* The byte at position pos of a stream that does not repeat soon. */
static uint8_t stream_byte(uint64_t pos)
{
	uint64_t z = (pos >> 3) + 0x9e3779b97f4a7c15ull;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	z ^= z >> 31;
	return (uint8_t)(z >> ((pos & 7) * 8));
}

static void fill_stream(uint8_t *buf, uint64_t pos, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		buf[i] = stream_byte(pos + i);
}

/* The first position in buf[0..n) that is not the stream from pos on,
   or -1. */
static long stream_mismatch(const uint8_t *buf, uint64_t pos, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (buf[i] != stream_byte(pos + i))
			return (long)(pos + i);
	return -1;
}

static uint64_t fnv1a(uint64_t h, const uint8_t *p, size_t n)
{
	while (n--)
		h = (h ^ *p++) * 0x100000001b3ull;
	return h;
}

/*
 * RLIMIT_NOFILE's soft limit: the number of descriptors a process may
 * have. If the kernel has neither prlimit64 nor getrlimit (musl's
 * getrlimit tries both; this kernel lacks them so far), Linux's default,
 * 1024, is what the table must enforce.
 */
static int nofile_limit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) < 0) {
		CHECK_EQ(errno, ENOSYS);
		return DEFAULT_NOFILE;
	}
	CHECK(rl.rlim_cur > 3 && rl.rlim_cur <= rl.rlim_max);
	if (test_on_host())
		test_say("  %s: RLIMIT_NOFILE is %llu on this host\n",
			 test_name, (unsigned long long)rl.rlim_cur);
	else
		CHECK_EQ(rl.rlim_cur, DEFAULT_NOFILE);
	return (int)rl.rlim_cur;
}

/* ----------------------------------------------------------- the table */

static void std_descriptors_open_at_start(void)
{
	static const char msg[] = "  std_descriptors_open_at_start: "
				  "written to fd 1\n";
	int fd;

	/* Any descriptor that survived exec has FD_CLOEXEC clear. */
	for (fd = 0; fd <= 2; fd++) {
		CHECK_EQ(raw_fcntl(fd, F_GETFD, 0), 0);
		CHECK_OK(raw_fcntl(fd, F_GETFL, 0));
	}
	CHECK_EQ(write(1, msg, sizeof(msg) - 1), sizeof(msg) - 1);
	if (test_on_host()) {
		test_say("  %s: whatever ran this program may have left more "
			 "descriptors open on a host Linux: not checked\n",
			 test_name);
		return;
	}
	for (fd = 3; fd < 64; fd++)
		CHECK_ERR(raw_fcntl(fd, F_GETFD, 0), EBADF);
}

static void close_twice_gives_ebadf(void)
{
	int p[2];

	make_pipe(p);
	CHECK_EQ(close(p[0]), 0);
	CHECK_ERR(close(p[0]), EBADF);
	CHECK(!is_open(p[0]));
	CHECK_EQ(close(p[1]), 0);
	CHECK_ERR(close(p[1]), EBADF);
}

static void check_bad_fd(int fd)
{
	struct iovec iov = { "x", 1 };
	char buf[8];
	int n;

	CHECK_ERR(read(fd, buf, 1), EBADF);
	CHECK_ERR(write(fd, "x", 1), EBADF);
	CHECK_ERR(close(fd), EBADF);
	CHECK_ERR(dup(fd), EBADF);
	CHECK_ERR(raw_dup2(fd, 40), EBADF);
	CHECK_ERR(raw_dup3(fd, 40, 0), EBADF);
	CHECK_ERR(raw_fcntl(fd, F_GETFD, 0), EBADF);
	CHECK_ERR(raw_fcntl(fd, F_GETFL, 0), EBADF);
	CHECK_ERR(raw_fcntl(fd, F_DUPFD, 0), EBADF);
	CHECK_ERR(readv(fd, &iov, 1), EBADF);
	CHECK_ERR(writev(fd, &iov, 1), EBADF);
	CHECK_ERR(lseek(fd, 0, SEEK_CUR), EBADF);
	CHECK_ERR(ioctl(fd, FIONREAD, &n), EBADF);
	CHECK(!is_open(40));
}

static void bad_descriptors_give_ebadf(void)
{
	int p[2];

	check_bad_fd(-1);
	check_bad_fd(1000000);
	check_bad_fd(INT_MAX);
	check_bad_fd(INT_MIN);
	make_pipe(p);
	CHECK_OK(close(p[0]));
	check_bad_fd(p[0]);
}

static void wrong_pipe_end_gives_ebadf(void)
{
	char c = 'x';
	int p[2];

	make_pipe(p);
	CHECK_ERR(read(p[1], &c, 1), EBADF);
	CHECK_ERR(write(p[0], &c, 1), EBADF);
	CHECK_EQ(unread(p[0]), 0);
}

static void dup_returns_lowest_free(void)
{
	int low = lowest_free(), a, b, c;

	CHECK_EQ(a = dup(1), low);
	low = lowest_free();
	CHECK_EQ(b = dup(1), low);
	low = lowest_free();
	CHECK_EQ(c = dup(1), low);
	CHECK(a < b && b < c);
	CHECK_OK(close(b));
	CHECK_EQ(dup(0), b);
	CHECK_OK(close(a));
	CHECK_OK(close(c));
	CHECK_EQ(dup(2), a);
}

/* Two descriptors from dup share the open file (its status flags) but
   not FD_CLOEXEC, which belongs to the descriptor. */
static void dup_shares_file_not_cloexec(void)
{
	char buf[8];
	int p[2], d;

	CHECK_OK(raw_pipe2((uintptr_t)p, O_CLOEXEC));
	CHECK(is_open(p[0]));
	d = dup(p[1]);
	CHECK(d >= 0);
	CHECK_EQ(raw_fcntl(d, F_GETFD, 0), 0);
	CHECK_EQ(raw_fcntl(p[1], F_GETFD, 0), FD_CLOEXEC);
	CHECK_EQ(write(d, "ab", 2), 2);
	CHECK_OK(close(d));
	CHECK_EQ(write(p[1], "c", 1), 1);
	CHECK_EQ(read(p[0], buf, sizeof(buf)), 3);
	CHECK(memcmp(buf, "abc", 3) == 0);
	d = dup(p[0]);
	CHECK_OK(raw_fcntl(d, F_SETFL, O_NONBLOCK));
	CHECK_EQ(raw_fcntl(p[0], F_GETFL, 0), O_RDONLY | O_NONBLOCK);
	CHECK_ERR(read(p[0], buf, 1), EAGAIN);
}

static void dup2_closes_target_first(void)
{
	char buf[8];
	int p[2], q[2];

	make_pipe(p);
	make_pipe(q);
	CHECK_OK(raw_fcntl(q[1], F_SETFD, FD_CLOEXEC));
	/* q[1] was q's only write end: its reader sees end of file. */
	CHECK_EQ(raw_dup2(p[1], q[1]), q[1]);
	CHECK_EQ(read(q[0], buf, sizeof(buf)), 0);
	CHECK_EQ(raw_fcntl(q[1], F_GETFD, 0), 0);
	CHECK_EQ(write(q[1], "xy", 2), 2);
	CHECK_EQ(read(p[0], buf, sizeof(buf)), 2);
	CHECK(memcmp(buf, "xy", 2) == 0);
	CHECK_EQ(raw_dup2(p[0], 50), 50);
	CHECK_EQ(write(p[1], "z", 1), 1);
	CHECK_EQ(read(50, buf, sizeof(buf)), 1);
	CHECK_EQ(buf[0], 'z');
}

static void dup2_same_fd_returns_it(void)
{
	int p[2];

	make_pipe(p);
	CHECK_OK(raw_fcntl(p[0], F_SETFD, FD_CLOEXEC));
	CHECK_EQ(raw_dup2(p[0], p[0]), p[0]);
	CHECK_EQ(raw_fcntl(p[0], F_GETFD, 0), FD_CLOEXEC);
	CHECK_EQ(raw_dup2(1, 1), 1);
	CHECK_OK(close(p[1]));
	CHECK_ERR(raw_dup2(p[1], p[1]), EBADF);
}

static void dup2_bad_target_gives_ebadf(void)
{
	int limit = nofile_limit(), p[2];

	make_pipe(p);
	CHECK_ERR(raw_dup2(p[0], -1), EBADF);
	CHECK_ERR(raw_dup2(p[0], INT_MIN), EBADF);
	CHECK_ERR(raw_dup2(p[0], limit), EBADF);
	CHECK_ERR(raw_dup2(p[0], 1000000), EBADF);
	CHECK_ERR(raw_dup2(p[0], INT_MAX), EBADF);
	CHECK_ERR(raw_dup3(p[0], -1, 0), EBADF);
	CHECK_ERR(raw_dup3(p[0], limit, O_CLOEXEC), EBADF);
	CHECK_EQ(raw_dup2(p[0], limit - 1), limit - 1);
}

static void dup3_flags(void)
{
	int p[2], t;

	make_pipe(p);
	t = p[1] + 10;
	CHECK_EQ(raw_dup3(p[0], t, O_CLOEXEC), t);
	CHECK_EQ(raw_fcntl(t, F_GETFD, 0), FD_CLOEXEC);
	CHECK_EQ(raw_dup3(p[0], t, 0), t);
	CHECK_EQ(raw_fcntl(t, F_GETFD, 0), 0);
	CHECK_ERR(raw_dup3(p[0], p[0], 0), EINVAL);
	CHECK_ERR(raw_dup3(p[0], p[0], O_CLOEXEC), EINVAL);
	CHECK_ERR(raw_dup3(p[0], t + 1, O_NONBLOCK), EINVAL);
	CHECK_ERR(raw_dup3(p[0], t + 1, O_CLOEXEC | O_NONBLOCK), EINVAL);
	CHECK_ERR(raw_dup3(p[0], t + 1, 1), EINVAL);
	CHECK(!is_open(t + 1));
	CHECK_ERR(raw_dup3(p[0], t, O_RDWR), EINVAL);
	CHECK(is_open(t));
}

/* ---------------------------------------------------------------- fcntl */

static void fcntl_dupfd_lowest_at_or_above_arg(void)
{
	int limit = nofile_limit(), p[2], low;

	make_pipe(p);
	CHECK_OK(raw_fcntl(p[0], F_SETFD, FD_CLOEXEC));
	CHECK_EQ(raw_fcntl(p[0], F_DUPFD, 100), 100);
	CHECK_EQ(raw_fcntl(p[0], F_DUPFD, 100), 101);
	CHECK_EQ(raw_fcntl(p[0], F_DUPFD, 99), 99);
	CHECK_EQ(raw_fcntl(100, F_GETFD, 0), 0);
	CHECK_EQ(raw_fcntl(p[0], F_DUPFD_CLOEXEC, 100), 102);
	CHECK_EQ(raw_fcntl(102, F_GETFD, 0), FD_CLOEXEC);
	CHECK_OK(close(100));
	CHECK_EQ(raw_fcntl(p[1], F_DUPFD, 98), 98);
	CHECK_EQ(raw_fcntl(p[1], F_DUPFD, 98), 100);
	low = lowest_free();
	CHECK_EQ(raw_fcntl(p[0], F_DUPFD, 0), low);
	CHECK_EQ(raw_fcntl(p[0], F_DUPFD, limit - 1), limit - 1);
	CHECK_ERR(raw_fcntl(p[0], F_DUPFD, limit - 1), EMFILE);
	CHECK_ERR(raw_fcntl(p[0], F_DUPFD, limit), EINVAL);
	CHECK_ERR(raw_fcntl(p[0], F_DUPFD, -1), EINVAL);
	CHECK_ERR(raw_fcntl(p[0], F_DUPFD_CLOEXEC, limit), EINVAL);
}

static void fcntl_cloexec_flag(void)
{
	int p[2];

	make_pipe(p);
	CHECK_EQ(raw_fcntl(p[0], F_GETFD, 0), 0);
	CHECK_EQ(raw_fcntl(p[0], F_SETFD, FD_CLOEXEC), 0);
	CHECK_EQ(raw_fcntl(p[0], F_GETFD, 0), FD_CLOEXEC);
	CHECK_EQ(raw_fcntl(p[1], F_GETFD, 0), 0);
	CHECK_EQ(raw_fcntl(p[0], F_SETFD, 0), 0);
	CHECK_EQ(raw_fcntl(p[0], F_GETFD, 0), 0);
	/* Only FD_CLOEXEC is kept. */
	CHECK_EQ(raw_fcntl(p[1], F_SETFD, 0xff), 0);
	CHECK_EQ(raw_fcntl(p[1], F_GETFD, 0), FD_CLOEXEC);
}

static void fcntl_status_flags_of_a_pipe(void)
{
	char c;
	int p[2];

	make_pipe(p);
	CHECK_EQ(raw_fcntl(p[0], F_GETFL, 0), O_RDONLY);
	CHECK_EQ(raw_fcntl(p[1], F_GETFL, 0), O_WRONLY);
	CHECK_EQ(raw_fcntl(p[0], F_SETFL, O_NONBLOCK), 0);
	CHECK_EQ(raw_fcntl(p[0], F_GETFL, 0), O_RDONLY | O_NONBLOCK);
	CHECK_EQ(raw_fcntl(p[1], F_GETFL, 0), O_WRONLY);
	CHECK_ERR(read(p[0], &c, 1), EAGAIN);
	/* F_SETFL leaves the access mode alone (musl adds O_LARGEFILE). */
	CHECK_EQ(fcntl(p[0], F_SETFL, O_WRONLY), 0);
	CHECK_EQ(raw_fcntl(p[0], F_GETFL, 0), O_RDONLY);
	CHECK_EQ(raw_fcntl(p[1], F_SETFL, O_NONBLOCK | O_RDWR), 0);
	CHECK_EQ(raw_fcntl(p[1], F_GETFL, 0), O_WRONLY | O_NONBLOCK);
	CHECK_ERR(raw_fcntl(p[0], 9999, 0), EINVAL);
}

static void fd_limit_gives_emfile(void)
{
	int limit = nofile_limit(), fd, last = -1, n = 0, mid, p[2];

	errno = 0;
	while ((fd = dup(0)) >= 0) {
		last = fd;
		if (++n > limit)
			test_fail("dup gave %d descriptors, limit %d", n,
				  limit);
	}
	CHECK_EQ(errno, EMFILE);
	CHECK_EQ(last, limit - 1);
	for (fd = 0; fd < limit; fd++)
		if (!is_open(fd))
			test_fail("fd %d is free after dup gave EMFILE", fd);
	CHECK_ERR(dup(1), EMFILE);
	CHECK_ERR(raw_fcntl(0, F_DUPFD, 0), EMFILE);
	CHECK_ERR(raw_fcntl(0, F_DUPFD_CLOEXEC, 0), EMFILE);
	CHECK_ERR(pipe(p), EMFILE);
	CHECK_ERR(raw_pipe2((uintptr_t)p, O_CLOEXEC), EMFILE);
	/* Replacing a descriptor needs no new one. */
	CHECK_EQ(raw_dup2(1, limit - 1), limit - 1);
	CHECK_EQ(raw_dup3(1, limit - 1, O_CLOEXEC), limit - 1);
	CHECK_ERR(raw_dup2(1, limit), EBADF);
	/* A pipe needs two: with one free, it fails and leaves it free. */
	mid = limit / 2;
	CHECK_OK(close(mid));
	CHECK_ERR(pipe(p), EMFILE);
	CHECK(!is_open(mid));
	CHECK_OK(close(limit - 1));
	CHECK_OK(pipe(p));
	CHECK_EQ(p[0], mid);
	CHECK_EQ(p[1], limit - 1);
	CHECK_ERR(dup(0), EMFILE);
}

/* --------------------------------------------------------- pipe, pipe2 */

static void pipe_takes_two_lowest_fds(void)
{
	int low = lowest_free(), next, p[2], q[2];

	next = low + 1;
	while (is_open(next))
		next++;
	make_pipe(p);
	CHECK_EQ(p[0], low);
	CHECK_EQ(p[1], next);
	CHECK_OK(close(p[0]));
	CHECK_OK(raw_pipe2((uintptr_t)q, 0));
	CHECK_EQ(q[0], low);
	CHECK(q[1] > p[1]);
}

static void pipe2_flags(void)
{
	static const int bad[] = { O_RDWR, O_WRONLY, O_APPEND, O_CREAT,
				   O_TRUNC, O_SYNC, O_CLOEXEC | 0x1000000,
				   (int)0x80000000 };
	int p[2], i, low;
	char c;

	CHECK_OK(raw_pipe2((uintptr_t)p, O_CLOEXEC));
	for (i = 0; i < 2; i++) {
		CHECK_EQ(raw_fcntl(p[i], F_GETFD, 0), FD_CLOEXEC);
		CHECK_EQ(raw_fcntl(p[i], F_GETFL, 0) & O_NONBLOCK, 0);
	}
	CHECK_OK(raw_pipe2((uintptr_t)p, O_NONBLOCK));
	CHECK_EQ(raw_fcntl(p[0], F_GETFL, 0), O_RDONLY | O_NONBLOCK);
	CHECK_EQ(raw_fcntl(p[1], F_GETFL, 0), O_WRONLY | O_NONBLOCK);
	CHECK_EQ(raw_fcntl(p[0], F_GETFD, 0), 0);
	CHECK_ERR(read(p[0], &c, 1), EAGAIN);
	CHECK_OK(raw_pipe2((uintptr_t)p, O_NONBLOCK | O_CLOEXEC));
	CHECK_EQ(raw_fcntl(p[1], F_GETFL, 0), O_WRONLY | O_NONBLOCK);
	CHECK_EQ(raw_fcntl(p[1], F_GETFD, 0), FD_CLOEXEC);
	low = lowest_free();
	for (i = 0; i < (int)(sizeof(bad) / sizeof(bad[0])); i++) {
		p[0] = p[1] = -7;
		errno = 0;
		if (raw_pipe2((uintptr_t)p, bad[i]) != -1 || errno != EINVAL)
			test_fail("pipe2 with flags %#x: %s, expected EINVAL",
				  bad[i], errno ? strerror(errno) :
				  "no error");
		CHECK(p[0] == -7 && p[1] == -7);
	}
	CHECK_EQ(lowest_free(), low);
}

/* pipe and pipe2 store through a bad pointer: EFAULT, no descriptor
   left behind. */
static void pipe_bad_pointer_gives_efault(void)
{
	uintptr_t bad[5];
	char *m;
	int low = lowest_free(), i;

	m = mmap(NULL, 2 * TEST_PAGE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(m != MAP_FAILED);
	CHECK_OK(munmap(m + TEST_PAGE, TEST_PAGE));
	bad[0] = 0;
	bad[1] = TEST_KERNEL_LO;
	bad[2] = TEST_KERNEL_HI;
	bad[3] = (uintptr_t)ro_fds;
	bad[4] = (uintptr_t)m + TEST_PAGE - sizeof(int);	/* straddles */
	for (i = 0; i < 5; i++) {
		CHECK_ERR(syscall(SYS_pipe, bad[i]), EFAULT);
		CHECK_ERR(raw_pipe2(bad[i], 0), EFAULT);
		CHECK_ERR(raw_pipe2(bad[i], O_CLOEXEC | O_NONBLOCK), EFAULT);
		if (lowest_free() != low)
			test_fail("bad pointer %d (%#lx): fd %d left open", i,
				  (unsigned long)bad[i], low);
	}
	CHECK(ro_fds[0] == -1 && ro_fds[1] == -1);
}

/* ---------------------------------------------------------- pipe data */

static void pipe_keeps_data_in_order(void)
{
	char buf[64];
	int p[2];

	make_pipe(p);
	CHECK_EQ(write(p[1], "first ", 6), 6);
	CHECK_EQ(write(p[1], "", 0), 0);
	CHECK_EQ(write(p[1], "second ", 7), 7);
	CHECK_EQ(write(p[1], "third", 5), 5);
	CHECK_EQ(read(p[0], buf, 0), 0);
	CHECK_EQ(read(p[0], buf, 3), 3);
	CHECK(memcmp(buf, "fir", 3) == 0);
	CHECK_EQ(read_full(p[0], buf, 15), 15);
	CHECK(memcmp(buf, "st second third", 15) == 0);
	CHECK_EQ(unread(p[0]), 0);
}

/* A read takes what there is instead of waiting for its full count;
   on an empty pipe it waits for the first write. */
static void read_returns_what_is_available(void)
{
	char buf[100];
	uint64_t start;
	pid_t pid;
	int p[2];

	make_pipe(p);
	CHECK_EQ(write(p[1], "0123456789", 10), 10);
	CHECK_EQ(read(p[0], buf, sizeof(buf)), 10);
	CHECK(memcmp(buf, "0123456789", 10) == 0);
	start = test_now_ms();
	pid = test_fork();
	if (pid == 0) {
		test_sleep_ms(100);
		CHECK_EQ(write(p[1], "hello", 5), 5);
		test_sleep_ms(200);
		CHECK_EQ(write(p[1], "later", 5), 5);
		_exit(0);
	}
	CHECK_EQ(read(p[0], buf, sizeof(buf)), 5);
	CHECK(memcmp(buf, "hello", 5) == 0);
	CHECK(test_now_ms() - start >= 90);
	CHECK_EQ(read(p[0], buf, sizeof(buf)), 5);
	CHECK(memcmp(buf, "later", 5) == 0);
	CHECK_EXITED(test_wait(pid), 0);
}

static void empty_nonblocking_read_gives_eagain(void)
{
	char c;
	int p[2];

	CHECK_OK(raw_pipe2((uintptr_t)p, O_NONBLOCK));
	CHECK_ERR(read(p[0], &c, 1), EAGAIN);
	CHECK_EQ(write(p[1], "a", 1), 1);
	CHECK_EQ(read(p[0], &c, 1), 1);
	CHECK_ERR(read(p[0], &c, 1), EAGAIN);
	/* End of file wins over EAGAIN. */
	CHECK_OK(close(p[1]));
	CHECK_EQ(read(p[0], &c, 1), 0);
	make_pipe(p);
	CHECK_OK(raw_fcntl(p[0], F_SETFL, O_NONBLOCK));
	CHECK_ERR(read(p[0], &c, 1), EAGAIN);
}

/* End of file comes once the last write end closes, a child's copy too
   (here by exit, before the child is reaped). */
static void read_gets_eof_when_all_writers_closed(void)
{
	pid_t gate = test_gate_open(), pid;	/* before the pipe */
	char buf[8];
	int p[2];

	make_pipe(p);
	pid = test_fork();
	if (pid == 0) {
		CHECK_OK(close(p[0]));
		test_gate_wait(gate);
		CHECK_EQ(write(p[1], "x", 1), 1);
		test_sleep_ms(50);
		_exit(0);
	}
	CHECK_OK(close(p[1]));
	CHECK_OK(raw_fcntl(p[0], F_SETFL, O_NONBLOCK));
	CHECK_ERR(read(p[0], buf, sizeof(buf)), EAGAIN);
	CHECK_OK(raw_fcntl(p[0], F_SETFL, 0));
	test_gate_release(gate);
	CHECK_EQ(read(p[0], buf, sizeof(buf)), 1);
	CHECK_EQ(buf[0], 'x');
	CHECK_EQ(read(p[0], buf, sizeof(buf)), 0);
	CHECK_EQ(read(p[0], buf, sizeof(buf)), 0);
	CHECK_EXITED(test_wait(pid), 0);
}

static void write_without_reader(void)
{
	int p[2];

	make_pipe(p);
	CHECK_OK(close(p[0]));
	write(p[1], "x", 1);
	_exit(3);	/* SIGPIPE should have ended us */
}

static void write_without_reader_kills_with_sigpipe(void)
{
	CHECK(signal(SIGPIPE, SIG_DFL) != SIG_ERR);
	CHECK_SIGNALED(test_run_child(write_without_reader), SIGPIPE);
}

static void write_without_reader_gives_epipe_if_ignored(void)
{
	pid_t pid;
	int p[2];

	CHECK(signal(SIGPIPE, SIG_IGN) != SIG_ERR);
	make_pipe(p);
	CHECK_OK(close(p[0]));
	CHECK_ERR(write(p[1], "x", 1), EPIPE);
	CHECK_EQ(write(p[1], "", 0), 0);
	/* The read end closed by another process's exit. */
	make_pipe(p);
	pid = test_fork();
	if (pid == 0)
		_exit(0);
	CHECK_OK(close(p[0]));
	CHECK_EXITED(test_wait(pid), 0);
	CHECK_ERR(write(p[1], "xyz", 3), EPIPE);
}

/* A writer blocked on a full pipe whose last reader goes: the write
   returns what it wrote, the next one EPIPE. */
static void blocked_writer_gets_epipe_when_reader_closes(void)
{
	char *buf = calloc(1, PIPE_SIZE + PIPE_BUF);
	pid_t pid;
	int p[2];

	CHECK(buf != NULL);
	make_pipe(p);
	pid = test_fork();
	if (pid == 0) {
		CHECK(signal(SIGPIPE, SIG_IGN) != SIG_ERR);
		CHECK_OK(close(p[0]));
		CHECK_EQ(write(p[1], buf, PIPE_SIZE + PIPE_BUF), PIPE_SIZE);
		CHECK_ERR(write(p[1], buf, 1), EPIPE);
		_exit(0);
	}
	CHECK_OK(close(p[1]));
	wait_for_bytes(p[0], PIPE_SIZE);
	test_sleep_ms(50);
	CHECK_OK(close(p[0]));
	CHECK_EXITED(test_wait(pid), 0);
}

/* ------------------------------------------------------------ capacity */

static void nonblocking_writer_fills_exactly_64k(void)
{
	static char buf[PIPE_SIZE + 10000];
	int p[2], n = 0;

	CHECK_OK(raw_pipe2((uintptr_t)p, O_NONBLOCK));
	CHECK_EQ(write(p[1], buf, sizeof(buf)), PIPE_SIZE);
	CHECK_ERR(write(p[1], buf, 1), EAGAIN);
	CHECK_EQ(unread(p[0]), PIPE_SIZE);
	/* A freed PIPE_BUF takes one PIPE_BUF write, no more. */
	CHECK_EQ(read_full(p[0], buf, PIPE_BUF), PIPE_BUF);
	CHECK_EQ(write(p[1], buf, PIPE_BUF), PIPE_BUF);
	CHECK_ERR(write(p[1], buf, 1), EAGAIN);
	/* The same in writes of 512 bytes. */
	CHECK_OK(raw_pipe2((uintptr_t)p, O_NONBLOCK));
	while (n <= PIPE_SIZE && write(p[1], buf, 512) == 512)
		n += 512;
	CHECK_EQ(n, PIPE_SIZE);
	CHECK_ERR(write(p[1], buf, 512), EAGAIN);
	CHECK_EQ(unread(p[0]), PIPE_SIZE);
}

/* A non-blocking write of at most PIPE_BUF bytes is all or nothing. */
static void nonblocking_pipe_buf_write_is_all_or_nothing(void)
{
	static char buf[PIPE_SIZE];
	int p[2];

	CHECK_OK(raw_pipe2((uintptr_t)p, O_NONBLOCK));
	CHECK_EQ(write(p[1], buf, PIPE_SIZE - 2048), PIPE_SIZE - 2048);
	CHECK_ERR(write(p[1], buf, PIPE_BUF), EAGAIN);
	CHECK_ERR(write(p[1], buf, 2049), EAGAIN);
	CHECK_EQ(unread(p[0]), PIPE_SIZE - 2048);
	CHECK_EQ(write(p[1], buf, 2048), 2048);
	CHECK_ERR(write(p[1], buf, 1), EAGAIN);
	CHECK_EQ(unread(p[0]), PIPE_SIZE);
}

static void writer_blocks_when_full_until_reader_drains(void)
{
	size_t total = PIPE_SIZE + PIPE_BUF;
	uint8_t *buf = malloc(total);
	pid_t pid;
	long bad;
	int p[2], st = 0;

	CHECK(buf != NULL);
	make_pipe(p);
	pid = test_fork();
	if (pid == 0) {
		CHECK_OK(close(p[0]));
		fill_stream(buf, 0, total);
		CHECK_EQ(write(p[1], buf, total), total);
		_exit(0);
	}
	CHECK_OK(close(p[1]));
	wait_for_bytes(p[0], PIPE_SIZE);
	test_sleep_ms(100);
	CHECK_EQ(waitpid(pid, &st, WNOHANG), 0);	/* still blocked */
	CHECK_EQ(unread(p[0]), PIPE_SIZE);
	CHECK_EQ(read_full(p[0], buf, PIPE_BUF), PIPE_BUF);
	CHECK_EXITED(test_wait(pid), 0);		/* woken, done */
	CHECK_EQ(read_full(p[0], buf + PIPE_BUF, total), total - PIPE_BUF);
	bad = stream_mismatch(buf, 0, total);
	if (bad >= 0)
		test_fail("byte %ld differs", bad);
}

/* The index of the first byte of p[0..n) unlike p[0], or -1. */
static long first_unlike(const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 1; i < n; i++)
		if (p[i] != p[0])
			return (long)i;
	return -1;
}

/* Writers of PIPE_BUF-byte records, each record filled with its
   writer's id: a reader, reading in assorted sizes, finds every record
   whole. */
static void pipe_buf_writes_never_interleave(void)
{
	static const size_t sizes[] = { 4096, 1000, 7000, 65536, 12288, 1 };
	enum { NSIZES = sizeof(sizes) / sizeof(sizes[0]) };
	static uint8_t buf[PIPE_SIZE], rec[PIPE_BUF];
	int p[2], w, count[WRITERS + 1] = { 0 }, i, fill = 0, records = 0;
	pid_t pids[WRITERS];
	ssize_t r, k;
	long bad;

	make_pipe(p);
	for (w = 0; w < WRITERS; w++) {
		pids[w] = test_fork();
		if (pids[w] == 0) {
			CHECK_OK(close(p[0]));
			memset(rec, w + 1, sizeof(rec));
			for (i = 0; i < RECORDS; i++)
				CHECK_EQ(write(p[1], rec, PIPE_BUF), PIPE_BUF);
			_exit(0);
		}
	}
	CHECK_OK(close(p[1]));
	for (i = 0; (r = read(p[0], buf, sizes[i % NSIZES])) > 0; i++) {
		for (k = 0; k < r; k++) {
			rec[fill++] = buf[k];
			if (fill < PIPE_BUF)
				continue;
			bad = first_unlike(rec, PIPE_BUF);
			if (rec[0] < 1 || rec[0] > WRITERS || bad >= 0)
				test_fail("record %d is not one writer's: "
					  "byte 0 is %d, byte %ld is %d",
					  records, rec[0], bad,
					  rec[bad >= 0 ? bad : 0]);
			count[rec[0]]++;
			records++;
			fill = 0;
		}
	}
	CHECK_EQ(r, 0);
	CHECK_EQ(fill, 0);
	for (w = 0; w < WRITERS; w++) {
		CHECK_EXITED(test_wait(pids[w]), 0);
		CHECK_EQ(count[w + 1], RECORDS);
	}
}

/* 4 MiB from one process to another in writes and reads of assorted
   sizes: both sides' checksums agree and every byte is in place. */
static void transfer_4m_intact(void)
{
	static const size_t sizes[] = { 1, 3, 512, 1000, 4095, 4096, 4097,
					8192, 30000, 65535, 65536, 65537,
					200000 };
	enum { NSIZES = sizeof(sizes) / sizeof(sizes[0]) };
	uint8_t *buf = malloc(200000);
	uint64_t pos = 0, sum = 0xcbf29ce484222325ull, theirs = 0;
	int p[2], s[2], i = 0;
	long bad;
	pid_t pid;
	ssize_t r;

	CHECK(buf != NULL);
	make_pipe(p);
	make_pipe(s);
	pid = test_fork();
	if (pid == 0) {
		CHECK_OK(close(p[0]));
		CHECK_OK(close(s[0]));
		while (pos < TRANSFER) {
			size_t n = sizes[(i++ * 7) % NSIZES];

			if (n > TRANSFER - pos)
				n = TRANSFER - pos;
			fill_stream(buf, pos, n);
			sum = fnv1a(sum, buf, n);
			write_full(p[1], buf, n);
			pos += n;
		}
		CHECK_OK(close(p[1]));
		CHECK_EQ(write(s[1], &sum, sizeof(sum)), sizeof(sum));
		_exit(0);
	}
	CHECK_OK(close(p[1]));
	CHECK_OK(close(s[1]));
	while ((r = read(p[0], buf, sizes[(i++ * 5) % NSIZES])) > 0) {
		if (pos + r > TRANSFER)
			test_fail("more than %d bytes arrived", TRANSFER);
		bad = stream_mismatch(buf, pos, r);
		if (bad >= 0)
			test_fail("byte %ld differs", bad);
		sum = fnv1a(sum, buf, r);
		pos += r;
	}
	CHECK_EQ(r, 0);
	CHECK_EQ(pos, TRANSFER);
	CHECK_EQ(read_full(s[0], &theirs, sizeof(theirs)), sizeof(theirs));
	CHECK_EQ(sum, theirs);
	CHECK_EXITED(test_wait(pid), 0);
}

/* ------------------------------------------------------- fork and exec */

static void fork_shares_open_pipe(void)
{
	char buf[8];
	pid_t pid;
	int p[2];

	make_pipe(p);
	pid = test_fork();
	if (pid == 0) {
		CHECK_EQ(write(p[1], "abc", 3), 3);
		CHECK_EQ(read(p[0], buf, sizeof(buf)), 3);
		CHECK(memcmp(buf, "abc", 3) == 0);
		CHECK_EQ(write(p[1], "def", 3), 3);
		CHECK_OK(close(p[0]));
		CHECK_OK(close(p[1]));
		_exit(0);
	}
	CHECK_EXITED(test_wait(pid), 0);
	CHECK(is_open(p[0]) && is_open(p[1]));
	CHECK_EQ(read(p[0], buf, sizeof(buf)), 3);
	CHECK(memcmp(buf, "def", 3) == 0);
	CHECK_EQ(write(p[1], "xyz", 3), 3);
	CHECK_EQ(read(p[0], buf, sizeof(buf)), 3);
	CHECK(memcmp(buf, "xyz", 3) == 0);
}

/* The child's descriptors share the parent's open files (status flags)
   but are its own (FD_CLOEXEC, and what it opens). */
static void fork_shares_status_flags_not_cloexec(void)
{
	int p[2], low;
	pid_t pid;

	make_pipe(p);
	low = lowest_free();
	/* Past the 64 slots a table starts with: copied too. */
	CHECK_EQ(raw_dup3(p[0], 500, O_CLOEXEC), 500);
	pid = test_fork();
	if (pid == 0) {
		int q[2];

		CHECK_EQ(raw_fcntl(500, F_GETFD, 0), FD_CLOEXEC);
		CHECK_OK(raw_fcntl(500, F_SETFL, O_NONBLOCK));
		CHECK_OK(raw_fcntl(p[0], F_SETFD, FD_CLOEXEC));
		make_pipe(q);
		CHECK_EQ(q[0], low);
		_exit(0);
	}
	CHECK_EXITED(test_wait(pid), 0);
	CHECK_EQ(raw_fcntl(p[0], F_GETFL, 0), O_RDONLY | O_NONBLOCK);
	CHECK_EQ(raw_fcntl(p[0], F_GETFD, 0), 0);
	CHECK(!is_open(low));
	CHECK_OK(close(500));
}

static const char *self_path(void)
{
	if (test_argv0[0] == '/' && access(test_argv0, X_OK) == 0)
		return test_argv0;
	if (access("/proc/self/exe", X_OK) == 0)
		return "/proc/self/exe";
	return test_argv0;
}

/*
 * After exec, descriptors 20, 21, 22, 200 and a pipe2(O_CLOEXEC) pair
 * (set close-on-exec by dup3, F_DUPFD_CLOEXEC, F_SETFD, pipe2) are
 * closed; 30, 31 and 300 (plain dup2; dup3 O_CLOEXEC undone by F_SETFD)
 * are open, still p's write end: the helper writes its number (its low
 * byte) into each.
 */
static void exec_closes_cloexec_keeps_others(void)
{
	char closed[64], buf[8];
	const char *path = self_path();
	pid_t pid;
	int p[2], q[2];

	make_pipe(p);
	pid = test_fork();
	if (pid == 0) {
		char *argv[] = { (char *)path, CHECK_FDS, closed,
				 "30,31,300", NULL };

		CHECK_OK(raw_pipe2((uintptr_t)q, O_CLOEXEC));
		CHECK_EQ(raw_dup3(p[1], 20, O_CLOEXEC), 20);
		CHECK_EQ(raw_fcntl(p[1], F_DUPFD_CLOEXEC, 21), 21);
		CHECK_EQ(raw_dup2(p[1], 22), 22);
		CHECK_OK(raw_fcntl(22, F_SETFD, FD_CLOEXEC));
		CHECK_EQ(raw_dup2(p[1], 30), 30);
		CHECK_EQ(raw_dup3(p[1], 31, O_CLOEXEC), 31);
		CHECK_OK(raw_fcntl(31, F_SETFD, 0));
		CHECK_EQ(raw_dup3(p[1], 200, O_CLOEXEC), 200);
		CHECK_EQ(raw_dup2(p[1], 300), 300);
		CHECK_OK(close(p[0]));
		CHECK_OK(close(p[1]));
		snprintf(closed, sizeof(closed), "20,21,22,200,%d,%d,%d,%d", q[0],
			 q[1], p[0], p[1]);
		execv(path, argv);
		test_fail("execv %s: %s", path, strerror(errno));
	}
	CHECK_OK(close(p[1]));
	CHECK_EXITED(test_wait(pid), 0);
	CHECK_EQ(read_full(p[0], buf, sizeof(buf)), 3);
	CHECK(buf[0] == 30 && buf[1] == 31 && buf[2] == (char)300);
}

/* The helper: each of the comma-separated descriptors in closed must
   be closed, each in open open (without FD_CLOEXEC) and writable. */
static int check_fds(const char *closed, const char *open)
{
	const char *s;
	char *end;
	int fd, bad = 0;

	for (fd = 0; fd <= 2; fd++)
		if (!is_open(fd)) {
			test_say("  " CHECK_FDS ": fd %d closed\n", fd);
			bad = 1;
		}
	for (s = closed; *s; s = *end ? end + 1 : end) {
		fd = strtol(s, &end, 10);
		errno = 0;
		if (raw_fcntl(fd, F_GETFD, 0) != -1 || errno != EBADF) {
			test_say("  " CHECK_FDS ": fd %d open after exec, "
				 "expected closed by FD_CLOEXEC\n", fd);
			bad = 1;
		}
	}
	for (s = open; *s; s = *end ? end + 1 : end) {
		char c;

		fd = strtol(s, &end, 10);
		c = (char)fd;
		if (raw_fcntl(fd, F_GETFD, 0) != 0 || write(fd, &c, 1) != 1) {
			test_say("  " CHECK_FDS ": fd %d not open and "
				 "writable after exec: %s\n", fd,
				 strerror(errno));
			bad = 1;
		}
	}
	return bad;
}

/* ------------------------------------------------ readv, lseek, ioctl */

static void readv_writev_on_pipe(void)
{
	static struct iovec many[IOV_MAX_LINUX];
	char a[2], b[3], c[10], big[IOV_MAX_LINUX];
	struct iovec out[] = { { "abc", 3 }, { "", 0 }, { "defgh", 5 } };
	struct iovec in[] = { { a, 2 }, { NULL, 0 }, { b, 3 }, { c, 10 } };
	int p[2], i;

	make_pipe(p);
	CHECK_EQ(writev(p[1], out, 3), 8);
	CHECK_EQ(readv(p[0], in, 4), 8);
	CHECK(memcmp(a, "ab", 2) == 0 && memcmp(b, "cde", 3) == 0 &&
	      memcmp(c, "fgh", 3) == 0);
	CHECK_EQ(writev(p[1], out, 0), 0);
	CHECK_EQ(readv(p[0], in, 0), 0);
	for (i = 0; i < IOV_MAX_LINUX; i++) {
		many[i].iov_base = (char *)"0123456789" + i % 10;
		many[i].iov_len = 1;
	}
	CHECK_EQ(writev(p[1], many, IOV_MAX_LINUX), IOV_MAX_LINUX);
	CHECK_EQ(read_full(p[0], big, sizeof(big)), sizeof(big));
	for (i = 0; i < IOV_MAX_LINUX; i++)
		CHECK_EQ(big[i], '0' + i % 10);
	CHECK_EQ(unread(p[0]), 0);
}

static void readv_writev_bad_arguments(void)
{
	struct iovec v = { "x", 1 }, huge = { "x", (size_t)1 << 63 };
	struct iovec nul = { NULL, 1 };
	int p[2];

	make_pipe(p);
	CHECK_ERR(writev(p[1], &v, -1), EINVAL);
	CHECK_ERR(readv(p[0], &v, -1), EINVAL);
	CHECK_ERR(writev(p[1], &v, IOV_MAX_LINUX + 1), EINVAL);
	CHECK_ERR(readv(p[0], &v, IOV_MAX_LINUX + 1), EINVAL);
	CHECK_ERR(writev(p[1], &huge, 1), EINVAL);
	CHECK_ERR(readv(p[0], &huge, 1), EINVAL);
	CHECK_ERR(syscall(SYS_writev, p[1], 0, 1), EFAULT);
	CHECK_ERR(syscall(SYS_readv, p[0], TEST_KERNEL_LO, 1), EFAULT);
	CHECK_ERR(writev(p[1], &nul, 1), EFAULT);
	CHECK_EQ(unread(p[0]), 0);
}

/* A bad buffer gives EFAULT and loses no data. */
static void read_write_bad_buffer_gives_efault(void)
{
	char buf[16];
	int p[2];

	make_pipe(p);
	CHECK_ERR(write(p[1], NULL, 10), EFAULT);
	CHECK_ERR(syscall(SYS_write, p[1], TEST_KERNEL_LO, 10), EFAULT);
	CHECK_EQ(unread(p[0]), 0);
	CHECK_EQ(write(p[1], "0123456789", 10), 10);
	CHECK_ERR(read(p[0], NULL, 10), EFAULT);
	CHECK_ERR(syscall(SYS_read, p[0], TEST_KERNEL_LO, 10), EFAULT);
	CHECK_EQ(unread(p[0]), 10);
	CHECK_EQ(read(p[0], buf, sizeof(buf)), 10);
	CHECK(memcmp(buf, "0123456789", 10) == 0);
}

#ifndef RWF_APPEND
#define RWF_APPEND	0x10
#endif

static char *file_contents(int fd, char *buf, size_t size)
{
	long n = pread(fd, buf, size - 1, 0);

	buf[n < 0 ? 0 : n] = 0;
	return buf;
}

/*
 * preadv/pwritev work at the offset given and leave the file's position
 * alone; preadv2/pwritev2 also take -1 (the position, which moves) and
 * flags. As on Linux, pwrite and pwritev on an O_APPEND file append,
 * whatever the offset.
 */
static void preadv_pwritev_at_offsets(void)
{
	const char *path = "/tmp/test_fd.preadv";
	char a[3], b[5], buf[64];
	struct iovec in[] = { { a, 3 }, { b, 4 } };
	struct iovec out[] = { { "ab", 2 }, { "", 0 }, { "cd", 2 } };
	int fd, p[2];

	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	CHECK_OK(fd);
	CHECK_EQ(write(fd, "0123456789", 10), 10);
	CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
	CHECK_EQ(preadv(fd, in, 2, 2), 7);
	CHECK(memcmp(a, "234", 3) == 0 && memcmp(b, "5678", 4) == 0);
	CHECK_EQ(preadv(fd, in, 2, 8), 2);		/* short at the end */
	CHECK_EQ(pwritev(fd, out, 3, 8), 4);
	CHECK(strcmp(file_contents(fd, buf, sizeof(buf)), "01234567abcd") == 0);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 0);		/* never moved */
	CHECK_EQ(lseek(fd, 1, SEEK_SET), 1);
	CHECK_EQ(syscall(SYS_preadv2, fd, in, 1, -1L, 0L, 0), 3);
	CHECK(memcmp(a, "123", 3) == 0);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 4);		/* -1: it moved */
	CHECK_EQ(syscall(SYS_pwritev2, fd, out, 1, 0L, 0L, RWF_APPEND), 2);
	CHECK(strcmp(file_contents(fd, buf, sizeof(buf)), "01234567abcdab") == 0);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 4);
	CHECK_EQ(syscall(SYS_pwritev2, fd, out + 2, 1, -1L, 0L, RWF_APPEND), 2);
	CHECK(strcmp(file_contents(fd, buf, sizeof(buf)), "01234567abcdabcd") == 0);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 16);		/* -1: to the end */
	CHECK_OK(ftruncate(fd, 14));
	CHECK_ERR(syscall(SYS_preadv2, fd, in, 1, 0, 0, 0x80000), EOPNOTSUPP);
	CHECK_ERR(preadv(fd, in, 1, -1), EINVAL);
	CHECK_ERR(pwritev(fd, out, 1, -2), EINVAL);
	CHECK_ERR(preadv(fd, in, -1, 0), EINVAL);
	CHECK_OK(close(fd));
	fd = open(path, O_WRONLY | O_APPEND);
	CHECK_OK(fd);
	CHECK_EQ(pwrite(fd, "Z", 1, 0), 1);		/* appended */
	CHECK_EQ(pwritev(fd, out, 1, 3), 2);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 0);
	CHECK_ERR(preadv(fd, in, 1, 0), EBADF);		/* write only */
	CHECK_OK(close(fd));
	fd = open(path, O_RDONLY);
	CHECK_OK(fd);
	CHECK(strcmp(file_contents(fd, buf, sizeof(buf)), "01234567abcdabZab") == 0);
	CHECK_ERR(pwritev(fd, out, 1, 0), EBADF);
	CHECK_OK(close(fd));
	CHECK_OK(unlink(path));
	make_pipe(p);
	CHECK_ERR(preadv(p[0], in, 1, 0), ESPIPE);
	CHECK_ERR(pwritev(p[1], out, 1, 0), ESPIPE);
	CHECK_ERR(pread(p[0], buf, 1, 0), ESPIPE);
	/* Memory devices have no offsets: any is fine. */
	fd = open("/dev/zero", O_RDWR);
	CHECK_OK(fd);
	memset(buf, 'x', sizeof(buf));
	CHECK_EQ(pread(fd, buf, 8, 12345), 8);
	CHECK(buf[0] == 0 && buf[7] == 0 && buf[8] == 'x');
	CHECK_EQ(pwritev(fd, out, 3, 99), 4);
	CHECK_OK(close(fd));
	fd = open("/dev/null", O_RDONLY);
	CHECK_OK(fd);
	CHECK_EQ(preadv(fd, in, 2, 7), 0);
	CHECK_OK(close(fd));
}

static void lseek_on_pipe_gives_espipe(void)
{
	int p[2];

	make_pipe(p);
	CHECK_ERR(lseek(p[0], 0, SEEK_CUR), ESPIPE);
	CHECK_ERR(lseek(p[0], 10, SEEK_SET), ESPIPE);
	CHECK_ERR(lseek(p[1], 0, SEEK_END), ESPIPE);
	CHECK_EQ(write(p[1], "abc", 3), 3);
	CHECK_ERR(lseek(p[0], 1, SEEK_SET), ESPIPE);
	CHECK_EQ(unread(p[0]), 3);
}

static void fionread_counts_unread_bytes(void)
{
	static char buf[PIPE_SIZE];
	struct winsize ws;
	int p[2];

	make_pipe(p);
	CHECK_EQ(unread(p[0]), 0);
	CHECK_EQ(write(p[1], buf, 100), 100);
	CHECK_EQ(unread(p[0]), 100);
	CHECK_EQ(read(p[0], buf, 30), 30);
	CHECK_EQ(unread(p[0]), 70);
	CHECK_EQ(write(p[1], buf, 5000), 5000);
	CHECK_EQ(unread(p[0]), 5070);
	CHECK_EQ(read_full(p[0], buf, 5070), 5070);
	CHECK_EQ(unread(p[0]), 0);
	CHECK_ERR(ioctl(p[0], FIONREAD, NULL), EFAULT);
	CHECK_ERR(ioctl(p[0], TIOCGWINSZ, &ws), ENOTTY);
}

/* --------------------------------------------------------------- kill */

static void sigkill_ends_blocked_pipe_io(void)
{
	static char buf[PIPE_SIZE + 1];
	pid_t reader, writer;
	int p[2], q[2];

	make_pipe(p);
	make_pipe(q);
	reader = test_fork();
	if (reader == 0) {
		read(p[0], buf, 1);
		_exit(3);
	}
	writer = test_fork();
	if (writer == 0) {
		write(q[1], buf, sizeof(buf));
		_exit(3);
	}
	wait_for_bytes(q[0], PIPE_SIZE);
	test_sleep_ms(50);
	CHECK_OK(kill(reader, SIGKILL));
	CHECK_OK(kill(writer, SIGKILL));
	CHECK_SIGNALED(test_wait(reader), SIGKILL);
	CHECK_SIGNALED(test_wait(writer), SIGKILL);
	CHECK_EQ(unread(p[0]), 0);
	CHECK_EQ(unread(q[0]), PIPE_SIZE);
}

/* sendfile: from a file to a pipe and to a file, from the position
   (advanced) or from an offset (updated; the position stays); its
   errors as on Linux. */
static void sendfile_copies(void)
{
	const char *path = "/tmp/test_fd.sendfile", *copy = "/tmp/test_fd.sf2";
	char data[10000], got[10000];
	int in, out, p[2], i;
	off_t off;

	for (i = 0; i < (int)sizeof(data); i++)
		data[i] = (char)(i * 13 + 5);
	out = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK(out >= 0);
	write_full(out, data, sizeof(data));
	close(out);
	in = open(path, O_RDONLY);
	CHECK(in >= 0);
	CHECK_OK(pipe(p));
	/* From the position: 100 bytes, which it advances. */
	CHECK_EQ(sendfile(p[1], in, NULL, 100), 100);
	CHECK_EQ(lseek(in, 0, SEEK_CUR), 100);
	CHECK_EQ(read_full(p[0], got, 100), 100);
	CHECK(memcmp(got, data, 100) == 0);
	/* From an offset: the position stays, the offset moves. */
	off = 5000;
	CHECK_EQ(sendfile(p[1], in, &off, 50), 50);
	CHECK_EQ(off, 5050);
	CHECK_EQ(lseek(in, 0, SEEK_CUR), 100);
	CHECK_EQ(read_full(p[0], got, 50), 50);
	CHECK(memcmp(got, data + 5000, 50) == 0);
	/* To a file, past the end of the input: what there is. */
	out = open(copy, O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK(out >= 0);
	off = 0;
	CHECK_EQ(sendfile(out, in, &off, 20000), (long)sizeof(data));
	CHECK_EQ(off, (long)sizeof(data));
	CHECK_EQ(sendfile(out, in, &off, 10), 0);	/* at the end */
	CHECK_EQ(pread(out, got, sizeof(got), 0), (long)sizeof(data));
	CHECK(memcmp(got, data, sizeof(data)) == 0);
	/* Errors: input not a regular file, output read-only or append,
	   a bad offset pointer, a negative offset, closed descriptors. */
	CHECK_ERR(sendfile(out, p[0], NULL, 10), EINVAL);
	CHECK_ERR(sendfile(in, in, NULL, 10), EBADF);
	CHECK_ERR(sendfile(p[1], in, (off_t *)16, 10), EFAULT);
	off = -1;
	CHECK_ERR(sendfile(p[1], in, &off, 10), EINVAL);
	CHECK_ERR(sendfile(p[1], 999, NULL, 10), EBADF);
	close(out);
	out = open(copy, O_WRONLY | O_APPEND);
	CHECK(out >= 0);
	CHECK_ERR(sendfile(out, in, NULL, 10), EINVAL);
	close(out);
	close(in);
	close(p[0]);
	close(p[1]);
	unlink(path);
	unlink(copy);
}

static const struct test_case cases[] = {
	{ "sendfile_copies", sendfile_copies },
	{ "std_descriptors_open_at_start", std_descriptors_open_at_start },
	{ "close_twice_gives_ebadf", close_twice_gives_ebadf },
	{ "bad_descriptors_give_ebadf", bad_descriptors_give_ebadf },
	{ "wrong_pipe_end_gives_ebadf", wrong_pipe_end_gives_ebadf },
	{ "dup_returns_lowest_free", dup_returns_lowest_free },
	{ "dup_shares_file_not_cloexec", dup_shares_file_not_cloexec },
	{ "dup2_closes_target_first", dup2_closes_target_first },
	{ "dup2_same_fd_returns_it", dup2_same_fd_returns_it },
	{ "dup2_bad_target_gives_ebadf", dup2_bad_target_gives_ebadf },
	{ "dup3_flags", dup3_flags },
	{ "fcntl_dupfd_lowest_at_or_above_arg",
	  fcntl_dupfd_lowest_at_or_above_arg },
	{ "fcntl_cloexec_flag", fcntl_cloexec_flag },
	{ "fcntl_status_flags_of_a_pipe", fcntl_status_flags_of_a_pipe },
	{ "fd_limit_gives_emfile", fd_limit_gives_emfile },
	{ "pipe_takes_two_lowest_fds", pipe_takes_two_lowest_fds },
	{ "pipe2_flags", pipe2_flags },
	{ "pipe_bad_pointer_gives_efault", pipe_bad_pointer_gives_efault },
	{ "pipe_keeps_data_in_order", pipe_keeps_data_in_order },
	{ "read_returns_what_is_available", read_returns_what_is_available },
	{ "empty_nonblocking_read_gives_eagain",
	  empty_nonblocking_read_gives_eagain },
	{ "read_gets_eof_when_all_writers_closed",
	  read_gets_eof_when_all_writers_closed },
	{ "write_without_reader_kills_with_sigpipe",
	  write_without_reader_kills_with_sigpipe },
	{ "write_without_reader_gives_epipe_if_ignored",
	  write_without_reader_gives_epipe_if_ignored },
	{ "blocked_writer_gets_epipe_when_reader_closes",
	  blocked_writer_gets_epipe_when_reader_closes },
	{ "nonblocking_writer_fills_exactly_64k",
	  nonblocking_writer_fills_exactly_64k },
	{ "nonblocking_pipe_buf_write_is_all_or_nothing",
	  nonblocking_pipe_buf_write_is_all_or_nothing },
	{ "writer_blocks_when_full_until_reader_drains",
	  writer_blocks_when_full_until_reader_drains },
	{ "pipe_buf_writes_never_interleave",
	  pipe_buf_writes_never_interleave },
	{ "transfer_4m_intact", transfer_4m_intact },
	{ "fork_shares_open_pipe", fork_shares_open_pipe },
	{ "fork_shares_status_flags_not_cloexec",
	  fork_shares_status_flags_not_cloexec },
	{ "exec_closes_cloexec_keeps_others",
	  exec_closes_cloexec_keeps_others },
	{ "readv_writev_on_pipe", readv_writev_on_pipe },
	{ "readv_writev_bad_arguments", readv_writev_bad_arguments },
	{ "read_write_bad_buffer_gives_efault",
	  read_write_bad_buffer_gives_efault },
	{ "lseek_on_pipe_gives_espipe", lseek_on_pipe_gives_espipe },
	{ "preadv_pwritev_at_offsets", preadv_pwritev_at_offsets },
	{ "fionread_counts_unread_bytes", fionread_counts_unread_bytes },
	{ "sigkill_ends_blocked_pipe_io", sigkill_ends_blocked_pipe_io },
};

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], CHECK_FDS) == 0)
		return check_fds(argv[2], argv[3]);
	return test_main("test_fd", cases,
			 (int)(sizeof(cases) / sizeof(cases[0])), argc, argv);
}
