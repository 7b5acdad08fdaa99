/*
 * init, process 1.
 *
 * With programs on its command line (init=/bin/init /bin/a /bin/b, the
 * tests' way), it runs each in turn, reports how each ended, and exits
 * 0 if all exited 0, else 1; the kernel then powers the machine off.
 *
 * Without, it brings the system up: runs /etc/rc with /bin/sh, then a
 * shell on the console (in its own session, the console its
 * controlling terminal), starting a new one whenever it exits, and
 * reaps every orphan meanwhile. SIGUSR2 asks for poweroff, SIGTERM
 * (and SIGINT, Ctrl-Alt-Del's signal) for reboot, SIGUSR1 for halt, as
 * busybox's init takes them: every process gets SIGTERM, then, after
 * up to STOP_WAIT_MS, SIGKILL; then reboot(2).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/reboot.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SHELL		"/bin/sh"
#define RC		"/etc/rc"
#define STOP_WAIT_MS	2000
#define RESPAWN_MIN_MS	1000	/* a shell dying faster waits this long */

static volatile sig_atomic_t request;	/* RB_* to do, 0: none */

static void on_signal(int sig)
{
	request = sig == SIGUSR2 ? RB_POWER_OFF :
		  sig == SIGUSR1 ? RB_HALT_SYSTEM : RB_AUTOBOOT;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, ms % 1000 * 1000000 };

	nanosleep(&ts, NULL);
}

/* Run the programs named on the command line, one after the other. */
static int run(const char *path)
{
	pid_t pid = fork(), w;
	int status;

	if (pid < 0) {
		perror("init: fork");
		return -1;
	}
	if (pid == 0) {
		char *const argv[] = { (char *)path, NULL };

		execv(path, argv);
		fprintf(stderr, "init: cannot run %s: %s\n", path, strerror(errno));
		_exit(127);
	}
	do
		w = wait(&status);	/* orphans are reaped here too */
	while (w >= 0 && w != pid);
	if (w < 0) {
		perror("init: wait");
		return -1;
	}
	if (WIFEXITED(status))
		printf("init: %s exited with status %d\n", path, WEXITSTATUS(status));
	else
		printf("init: %s killed by signal %d\n", path, WTERMSIG(status));
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

static int run_programs(int argc, char **argv)
{
	int i, failed = 0;

	for (i = 1; i < argc; i++)
		if (run(argv[i]))
			failed++;
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	return failed ? 1 : 0;
}

/* Start argv in a new session with the console as its terminal. */
static pid_t spawn(char *const argv[], int take_terminal)
{
	pid_t pid = fork();

	if (pid < 0) {
		perror("init: fork");
		return -1;
	}
	if (pid == 0) {
		sigset_t none;

		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		signal(SIGUSR1, SIG_DFL);
		signal(SIGUSR2, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGINT, SIG_DFL);
		setsid();
		if (take_terminal)
			ioctl(0, TIOCSCTTY, 1);
		execv(argv[0], argv);
		fprintf(stderr, "init: cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	return pid;
}

/* Stop every process: SIGTERM, a grace period, SIGKILL; reap them all. */
static void stop_everything(void)
{
	long deadline = now_ms() + STOP_WAIT_MS;

	printf("init: stopping all processes\n");
	kill(-1, SIGTERM);
	kill(-1, SIGCONT);		/* stopped ones must see it */
	while (now_ms() < deadline) {
		pid_t pid = waitpid(-1, NULL, WNOHANG);

		if (pid < 0 && errno == ECHILD)
			return;		/* all gone */
		if (pid <= 0)
			sleep_ms(20);
	}
	kill(-1, SIGKILL);
	while (wait(NULL) > 0 || errno == EINTR)
		;
}

static int bring_up(void)
{
	static char *const sh[] = { SHELL, NULL };
	static char *const rc[] = { SHELL, RC, NULL };
	struct sigaction sa;
	long started = 0;
	pid_t shell = -1, rc_pid = -1, pid;
	int status;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;	/* no SA_RESTART: wait returns */
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	reboot(RB_DISABLE_CAD);		/* Ctrl-Alt-Del: SIGINT to us */
	ioctl(0, TIOCSCTTY, 1);
	if (access(RC, R_OK) == 0)
		rc_pid = spawn(rc, 0);
	while (!request) {
		if (rc_pid < 0 && shell < 0) {
			long wait_ms = started + RESPAWN_MIN_MS - now_ms();

			if (started && wait_ms > 0)
				sleep_ms(wait_ms);
			started = now_ms();
			shell = spawn(sh, 1);
			if (shell < 0) {
				sleep_ms(RESPAWN_MIN_MS);
				continue;
			}
		}
		pid = wait(&status);
		if (pid < 0)
			continue;	/* a signal: a request, or nothing */
		if (pid == rc_pid) {
			if (!WIFEXITED(status) || WEXITSTATUS(status))
				printf("init: %s failed (status %d)\n", RC,
				       WIFEXITED(status) ? WEXITSTATUS(status) :
				       128 + WTERMSIG(status));
			rc_pid = -1;
		} else if (pid == shell) {
			shell = -1;
		}
	}
	stop_everything();
	sync();
	reboot(request);
	perror("init: reboot");
	return 1;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc > 1)
		return run_programs(argc, argv);
	return bring_up();
}
