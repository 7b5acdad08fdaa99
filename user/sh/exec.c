/*
 * Running the tree. Compound commands and builtins run in the shell;
 * external commands, pipelines, subshells and background jobs run in
 * forked children, each job in its own process group when the shell is
 * interactive (jobs.c gives the group the terminal while it runs in
 * the foreground). A forked child that has a single external command
 * left executes it in place instead of forking again.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sh.h"

#define SAVED_MAX	16

int last_status;
pid_t last_bg;
pid_t shell_pid;
int interactive;
int loop_depth, break_count, continue_count;
int exit_requested;

/* In a forked child, what its one command may do in place: */
static int exec_ok;		/* exec the simple command (no fork) */
static int subshell_here;	/* run the subshell's list in this process */

struct saved_fd {
	int fd, copy;		/* copy -1: fd was closed */
};

/* Apply redirections; with save, remember what they replaced. Returns
   0, or -1 after printing why (what was applied stays applied). */
static int redirect(struct redir *r, struct saved_fd *save, int *nsaved)
{
	for (; r; r = r->next) {
		char *word = expand_one(r->word), *end;
		int fd = -1, flags;

		if (!word)
			return -1;
		if (save && *nsaved < SAVED_MAX) {
			save[*nsaved].fd = r->fd;
			save[*nsaved].copy = fcntl(r->fd, F_DUPFD_CLOEXEC, 10);
			(*nsaved)++;
		}
		if (r->type == R_DUPIN || r->type == R_DUPOUT) {
			if (!strcmp(word, "-")) {
				close(r->fd);
				free(word);
				continue;
			}
			fd = strtol(word, &end, 10);
			if (*end || end == word || fcntl(fd, F_GETFD) < 0) {
				sh_error("%s: bad file descriptor", word);
				free(word);
				return -1;
			}
			if (fd != r->fd && dup2(fd, r->fd) < 0) {
				sh_error("%s: %s", word, strerror(errno));
				free(word);
				return -1;
			}
			free(word);
			continue;
		}
		flags = r->type == R_IN ? O_RDONLY :
			r->type == R_RDWR ? O_RDWR | O_CREAT :
			r->type == R_APPEND ? O_WRONLY | O_CREAT | O_APPEND :
			O_WRONLY | O_CREAT | O_TRUNC;
		fd = open(word, flags, 0666);
		if (fd < 0) {
			sh_error("%s: %s", word, strerror(errno));
			free(word);
			return -1;
		}
		free(word);
		if (fd != r->fd) {
			dup2(fd, r->fd);
			close(fd);
		}
	}
	return 0;
}

static void restore(struct saved_fd *save, int n)
{
	fflush(stdout);
	fflush(stderr);
	while (n-- > 0) {
		if (save[n].copy >= 0) {
			dup2(save[n].copy, save[n].fd);
			close(save[n].copy);
		} else {
			close(save[n].fd);
		}
	}
}

/* The signals an interactive shell ignores go back to their defaults
   in a child that will run a command. */
static void child_signals(int background)
{
	signal(SIGINT, SIG_DFL);
	signal(SIGQUIT, SIG_DFL);
	signal(SIGTSTP, SIG_DFL);
	signal(SIGTTIN, SIG_DFL);
	signal(SIGTTOU, SIG_DFL);
	signal(SIGCHLD, SIG_DFL);
	if (background && tty_fd < 0) {	/* POSIX: no job control */
		signal(SIGINT, SIG_IGN);
		signal(SIGQUIT, SIG_IGN);
	}
}

int command_not_found(const char *name, int err)
{
	if (err == ENOENT) {
		sh_error("%s: not found", name);
		return 127;
	}
	sh_error("%s: %s", name, strerror(err));
	return 126;
}

/* Replace the process with argv[0] (a path, or searched in PATH). A file
   that is no executable format runs as a shell script. */
static _Noreturn void exec_command(char **argv)
{
	char **env = vars_environ(), path[4096];
	const char *dirs = var_get("PATH"), *d, *e;
	int err = ENOENT;

	if (strchr(argv[0], '/')) {
		execve(argv[0], argv, env);
		err = errno;
		if (err == ENOEXEC)
			goto script;
		exit(command_not_found(argv[0], err));
	}
	for (d = dirs ? dirs : "/bin"; ; d = e + 1) {
		e = strchr(d, ':');
		if (!e)
			e = d + strlen(d);
		snprintf(path, sizeof(path), "%.*s%s%s", (int)(e - d), d,
			 e > d ? "/" : "", argv[0]);
		execve(path, argv, env);
		if (errno == ENOEXEC) {
			argv[0] = path;
			goto script;
		}
		if (errno != ENOENT && errno != ENOTDIR)
			err = errno;
		if (!*e)
			break;
	}
	exit(command_not_found(argv[0], err));
script: {
		int n = 0;
		char **nargv;

		while (argv[n])
			n++;
		nargv = xmalloc((n + 2) * sizeof(char *));
		nargv[0] = "sh";
		memcpy(nargv + 1, argv, (n + 1) * sizeof(char *));
		execve("/bin/sh", nargv, env);
		exit(command_not_found(argv[0], errno));
	}
}

