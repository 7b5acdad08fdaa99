/*
 * test_poll: poll, ppoll, select and pselect on pipes (readiness, end of
 * file, timeouts, a writer waking a blocked poller), with the error
 * cases. Each case runs in a forked child (test.h).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sys/select.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "test.h"

static long ms_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (t1.tv_sec - t0->tv_sec) * 1000 + (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

static void empty_pipe_is_not_readable(void)
{
	int p[2];
	struct pollfd f[2];

	CHECK(pipe(p) == 0);
	f[0] = (struct pollfd){ .fd = p[0], .events = POLLIN };
	f[1] = (struct pollfd){ .fd = p[1], .events = POLLOUT };
	CHECK(poll(f, 2, 0) == 1);
	CHECK(f[0].revents == 0);
	CHECK(f[1].revents == POLLOUT);
}

static void data_makes_pipe_readable(void)
{
	int p[2];
	struct pollfd f;

	CHECK(pipe(p) == 0);
	CHECK(write(p[1], "x", 1) == 1);
	f = (struct pollfd){ .fd = p[0], .events = POLLIN };
	CHECK(poll(&f, 1, 0) == 1);
	CHECK(f.revents == POLLIN);
}

static void closed_writer_gives_pollhup(void)
{
	int p[2];
	struct pollfd f;

	CHECK(pipe(p) == 0);
	CHECK(close(p[1]) == 0);
	f = (struct pollfd){ .fd = p[0], .events = POLLIN };
	CHECK(poll(&f, 1, 0) == 1);
	CHECK(f.revents & POLLHUP);
}

static void closed_reader_gives_pollerr(void)
{
	int p[2];
	struct pollfd f;

	CHECK(pipe(p) == 0);
	CHECK(close(p[0]) == 0);
	f = (struct pollfd){ .fd = p[1], .events = POLLOUT };
	CHECK(poll(&f, 1, 0) == 1);
	CHECK(f.revents & POLLERR);
}

static void bad_and_negative_descriptors(void)
{
	struct pollfd f[2] = { { .fd = -1, .events = POLLIN },
			       { .fd = 999, .events = POLLIN } };

	CHECK(poll(f, 2, 0) == 1);
	CHECK(f[0].revents == 0);
	CHECK(f[1].revents == POLLNVAL);
}

static void timeout_is_honoured(void)
{
	int p[2];
	struct pollfd f;
	struct timespec t0;
	long ms;

	CHECK(pipe(p) == 0);
	f = (struct pollfd){ .fd = p[0], .events = POLLIN };
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK(poll(&f, 1, 150) == 0);
	ms = ms_since(&t0);
	CHECK(ms >= 150 && ms < 2000);
}

static void writer_wakes_blocked_poller(void)
{
	int p[2];
	struct pollfd f;
	pid_t pid;

	CHECK(pipe(p) == 0);
	pid = fork();
	if (pid == 0) {
		usleep(200 * 1000);
		_exit(write(p[1], "y", 1) == 1 ? 0 : 1);
	}
	f = (struct pollfd){ .fd = p[0], .events = POLLIN };
	CHECK(poll(&f, 1, -1) == 1);
	CHECK(f.revents == POLLIN);
	CHECK(waitpid(pid, NULL, 0) == pid);
}

static void select_reports_ready_sets(void)
{
	int p[2];
	fd_set r, w;
	struct timeval tv = { 0, 0 };

	CHECK(pipe(p) == 0);
	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_SET(p[0], &r);
	FD_SET(p[1], &w);
	CHECK(select(p[1] + 1, &r, &w, NULL, &tv) == 1);
	CHECK(!FD_ISSET(p[0], &r) && FD_ISSET(p[1], &w));
	CHECK(write(p[1], "z", 1) == 1);
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	CHECK(select(p[0] + 1, &r, NULL, NULL, &tv) == 1);
	CHECK(FD_ISSET(p[0], &r));
}

static void select_timeout_and_ebadf(void)
{
	fd_set r;
	struct timeval tv = { 0, 100 * 1000 };
	struct timespec ts = { 0, 50 * 1000 * 1000 }, t0;
	int p[2];

	CHECK(pipe(p) == 0);
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK(select(p[0] + 1, &r, NULL, NULL, &tv) == 0);
	CHECK(ms_since(&t0) >= 100);
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	CHECK(pselect(p[0] + 1, &r, NULL, NULL, &ts, NULL) == 0);
	CHECK(close(p[0]) == 0);
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	errno = 0;
	CHECK(select(p[0] + 1, &r, NULL, NULL, &tv) == -1 && errno == EBADF);
}

static void ppoll_checks_its_timeout(void)
{
	struct timespec bad = { 0, 2000000000L };
	struct pollfd f = { .fd = 0, .events = POLLOUT };

	errno = 0;
	CHECK(ppoll(&f, 1, &bad, NULL) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(poll(&f, 100000, 0) == -1 && errno == EINVAL);
}

static const struct test_case cases[] = {
	{ "empty_pipe_is_not_readable", empty_pipe_is_not_readable },
	{ "data_makes_pipe_readable", data_makes_pipe_readable },
	{ "closed_writer_gives_pollhup", closed_writer_gives_pollhup },
	{ "closed_reader_gives_pollerr", closed_reader_gives_pollerr },
	{ "bad_and_negative_descriptors", bad_and_negative_descriptors },
	{ "timeout_is_honoured", timeout_is_honoured },
	{ "writer_wakes_blocked_poller", writer_wakes_blocked_poller },
	{ "select_reports_ready_sets", select_reports_ready_sets },
	{ "select_timeout_and_ebadf", select_timeout_and_ebadf },
	{ "ppoll_checks_its_timeout", ppoll_checks_its_timeout },
};

int main(int argc, char **argv)
{
	signal(SIGPIPE, SIG_IGN);
	return test_main("test_poll", cases, sizeof(cases) / sizeof(cases[0]),
			 argc, argv);
}
