/*
 * test_pgrp: process groups and sessions (setpgid, getpgid, getpgrp,
 * setsid, getsid), signals and waits addressed to groups, and the
 * terminal's foreground group. Each case runs in a forked child (test.h).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test.h"

/* A child that waits to be killed (or for 30 s). */
static pid_t sleeper(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		sleep(30);
		_exit(0);
	}
	return pid;
}

static void child_inherits_group_and_session(void)
{
	pid_t pid;
	int st;

	pid = fork();
	if (pid == 0)
		_exit(getpgrp() == getpgid(getppid()) &&
		      getsid(0) == getsid(getppid()) ? 0 : 1);
	CHECK(waitpid(pid, &st, 0) == pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK(getpgid(0) == getpgrp());
}

static void setpgid_makes_a_new_group(void)
{
	pid_t pid = sleeper();

	CHECK(setpgid(pid, pid) == 0);
	CHECK(getpgid(pid) == pid);
	CHECK(setpgid(0, 0) == 0);		/* the caller leads its own */
	CHECK(getpgrp() == getpid());
	CHECK(kill(pid, SIGKILL) == 0);
	CHECK(waitpid(pid, NULL, 0) == pid);
}

static void setpgid_errors(void)
{
	errno = 0;
	CHECK(setpgid(0, -1) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(setpgid(1, 1) == -1 && errno == ESRCH);	/* not our child */
	errno = 0;
	CHECK(getpgid(999999) == -1 && errno == ESRCH);
	errno = 0;
	CHECK(getsid(999999) == -1 && errno == ESRCH);
}

static void setsid_makes_a_new_session(void)
{
	pid_t pid;
	int st;

	pid = fork();
	if (pid == 0) {
		pid_t sid = setsid();

		_exit(sid == getpid() && getsid(0) == getpid() &&
		      getpgrp() == getpid() ? 0 : 1);
	}
	CHECK(waitpid(pid, &st, 0) == pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	/* A group leader cannot. */
	CHECK(setpgid(0, 0) == 0);
	errno = 0;
	CHECK(setsid() == -1 && errno == EPERM);
}

static void kill_reaches_a_whole_group(void)
{
	pid_t a = sleeper(), b = sleeper();
	int st;

	CHECK(setpgid(a, a) == 0);
	CHECK(setpgid(b, a) == 0);
	CHECK(kill(-a, SIGTERM) == 0);
	CHECK(waitpid(a, &st, 0) == a && WIFSIGNALED(st) &&
	      WTERMSIG(st) == SIGTERM);
	CHECK(waitpid(b, &st, 0) == b && WIFSIGNALED(st) &&
	      WTERMSIG(st) == SIGTERM);
	errno = 0;
	CHECK(kill(-a, SIGTERM) == -1 && errno == ESRCH);
}

static void waitpid_by_group(void)
{
	pid_t a, b;
	int st;

	CHECK(setpgid(0, 0) == 0);
	a = fork();
	if (a == 0) {
		setpgid(0, 0);
		_exit(3);
	}
	setpgid(a, a);
	b = fork();
	if (b == 0)
		_exit(4);
	/* Only b is in our group. */
	CHECK(waitpid(0, &st, 0) == b && WEXITSTATUS(st) == 4);
	CHECK(waitpid(-a, &st, 0) == a && WEXITSTATUS(st) == 3);
	errno = 0;
	CHECK(waitpid(0, &st, WNOHANG) == -1 && errno == ECHILD);
}

static void terminal_foreground_group(void)
{
	pid_t fg;

	if (!isatty(0)) {
		test_say("skipped: standard input is not a terminal\n");
		return;
	}
	fg = tcgetpgrp(0);
	CHECK(fg > 0);
	errno = 0;
	CHECK(ioctl(0, TIOCSPGRP, &(pid_t){ -5 }) == -1 && errno == EINVAL);
	CHECK(tcgetpgrp(0) == fg);
}

/*
 * POSIX: a process group with a stopped member that becomes orphaned (no
 * member has a parent in another group of its session) gets SIGHUP, then
 * SIGCONT. Here a session leader S has a child L leading group G, and
 * L's child M in G stops itself; when L exits, M goes to init (another
 * session), G is orphaned, and M must see SIGHUP (its handler reports
 * it through a pipe) and run again.
 */
static int hup_fd;

static void on_hup(int sig)
{
	(void)!write(hup_fd, "H", 1);
}

static void orphaned_stopped_group_is_hung_up(void)
{
	struct pollfd p;
	int fds[2], st;
	char got[3] = { 0 };
	pid_t s;

	CHECK(pipe(fds) == 0);
	s = fork();
	CHECK(s >= 0);
	if (s == 0) {
		pid_t l;

		close(fds[0]);
		setsid();
		l = fork();
		if (l == 0) {
			pid_t m;

			setpgid(0, 0);
			m = fork();
			if (m == 0) {
				hup_fd = fds[1];
				signal(SIGHUP, on_hup);
				raise(SIGSTOP);
				(void)!write(fds[1], "C", 1);	/* continued */
				_exit(0);
			}
			waitpid(m, &st, WUNTRACED);
			_exit(WIFSTOPPED(st) ? 0 : 1);	/* G is orphaned now */
		}
		waitpid(l, &st, 0);
		_exit(WIFEXITED(st) ? WEXITSTATUS(st) : 2);
	}
	close(fds[1]);
	CHECK(waitpid(s, &st, 0) == s && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	p.fd = fds[0];
	p.events = POLLIN;
	CHECK(poll(&p, 1, 10000) == 1 && read(fds[0], got, 1) == 1);
	CHECK(poll(&p, 1, 10000) == 1 && read(fds[0], got + 1, 1) == 1);
	CHECK_EQ(strcmp(got, "HC"), 0);
	close(fds[0]);
}

static const struct test_case cases[] = {
	{ "child_inherits_group_and_session", child_inherits_group_and_session },
	{ "setpgid_makes_a_new_group", setpgid_makes_a_new_group },
	{ "setpgid_errors", setpgid_errors },
	{ "setsid_makes_a_new_session", setsid_makes_a_new_session },
	{ "kill_reaches_a_whole_group", kill_reaches_a_whole_group },
	{ "waitpid_by_group", waitpid_by_group },
	{ "terminal_foreground_group", terminal_foreground_group },
	{ "orphaned_stopped_group_is_hung_up", orphaned_stopped_group_is_hung_up },
};

int main(int argc, char **argv)
{
	return test_main("test_pgrp", cases, sizeof(cases) / sizeof(cases[0]),
			 argc, argv);
}
