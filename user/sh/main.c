/*
 * sh [-i] [-c COMMAND [NAME [ARG...]] | FILE [ARG...]]: the shell's
 * start. Interactive when reading a terminal: then it takes its own
 * process group and the terminal's foreground, ignores the job-control
 * signals, and reads lines with the prompt PS1 (\w: the working
 * directory, \u, \h, \$; default "\w # "), asking for more with PS2
 * while a command is unfinished.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sh.h"

extern char **environ;

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p) {
		fprintf(stderr, "sh: out of memory\n");
		exit(2);
	}
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p) {
		fprintf(stderr, "sh: out of memory\n");
		exit(2);
	}
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *d = xmalloc(n + 1);

	memcpy(d, s, n);
	d[n] = 0;
	return d;
}

/* "sh: message" on standard error in one write, so that the messages of
   several shells sharing a terminal do not interleave. */
void sh_error(const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	int n;

	fflush(stdout);
	fflush(stderr);
	memcpy(buf, "sh: ", 4);
	va_start(ap, fmt);
	n = vsnprintf(buf + 4, sizeof(buf) - 5, fmt, ap);
	va_end(ap);
	n = n < 0 ? 4 : n + 4 > (int)sizeof(buf) - 2 ? (int)sizeof(buf) - 2 : n + 4;
	buf[n++] = '\n';
	(void)!write(2, buf, n);
}

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
	interrupted = 1;
}

static int read_line(char **buf, size_t *len, size_t *cap);

/* The prompt from variable var (\w the working directory, \u the user,
   \h the host, \$ '#', \n a newline), in a static buffer. */
static const char *prompt(const char *var, const char *dflt)
{
	static char out[1024];
	const char *ps = var_get(var), *p;
	char cwd[PATH_MAX];
	size_t n = 0;

	for (p = ps ? ps : dflt; *p && n < sizeof(out) - 1; p++) {
		const char *add = NULL;
		char one[2] = { *p, 0 };

		if (*p == '\\' && p[1]) {
			switch (*++p) {
			case 'w': add = getcwd(cwd, sizeof(cwd)) ? cwd : "?"; break;
			case 'u': add = "root"; break;
			case 'h': add = "localhost"; break;
			case '$': add = "#"; break;
			case 'n': add = "\n"; break;
			default: one[0] = *p;
			}
		}
		if (!add)
			add = one;
		while (*add && n < sizeof(out) - 1)
			out[n++] = *add++;
	}
	out[n] = 0;
	return out;
}

/* A line with the prompt: edited on a terminal, else read plainly. */
static int prompt_line(const char *text, char **buf, size_t *len,
		       size_t *cap)
{
	int r;

	fflush(stdout);
	fflush(stderr);
	r = line_edit(text, buf, len, cap);
	if (r != -2)
		return r;
	(void)!write(2, text, strlen(text));
	return read_line(buf, len, cap);
}

/* One line from standard input appended to *buf (with its newline).
   Returns 1, 0 at the end of input, -1 if interrupted (^C). */
static int read_line(char **buf, size_t *len, size_t *cap)
{
	char c;
	ssize_t n;

	for (;;) {
		n = read(0, &c, 1);
		if (n < 0 && errno == EINTR && interrupted)
			return -1;
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return *len ? 1 : 0;
		if (*len + 2 > *cap)
			*buf = xrealloc(*buf, *cap = *cap * 2 + 256);
		(*buf)[(*len)++] = c;
		(*buf)[*len] = 0;
		if (c == '\n')
			return 1;
	}
}

static void setup_job_control(void)
{
	struct sigaction sa;

	tty_fd = fcntl(0, F_DUPFD_CLOEXEC, 10);
	if (tty_fd < 0)
		return;
	while (tcgetpgrp(tty_fd) != getpgrp())	/* wait to be foreground */
		kill(0, SIGTTIN);
	signal(SIGQUIT, SIG_IGN);
	signal(SIGTSTP, SIG_IGN);
	signal(SIGTTIN, SIG_IGN);
	signal(SIGTTOU, SIG_IGN);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigint;	/* no SA_RESTART: read returns */
	sigaction(SIGINT, &sa, NULL);
	shell_pgid = getpid();
	if (getpgrp() != shell_pgid)
		setpgid(0, shell_pgid);
	tcsetpgrp(tty_fd, shell_pgid);
	jobs_init();
}

static int interactive_loop(void)
{
	char *buf = NULL;
	size_t len = 0, cap = 0;
	struct parser p;
	enum parse_status st;
	struct node *n;
	int r;

	for (;;) {
		jobs_reap(1);
		len = 0;
		interrupted = 0;
		r = prompt_line(prompt("PS1", "\\w # "), &buf, &len, &cap);
		for (;;) {		/* read until a whole command is in */
			if (r <= 0)
				break;
			p.src = buf;
			p.pos = 0;
			p.line = 1;
			for (;;) {
				size_t start = p.pos;

				n = parse_next(&p, &st);
				if (st == P_INCOMPLETE) {
					p.pos = start;
					break;
				}
				if (st == P_EOF)
					break;
				if (st == P_ERROR) {
					last_status = 2;
					continue;
				}
				exec_node(n);
				if (exit_requested == 1)
					return last_status;
				exit_requested = 0;
			}
			if (st != P_INCOMPLETE)
				break;
			r = prompt_line(prompt("PS2", "> "), &buf, &len, &cap);
		}
		if (r == 0) {
			if (len) {
				sh_error("syntax error: unexpected end of file");
				last_status = 2;
			}
			fputs("exit\n", stderr);
			return last_status;
		}
		if (r < 0)
			last_status = 130;	/* ^C dropped the line */
	}
}

int main(int argc, char **argv)
{
	int i = 1, force_interactive = 0, status;
	const char *command = NULL;

	shell_pid = getpid();
	vars_init(environ);
	setvbuf(stdout, NULL, _IOFBF, 0);
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (!strcmp(argv[i], "-c") && i + 1 < argc) {
			command = argv[++i];
			i++;
			break;
		} else if (!strcmp(argv[i], "-i")) {
			force_interactive = 1;
		} else if (!strcmp(argv[i], "-s") || !strcmp(argv[i], "--")) {
			i++;
			break;
		} else {
			sh_error("%s: invalid option\nusage: sh [-i] [-c COMMAND "
				 "[NAME [ARG...]] | FILE [ARG...]]", argv[i]);
			return 2;
		}
	}
	pos_args.arg0 = argv[0];
	if (command) {
		if (i < argc)
			pos_args.arg0 = argv[i++];
		pos_args.argv = argv + i;
		pos_args.argc = argc - i;
		status = run_string(command, 0);
		fflush(NULL);
		return status;
	}
	if (i < argc) {			/* a script file */
		char *av[3] = { ".", argv[i], NULL };

		pos_args.arg0 = argv[i];
		pos_args.argv = argv + i + 1;
		pos_args.argc = argc - i - 1;
		if (access(argv[i], R_OK)) {
			sh_error("%s: %s", argv[i], strerror(errno));
			return errno == ENOENT ? 127 : 126;
		}
		status = builtin_run(av, 2);
		fflush(NULL);
		return exit_requested == 1 ? last_status : status;
	}
	interactive = force_interactive || (isatty(0) && isatty(2));
	if (interactive) {
		setup_job_control();
		status = interactive_loop();
	} else {
		char *av[3] = { ".", "/dev/stdin", NULL };

		status = builtin_run(av, 2);
	}
	fflush(NULL);
	return status;
}
