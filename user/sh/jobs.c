/*
 * Jobs: the processes of one pipeline, in one process group when job
 * control is on. A foreground job gets the terminal (tcsetpgrp) until
 * it ends or stops; the shell then takes the terminal back and restores
 * its modes. Background changes are collected with waitpid(WNOHANG)
 * before each prompt and reported as bash does ("[1]+  Done  cmd").
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "sh.h"
#include "../lib/signames.h"

#define MAXJOBS	64
#define MAXPROC	64

enum jstate { J_RUNNING, J_STOPPED, J_DONE };

struct job {
	int id;
	pid_t pgid;
	int n;
	pid_t pids[MAXPROC];
	int status[MAXPROC];	/* wait status once done */
	int done[MAXPROC];
	enum jstate state;
	int reported;		/* the change was reported */
	char *text;
};

static struct job *jobs[MAXJOBS + 1];	/* by id, 1-based */
static int current, previous;		/* %+ and %- */
pid_t shell_pgid;
int tty_fd = -1;
static struct termios shell_modes;

void jobs_init(void)
{
	if (tty_fd >= 0)
		tcgetattr(tty_fd, &shell_modes);
}

static void set_current(int id)
{
	if (id != current) {
		previous = current;
		current = id;
	}
}

static void remove_job(int id)
{
	struct job *j = jobs[id];

	if (!j)
		return;
	free(j->text);
	free(j);
	jobs[id] = NULL;
	if (current == id) {
		current = previous;
		previous = 0;
	}
	if (previous == id)
		previous = 0;
	if (current && !jobs[current])
		current = 0;
	if (!current) {		/* the newest remaining job */
		for (id = MAXJOBS; id > 0; id--)
			if (jobs[id]) {
				current = id;
				break;
			}
	}
}

int job_add(pid_t pgid, const pid_t *pids, int n, const char *text)
{
	struct job *j;
	int id;

	for (id = 1; id <= MAXJOBS && jobs[id]; id++)
		;
	if (id > MAXJOBS) {		/* full: forget the oldest finished */
		for (id = 1; id <= MAXJOBS && jobs[id]->state != J_DONE; id++)
			;
		if (id > MAXJOBS)
			id = 1;
		remove_job(id);
	}
	j = xmalloc(sizeof(*j));
	memset(j, 0, sizeof(*j));
	j->id = id;
	j->pgid = pgid;
	j->n = n < MAXPROC ? n : MAXPROC;
	memcpy(j->pids, pids, j->n * sizeof(pid_t));
	j->text = xstrdup(text);
	j->state = J_RUNNING;
	jobs[id] = j;
	set_current(id);
	return id;
}

pid_t job_pgid(int id)
{
	return id > 0 && id <= MAXJOBS && jobs[id] ? jobs[id]->pgid : 0;
}

/* Record a wait status for pid; returns its job or NULL. */
static struct job *update(pid_t pid, int st)
{
	int id, i, all_done;

	for (id = 1; id <= MAXJOBS; id++) {
		struct job *j = jobs[id];

		if (!j)
			continue;
		for (i = 0; i < j->n; i++) {
			if (j->pids[i] != pid)
				continue;
			if (WIFSTOPPED(st)) {
				j->state = J_STOPPED;
				j->reported = 0;
			} else if (WIFCONTINUED(st)) {
				j->state = J_RUNNING;
			} else {
				j->done[i] = 1;
				j->status[i] = st;
				for (all_done = 1, i = 0; i < j->n; i++)
					all_done &= j->done[i];
				if (all_done) {
					j->state = J_DONE;
					j->reported = 0;
				}
			}
			return j;
		}
	}
	return NULL;
}