/* The N_CMD's leading NAME=value words. */
static int assignments(struct node *n)
{
	int i;

	for (i = 0; i < n->nwords; i++) {
		const char *eq = strchr(n->words[i], '=');

		if (!eq || !valid_name(n->words[i], eq - n->words[i]))
			break;
	}
	return i;
}

static int set_assignments(struct node *n, int count, int export)
{
	int i;

	for (i = 0; i < count; i++) {
		char *eq = strchr(n->words[i], '='), *name, *value;

		if (!(value = expand_one(eq + 1)))
			return -1;
		name = xstrndup(n->words[i], eq - n->words[i]);
		var_set(name, value, export);
		free(name);
		free(value);
	}
	return 0;
}

static int run_function(struct node *body, char **argv, int argc)
{
	struct positional saved = pos_args;
	int status;

	pos_args.argv = argv + 1;
	pos_args.argc = argc - 1;
	status = exec_node(body);
	pos_args = saved;
	if (exit_requested == 2)	/* "return" ends only the function */
		exit_requested = 0;
	return status;
}

static int run_job(struct node *n, int background);

static int exec_simple(struct node *n)
{
	struct saved_fd save[SAVED_MAX];
	int nassign = assignments(n), nsaved = 0, status, may_exec = exec_ok;
	struct strv argv = { 0 };
	struct node *fn;

	exec_ok = 0;			/* a function's commands may not */
	if (expand_words(n->words + nassign, n->nwords - nassign, &argv))
		return 1;
	if (argv.n == 0) {		/* only assignments and redirections */
		last_status = 0;
		status = set_assignments(n, nassign, 0) ? 1 : last_status;
		if (redirect(n->redirs, save, &nsaved))
			status = 1;
		restore(save, nsaved);
		strv_free(&argv);
		return status;
	}
	fn = func_get(argv.v[0]);
	if (fn || is_builtin(argv.v[0])) {
		if (set_assignments(n, nassign, 0)) {
			strv_free(&argv);
			return 1;
		}
		fflush(stdout);
		if (redirect(n->redirs, save, &nsaved)) {
			restore(save, nsaved);
			strv_free(&argv);
			return 1;
		}
		status = fn ? run_function(fn, argv.v, argv.n) :
			      builtin_run(argv.v, argv.n);
		if (!strcmp(argv.v[0], "exec") && argv.n == 1)
			while (nsaved-- > 0)	/* exec's redirections stay */
				if (save[nsaved].copy >= 0)
					close(save[nsaved].copy);
		restore(save, nsaved > 0 ? nsaved : 0);
		strv_free(&argv);
		return status;
	}
	if (!may_exec) {		/* fork a job for it */
		strv_free(&argv);
		return run_job(n, 0);
	}
	if (set_assignments(n, nassign, 1) || redirect(n->redirs, NULL, NULL))
		exit(1);
	exec_command(argv.v);
}

/* Fork the commands of a pipeline (or one command) as a job. */
static int run_job(struct node *n, int background)
{
	struct node *cmds[64];
	pid_t pids[64], pgid = 0;
	int ncmds = 0, i, in = 0, fds[2], id;
	struct node *p;

	if (!interactive)
		jobs_collect();		/* no prompt reaps for a script */
	for (p = n; p->type == N_PIPE && ncmds < 63; p = p->a)
		cmds[ncmds++] = p->b;	/* right to left */
	cmds[ncmds++] = p;
	for (i = 0; i < ncmds / 2; i++) {
		p = cmds[i];
		cmds[i] = cmds[ncmds - 1 - i];
		cmds[ncmds - 1 - i] = p;
	}
	fflush(NULL);
	for (i = 0; i < ncmds; i++) {
		fds[0] = fds[1] = -1;
		if (i + 1 < ncmds && pipe(fds)) {
			sh_error("pipe: %s", strerror(errno));
			break;
		}
		pids[i] = fork();
		if (pids[i] < 0) {
			sh_error("fork: %s", strerror(errno));
			if (fds[0] >= 0) {
				close(fds[0]);
				close(fds[1]);
			}
			break;
		}
		if (pids[i] == 0) {
			if (tty_fd >= 0) {
				setpgid(0, pgid);
				if (!background)
					tcsetpgrp(tty_fd, pgid ? pgid : getpid());
			}
			child_signals(background);
			interactive = 0;
			tty_fd = -1;
			exec_ok = cmds[i]->type == N_CMD;
			subshell_here = cmds[i]->type == N_SUBSHELL;
			if (in) {
				dup2(in, 0);
				close(in);
			}
			if (fds[1] >= 0) {
				dup2(fds[1], 1);
				close(fds[1]);
				close(fds[0]);
			}
			exit(exec_node(cmds[i]));
		}
		if (!pgid)
			pgid = pids[i];
		if (tty_fd >= 0)
			setpgid(pids[i], pgid);
		if (in)
			close(in);
		if (fds[1] >= 0)
			close(fds[1]);
		in = fds[0];
	}
	if (in > 0)
		close(in);
	if (i == 0)
		return 2;		/* nothing started */
	id = job_add(pgid, pids, i, n->text ? n->text : "");
	if (background) {
		last_bg = pids[i - 1];
		if (interactive)
			fprintf(stderr, "[%d] %d\n", id, pids[i - 1]);
		return 0;
	}
	return job_wait_fg(id);
}

