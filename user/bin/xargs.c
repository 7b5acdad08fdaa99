/*
 * xargs [-0] [-n MAX] [-I REPLACE] [-t] [-r] [COMMAND [ARG...]]: run
 * COMMAND (echo) with arguments read from standard input, split at
 * blanks and newlines (quotes and backslashes as POSIX says) or at NULs
 * (-0). -n: at most MAX per run; -I: one run per input line, REPLACE in
 * the arguments replaced by it. Exit status 123 if a run failed, 124/125
 * if one was killed, 126 not runnable, 127 not found.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../lib/help.h"

#define ARGS_MAX	4096

static int nul, trace, no_empty, status;
static long per_run;
static const char *replace;

static int run(char **argv)
{
	int st, i;
	pid_t pid;

	if (trace) {
		for (i = 0; argv[i]; i++)
			fprintf(stderr, "%s%s", i ? " " : "", argv[i]);
		fputc('\n', stderr);
	}
	pid = fork();
	if (pid < 0) {
		perror("xargs: fork");
		exit(125);
	}
	if (pid == 0) {
		execvp(argv[0], argv);
		fprintf(stderr, "xargs: %s: %s\n", argv[0], strerror(errno));
		_exit(errno == ENOENT ? 127 : 126);
	}
	if (waitpid(pid, &st, 0) < 0)
		exit(125);
	if (WIFEXITED(st) && (WEXITSTATUS(st) == 127 || WEXITSTATUS(st) == 126))
		exit(WEXITSTATUS(st));
	if (WIFEXITED(st) && WEXITSTATUS(st) == 255) {
		fprintf(stderr, "xargs: %s: exited with status 255; aborting\n",
			argv[0]);
		exit(124);
	}
	if (WIFSIGNALED(st)) {
		fprintf(stderr, "xargs: %s: terminated by signal %d\n", argv[0],
			WTERMSIG(st));
		exit(125);
	}
	if (WEXITSTATUS(st))
		status = 123;
	return 0;
}

/* The next argument from stdin (malloc'ed), or NULL at the end. With
   -I, a whole line (leading blanks dropped). */
static char *next_arg(void)
{
	size_t len = 0, cap = 64;
	char *s = malloc(cap), q = 0;
	int c, any = 0;

	if (!s)
		exit(125);
	while ((c = getchar()) != EOF) {
		if (nul) {
			if (c == 0)
				goto done;
		} else if (replace) {
			if (c == '\n') {
				if (any)
					goto done;
				continue;
			}
			if (!any && (c == ' ' || c == '\t'))
				continue;
		} else if (q) {
			if (c == q) {
				q = 0;
				continue;
			}
		} else if (c == '\'' || c == '"') {
			q = c;
			any = 1;
			continue;
		} else if (c == '\\') {
			if ((c = getchar()) == EOF)
				break;
		} else if (c == ' ' || c == '\t' || c == '\n') {
			if (any)
				goto done;
			continue;
		}
		any = 1;
		if (len + 2 > cap && !(s = realloc(s, cap *= 2)))
			exit(125);
		s[len++] = c;
	}
	if (q) {
		fprintf(stderr, "xargs: unmatched %s quote\n",
			q == '"' ? "double" : "single");
		exit(1);
	}
	if (!any && !(nul && len)) {
		free(s);
		return NULL;
	}
done:
	s[len] = 0;
	return s;
}

/* base with every `replace` in it replaced by arg. */
static char *substitute(const char *base, const char *arg)
{
	size_t rl = strlen(replace), n = 0;
	const char *p;
	char *out, *o;

	for (p = base; (p = strstr(p, replace)); p += rl)
		n++;
	out = malloc(strlen(base) + n * strlen(arg) + 1);
	if (!out)
		exit(125);
	for (o = out, p = base; *p; ) {
		if (!strncmp(p, replace, rl)) {
			o = stpcpy(o, arg);
			p += rl;
		} else {
			*o++ = *p++;
		}
	}
	*o = 0;
	return out;
}

int main(int argc, char **argv)
{
	static char *echo[] = { "echo", NULL };
	char **cmd, *argbuf[ARGS_MAX + 1];
	int c, ncmd, n, i, ran = 0;
	char *a;

	help_option(argc, argv, "usage: xargs [-0] [-n MAX] [-I REPLACE] [-t] [-r] [COMMAND [ARG...]]\n"
		"Run COMMAND (echo) with arguments from standard input.\n"
		"  -0 NUL separated  -n at most MAX per run  -I one run per line\n"
		"  -t trace  -r no run for empty input\n");
	while ((c = getopt(argc, argv, "+0n:I:tr")) != -1)
		switch (c) {
		case '0': nul = 1; break;
		case 'n': per_run = atol(optarg); break;
		case 'I': replace = optarg; break;
		case 't': trace = 1; break;
		case 'r': no_empty = 1; break;
		default:
			fprintf(stderr, "usage: xargs [-0] [-n MAX] [-I REPLACE] [-t] "
				"[-r] [COMMAND [ARG...]]\n");
			return 1;
		}
	cmd = optind < argc ? argv + optind : echo;
	ncmd = optind < argc ? argc - optind : 1;
	if (ncmd > ARGS_MAX / 2)
		return 1;
	if (per_run <= 0 || per_run > ARGS_MAX - ncmd)
		per_run = ARGS_MAX - ncmd;
	for (;;) {
		memcpy(argbuf, cmd, ncmd * sizeof(*cmd));
		n = ncmd;
		if (replace) {
			if (!(a = next_arg()))
				break;
			for (i = 0; i < ncmd; i++)
				argbuf[i] = substitute(cmd[i], a);
			argbuf[n] = NULL;
			run(argbuf);
			ran = 1;
			continue;
		}
		while (n - ncmd < per_run && (a = next_arg()))
			argbuf[n++] = a;
		if (n == ncmd && (ran || no_empty))
			break;
		argbuf[n] = NULL;
		run(argbuf);
		ran = 1;
		if (n - ncmd < per_run)
			break;			/* the input ended */
	}
	return status;
}
