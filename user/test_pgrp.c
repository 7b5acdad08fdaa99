/*
 * test_pgrp: process groups and sessions (setpgid, getpgid, getpgrp,
 * setsid, getsid), signals and waits addressed to groups, and the
 * terminal's foreground group. Each case runs in a forked child (test.h).
 */
#define _GNU_SOURCE
#include <errno.h>
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

static const struct test_case cases[] = {
	{ "child_inherits_group_and_session", child_inherits_group_and_session },
	{ "setpgid_makes_a_new_group", setpgid_makes_a_new_group },
	{ "setpgid_errors", setpgid_errors },
	{ "setsid_makes_a_new_session", setsid_makes_a_new_session },
	{ "kill_reaches_a_whole_group", kill_reaches_a_whole_group },
	{ "waitpid_by_group", waitpid_by_group },
	{ "terminal_foreground_group", terminal_foreground_group },
};

int main(int argc, char **argv)
{
	return test_main("test_pgrp", cases, sizeof(cases) / sizeof(cases[0]),
			 argc, argv);
}