/* After a loop's condition or body: does a break, or a continue meant
   for an outer loop, end this one? (One level of each is used up.) */
static int loop_ends(void)
{
	if (break_count) {
		break_count--;
		return 1;
	}
	return continue_count && --continue_count;
}

static int exec_for(struct node *n)
{
	struct strv list = { 0 };
	int i, status = 0;

	if (n->has_in) {
		if (expand_words(n->words, n->nwords, &list))
			return 1;
	} else {
		for (i = 0; i < pos_args.argc; i++)
			strv_push(&list, xstrdup(pos_args.argv[i]));
	}
	loop_depth++;
	for (i = 0; i < list.n && !exit_requested; i++) {
		var_set(n->var, list.v[i], 0);
		status = exec_node(n->b);
		if (loop_ends())
			break;
	}
	loop_depth--;
	strv_free(&list);
	return status;
}

static int exec_loop(struct node *n)
{
	int status = 0, cond;

	loop_depth++;
	while (!exit_requested) {
		cond = exec_node(n->a);
		if (loop_ends() || (cond == 0) != (n->type == N_WHILE))
			break;
		status = exec_node(n->b);
		if (loop_ends())
			break;
	}
	loop_depth--;
	return status;
}

static int exec_compound(struct node *n)
{
	switch (n->type) {
	case N_IF:
		if (exec_node(n->a) == 0)
			return exec_node(n->b);
		return n->c ? exec_node(n->c) : 0;
	case N_WHILE:
	case N_UNTIL:
		return exec_loop(n);
	case N_FOR:
		return exec_for(n);
	case N_GROUP:
		return exec_node(n->a);
	default:
		return 0;
	}
}

int exec_node(struct node *n)
{
	struct saved_fd save[SAVED_MAX];
	int status = 0, nsaved = 0;

	if (!n || exit_requested || break_count || continue_count)
		return last_status;
	switch (n->type) {
	case N_CMD:
		status = exec_simple(n);
		break;
	case N_PIPE:
		status = run_job(n, 0);
		break;
	case N_SUBSHELL:
		if (subshell_here) {
			subshell_here = 0;
			if (redirect(n->redirs, NULL, NULL))
				exit(1);
			status = exec_node(n->a);
		} else {
			status = run_job(n, 0);
		}
		break;
	case N_AND:
	case N_OR:
		status = exec_node(n->a);
		if ((status == 0) == (n->type == N_AND) && !exit_requested &&
		    !break_count && !continue_count)
			status = exec_node(n->b);
		break;
	case N_SEQ:
		last_status = exec_node(n->a);
		status = n->b ? exec_node(n->b) : last_status;
		break;
	case N_BG:
		last_status = run_job(n->a, 1);
		status = n->b ? exec_node(n->b) : last_status;
		break;
	case N_NOT:
		status = !exec_node(n->a);
		break;
	case N_FUNC:
		func_set(n->var, n->a);
		status = 0;
		break;
	default:
		if (redirect(n->redirs, save, &nsaved)) {
			restore(save, nsaved);
			status = 1;
			break;
		}
		status = exec_compound(n);
		restore(save, nsaved);
	}
	last_status = status;
	return status;
}

int run_string(const char *text, int keep_going)
{
	struct parser p = { text, 0, 1 };
	enum parse_status st;
	struct node *n;

	for (;;) {
		n = parse_next(&p, &st);
		if (st == P_EOF)
			break;
		if (st == P_INCOMPLETE) {
			sh_error("syntax error: unexpected end of file");
			last_status = 2;
			break;
		}
		if (st == P_ERROR) {
			last_status = 2;
			if (!keep_going)
				break;
			continue;
		}
		exec_node(n);
		if (exit_requested)
			break;
	}
	return last_status;
}