/* The status $? gets for a wait status. */
static int exit_code(int st)
{
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* "Done", "Exit 3", "Terminated", "Stopped", "Running" (static). */
static const char *state_text(struct job *j)
{
	static char buf[64];
	int st = j->status[j->n - 1];

	if (j->state == J_RUNNING)
		return "Running";
	if (j->state == J_STOPPED)
		return "Stopped";
	if (WIFEXITED(st)) {
		if (!WEXITSTATUS(st))
			return "Done";
		snprintf(buf, sizeof(buf), "Exit %d", WEXITSTATUS(st));
		return buf;
	}
	snprintf(buf, sizeof(buf), "%s%s", strsignal(WTERMSIG(st)),
		 WCOREDUMP(st) ? " (core dumped)" : "");
	return buf;
}

static void print_job(struct job *j, FILE *f)
{
	fprintf(f, "[%d]%c  %-24s%s%s\n", j->id,
		j->id == current ? '+' : j->id == previous ? '-' : ' ',
		state_text(j), j->text, j->state == J_RUNNING ? " &" : "");
}

/* Record every change of a child that is ready, without waiting. */
void jobs_collect(void)
{
	pid_t pid;
	int st;

	while ((pid = waitpid(-1, &st, WNOHANG | WUNTRACED | WCONTINUED)) > 0)
		update(pid, st);
}

void jobs_reap(int report)
{
	int id;

	jobs_collect();
	for (id = 1; id <= MAXJOBS; id++) {
		struct job *j = jobs[id];

		if (!j || j->reported || j->state == J_RUNNING)
			continue;
		if (report)
			print_job(j, stderr);
		j->reported = 1;
		if (j->state == J_DONE)
			remove_job(id);
	}
}

int job_wait_fg(int id)
{
	struct job *j = jobs[id];
	int i, st, status;
	pid_t r;

	if (tty_fd >= 0)
		tcsetpgrp(tty_fd, j->pgid);
	for (i = 0; i < j->n && j->state != J_STOPPED; i++) {
		if (j->done[i])
			continue;
		while ((r = waitpid(j->pids[i], &st, tty_fd >= 0 ? WUNTRACED : 0)) < 0 &&
		       errno == EINTR)
			;
		if (r < 0) {		/* reaped elsewhere: count it done */
			j->done[i] = 1;
			continue;
		}
		update(r, st);
	}
	if (tty_fd >= 0) {
		tcsetpgrp(tty_fd, shell_pgid);
		tcsetattr(tty_fd, TCSADRAIN, &shell_modes);
	}
	if (j->state == J_STOPPED) {
		set_current(id);
		fputc('\n', stderr);
		print_job(j, stderr);
		j->reported = 1;
		return 128 + SIGTSTP;
	}
	st = j->status[j->n - 1];
	status = exit_code(st);
	if (WIFSIGNALED(st) && WTERMSIG(st) != SIGINT && WTERMSIG(st) != SIGPIPE &&
	    interactive)
		fprintf(stderr, "%s%s\n", strsignal(WTERMSIG(st)),
			WCOREDUMP(st) ? " (core dumped)" : "");
	remove_job(id);
	return status;
}

/* The job with pid as its last process, or -1. */
static int job_of_pid(pid_t pid)
{
	int id;

	for (id = 1; pid > 0 && id <= MAXJOBS; id++)
		if (jobs[id] && jobs[id]->pids[jobs[id]->n - 1] == pid)
			return id;
	return -1;
}

int job_find(const char *spec)
{
	int id;

	if (!spec || !strcmp(spec, "%%") || !strcmp(spec, "%+") || !strcmp(spec, "%"))
		return current && jobs[current] ? current : -1;
	if (!strcmp(spec, "%-"))
		return previous && jobs[previous] ? previous : -1;
	if (spec[0] != '%')
		return -1;
	if (spec[1] >= '0' && spec[1] <= '9') {
		id = atoi(spec + 1);
		return id > 0 && id <= MAXJOBS && jobs[id] ? id : -1;
	}
	for (id = MAXJOBS; id > 0; id--)
		if (jobs[id] && !strncmp(jobs[id]->text, spec + 1, strlen(spec + 1)))
			return id;
	return -1;
}

int builtin_jobs(char **argv, int argc)
{
	int id;

	jobs_collect();
	for (id = 1; id <= MAXJOBS; id++)
		if (jobs[id]) {
			print_job(jobs[id], stdout);
			jobs[id]->reported = 1;
			if (jobs[id]->state == J_DONE)
				remove_job(id);
		}
	return 0;
}

/* The job named by argv[1] (or the current one), or -1 after an error. */
static int job_arg(const char *cmd, char **argv, int argc)
{
	int id = job_find(argc > 1 ? argv[1] : NULL);

	if (id < 0)
		sh_error("%s: %s: no such job", cmd, argc > 1 ? argv[1] : "current");
	return id;
}

int builtin_fg(char **argv, int argc)
{
	int id = job_arg("fg", argv, argc);
	struct job *j;

	if (id < 0)
		return 1;
	if (tty_fd < 0) {
		sh_error("fg: no job control");
		return 1;
	}
	j = jobs[id];
	printf("%s\n", j->text);
	fflush(stdout);
	tcsetpgrp(tty_fd, j->pgid);
	kill(-j->pgid, SIGCONT);
	j->state = J_RUNNING;
	return job_wait_fg(id);
}

int builtin_bg(char **argv, int argc)
{
	int id = job_arg("bg", argv, argc);
	struct job *j;

	if (id < 0)
		return 1;
	j = jobs[id];
	kill(-j->pgid, SIGCONT);
	j->state = J_RUNNING;
	set_current(id);
	printf("[%d]+ %s &\n", id, j->text);
	return 0;
}

int builtin_wait(char **argv, int argc)
{
	int st, i, id, status = 0;
	pid_t pid;

	if (argc == 1) {		/* every child */
		while ((pid = waitpid(-1, &st, 0)) > 0 || errno == EINTR) {
			if (pid < 0)
				return 128 + SIGINT;	/* interrupted */
			update(pid, st);
		}
		return 0;
	}
	for (i = 1; i < argc; i++) {
		id = argv[i][0] == '%' ? job_find(argv[i]) : job_of_pid(atoi(argv[i]));
		pid = id > 0 ? jobs[id]->pids[jobs[id]->n - 1] : atoi(argv[i]);
		if (id > 0 && jobs[id]->state == J_DONE) {	/* reaped already */
			status = exit_code(jobs[id]->status[jobs[id]->n - 1]);
			remove_job(id);
			continue;
		}
		if (pid <= 0) {
			sh_error("wait: %s: no such job", argv[i]);
			status = 127;
			continue;
		}
		while (waitpid(pid, &st, 0) < 0) {
			if (errno == EINTR)
				return 128 + SIGINT;
			st = 127 << 8;	/* not a child (or reaped) */
			break;
		}
		if (update(pid, st) && id > 0) {
			struct job *j = jobs[id];

			while (j->state != J_DONE) {	/* the rest of the pipeline */
				int k;

				for (k = 0; k < j->n; k++)
					if (!j->done[k] && waitpid(j->pids[k], &st, 0) > 0)
						update(j->pids[k], st);
				break;
			}
		}
		status = exit_code(st);
	}
	return status;
}

int builtin_kill(char **argv, int argc)
{
	int sig = SIGTERM, i = 1, status = 0;
	char buf[16];

	if (argc > 1 && !strcmp(argv[1], "-l")) {
		for (sig = 1; sig < SIG_NAMED; sig++)
			printf("%s%c", sig_names[sig], sig % 8 && sig + 1 < SIG_NAMED ?
			       ' ' : '\n');
		if (argc > 2 && (sig = atoi(argv[2])) > 0)
			printf("%s\n", sig_name(sig > 128 ? sig - 128 : sig, buf) ?
			       sig_name(sig > 128 ? sig - 128 : sig, buf) : "?");
		return 0;
	}
	if (argc > 2 && !strcmp(argv[1], "-s")) {
		sig = sig_number(argv[2]);
		i = 3;
	} else if (argc > 1 && argv[1][0] == '-' && argv[1][1] &&
		   strcmp(argv[1], "--")) {
		sig = sig_number(argv[1] + 1);
		i = 2;
	}
	if (sig < 0) {
		sh_error("kill: %s: invalid signal", argv[i - 1]);
		return 1;
	}
	if (i < argc && !strcmp(argv[i], "--"))
		i++;
	if (i == argc) {
		sh_error("kill: usage: kill [-s SIG | -SIG] PID|%%JOB...");
		return 2;
	}
	for (; i < argc; i++) {
		int stopped = 0;
		pid_t target;
		char *end;

		if (argv[i][0] == '%') {
			int id = job_find(argv[i]);

			if (id < 0) {
				sh_error("kill: %s: no such job", argv[i]);
				status = 1;
				continue;
			}
			target = -jobs[id]->pgid;
			stopped = jobs[id]->state == J_STOPPED;
			if (tty_fd < 0)		/* no groups of their own */
				target = jobs[id]->pids[jobs[id]->n - 1];
		} else {
			target = strtol(argv[i], &end, 10);
			if (*end || end == argv[i]) {
				sh_error("kill: %s: arguments must be process "
					 "or job IDs", argv[i]);
				status = 1;
				continue;
			}
		}
		if (kill(target, sig)) {
			sh_error("kill: (%d) - %s", (int)target, strerror(errno));
			status = 1;
		} else if (stopped && sig != SIGCONT && sig != SIGKILL && sig) {
			kill(target, SIGCONT);	/* a stopped job must see it */
		}
	}
	return status;
}
