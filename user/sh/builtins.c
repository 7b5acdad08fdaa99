/* Commands the shell runs itself: those that change the shell (cd,
   exit, export, ...) and a few for speed (echo, true, false). */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sh.h"

struct func {
	char *name;
	struct node *body;
	struct func *next;
};

static struct func *funcs;

struct node *func_get(const char *name)
{
	struct func *f;

	for (f = funcs; f; f = f->next)
		if (!strcmp(f->name, name))
			return f->body;
	return NULL;
}

void func_set(const char *name, struct node *body)
{
	struct func *f;

	for (f = funcs; f; f = f->next)
		if (!strcmp(f->name, name)) {
			f->body = body;
			return;
		}
	f = xmalloc(sizeof(*f));
	f->name = xstrdup(name);
	f->body = body;
	f->next = funcs;
	funcs = f;
}

static int b_cd(char **argv, int argc)
{
	const char *dir = argc > 1 ? argv[1] : var_get("HOME");
	char buf[PATH_MAX];

	if (argc > 1 && !strcmp(argv[1], "-"))
		dir = var_get("OLDPWD");
	if (!dir || !*dir)
		dir = "/";
	if (chdir(dir)) {
		sh_error("cd: %s: %s", dir, strerror(errno));
		return 1;
	}
	if (var_get("PWD"))
		var_set("OLDPWD", var_get("PWD"), 0);
	if (getcwd(buf, sizeof(buf)))
		var_set("PWD", buf, 0);
	if (argc > 1 && !strcmp(argv[1], "-"))
		puts(buf);
	return 0;
}

static int b_pwd(char **argv, int argc)
{
	char buf[PATH_MAX];

	if (!getcwd(buf, sizeof(buf))) {
		sh_error("pwd: %s", strerror(errno));
		return 1;
	}
	puts(buf);
	return 0;
}

static int number_arg(const char *cmd, const char *s, int *out)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (!*s || *end) {
		sh_error("%s: %s: numeric argument required", cmd, s);
		return -1;
	}
	*out = (int)v;
	return 0;
}

static int b_exit(char **argv, int argc)
{
	int code = last_status;

	if (argc > 1 && number_arg("exit", argv[1], &code))
		code = 2;
	last_status = code & 0xff;
	exit_requested = 1;
	return last_status;
}

static int b_return(char **argv, int argc)
{
	int code = last_status;

	if (argc > 1 && number_arg("return", argv[1], &code))
		code = 2;
	exit_requested = 2;
	return code & 0xff;
}

static int b_loopctl(char **argv, int argc)
{
	int n = 1;

	if (argc > 1 && (number_arg(argv[0], argv[1], &n) || n < 1))
		return 1;
	if (!loop_depth)
		return 0;
	if (n > loop_depth)
		n = loop_depth;
	if (argv[0][0] == 'b')
		break_count = n;
	else
		continue_count = n;
	return 0;
}

static int b_export(char **argv, int argc)
{
	int i, status = 0;

	if (argc == 1 || (argc == 2 && !strcmp(argv[1], "-p"))) {
		vars_print(1);
		return 0;
	}
	for (i = 1; i < argc; i++) {
		char *eq = strchr(argv[i], '='), *name;

		name = eq ? xstrndup(argv[i], eq - argv[i]) : xstrdup(argv[i]);
		if (!valid_name(name, strlen(name))) {
			sh_error("export: '%s': not a valid identifier", argv[i]);
			status = 1;
		} else {
			var_set(name, eq ? eq + 1 : NULL, 1);
		}
		free(name);
	}
	return status;
}

static int b_unset(char **argv, int argc)
{
	int i = 1;

	if (argc > 1 && (!strcmp(argv[1], "-v") || !strcmp(argv[1], "-f")))
		i++;
	for (; i < argc; i++)
		var_unset(argv[i]);
	return 0;
}

static int b_echo(char **argv, int argc)
{
	int i = 1, newline = 1;

	if (argc > 1 && !strcmp(argv[1], "-n")) {
		newline = 0;
		i++;
	}
	for (; i < argc; i++)
		printf("%s%s", argv[i], i + 1 < argc ? " " : "");
	if (newline)
		putchar('\n');
	return fflush(stdout) ? 1 : 0;
}

static int b_true(char **argv, int argc)
{
	return argv[0][0] == 'f';
}

static int b_source(char **argv, int argc)
{
	struct positional saved = pos_args;
	char *text = NULL;
	size_t len = 0, cap = 0;
	ssize_t n;
	int fd, status;

	if (argc < 2) {
		sh_error("%s: filename argument required", argv[0]);
		return 2;
	}
	if ((fd = open(argv[1], O_RDONLY | O_CLOEXEC)) < 0) {
		sh_error("%s: %s: %s", argv[0], argv[1], strerror(errno));
		return 1;
	}
	do {
		if (len + 4096 + 1 > cap)
			text = xrealloc(text, cap = cap * 2 + 8192);
		n = read(fd, text + len, cap - len - 1);
		if (n > 0)
			len += n;
	} while (n > 0);
	close(fd);
	text[len] = 0;
	if (argc > 2) {
		pos_args.argv = argv + 2;
		pos_args.argc = argc - 2;
	}
	status = run_string(text, 1);
	pos_args = saved;
	if (exit_requested == 2)
		exit_requested = 0;
	free(text);
	return status;
}

static int b_eval(char **argv, int argc)
{
	size_t len = 1;
	char *text;
	int i, status;

	for (i = 1; i < argc; i++)
		len += strlen(argv[i]) + 1;
	text = xmalloc(len);
	text[0] = 0;
	for (i = 1; i < argc; i++) {
		strcat(text, argv[i]);
		if (i + 1 < argc)
			strcat(text, " ");
	}
	status = run_string(text, 1);
	free(text);
	return status;
}

static int b_shift(char **argv, int argc)
{
	int n = 1;

	if (argc > 1 && number_arg("shift", argv[1], &n))
		return 1;
	if (n < 0 || n > pos_args.argc)
		return 1;
	pos_args.argv += n;
	pos_args.argc -= n;
	return 0;
}

static int b_set(char **argv, int argc)
{
	if (argc == 1) {
		vars_print(0);
		return 0;
	}
	if (!strcmp(argv[1], "--")) {
		pos_args.argv = argv + 2;	/* argv lives on: leak it */
		pos_args.argc = argc - 2;
		for (argc = 0; argc < pos_args.argc; argc++)
			pos_args.argv[argc] = xstrdup(pos_args.argv[argc]);
		return 0;
	}
	sh_error("set: %s: options are not supported", argv[1]);
	return 2;
}

/* read [-r] NAME...: one line from standard input, split at IFS. */
static int b_read(char **argv, int argc)
{
	const char *ifs = var_get("IFS");
	int i = 1, raw = 0, got = 0;
	size_t len = 0, cap = 128;
	char *line = xmalloc(cap), c, *p;

	if (!ifs)
		ifs = " \t\n";
	if (i < argc && !strcmp(argv[i], "-r")) {
		raw = 1;
		i++;
	}
	while (read(0, &c, 1) == 1) {	/* byte by byte: leave the rest */
		got = 1;
		if (c == '\n')
			break;
		if (c == '\\' && !raw) {
			if (read(0, &c, 1) != 1 || c == '\n')
				continue;
		}
		if (len + 2 > cap)
			line = xrealloc(line, cap *= 2);
		line[len++] = c;
	}
	line[len] = 0;
	if (i == argc)
		var_set("REPLY", line, 0);
	for (p = line; i < argc; i++) {
		char *end;

		while (*p && strchr(ifs, *p) && isspace((unsigned char)*p))
			p++;
		if (i + 1 == argc) {	/* the last name takes the rest */
			end = p + strlen(p);
			while (end > p && strchr(ifs, end[-1]))
				*--end = 0;
			var_set(argv[i], p, 0);
			break;
		}
		end = p + strcspn(p, ifs);
		if (*end)
			*end++ = 0;
		var_set(argv[i], p, 0);
		p = end;
	}
	free(line);
	return got ? 0 : 1;
}

static int b_ulimit(char **argv, int argc)
{
	static const struct { char opt; int res; const char *what; } lim[] = {
		{ 'u', RLIMIT_NPROC, "max user processes" },
		{ 'n', RLIMIT_NOFILE, "open files" },
		{ 's', RLIMIT_STACK, "stack size (kbytes)" },
		{ 'v', RLIMIT_AS, "virtual memory (kbytes)" },
		{ 'd', RLIMIT_DATA, "data seg size (kbytes)" },
		{ 'c', RLIMIT_CORE, "core file size (blocks)" },
		{ 't', RLIMIT_CPU, "cpu time (seconds)" },
	};
	size_t k, n = sizeof(lim) / sizeof(lim[0]);
	int i = 1, all = 0, which = 0, hard = 0;
	struct rlimit rl;

	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *o;

		for (o = argv[i] + 1; *o; o++) {
			if (*o == 'a')
				all = 1;
			else if (*o == 'H')
				hard = 1;
			else if (*o == 'S')
				hard = 0;
			else {
				for (k = 0; k < n && lim[k].opt != *o; k++)
					;
				if (k == n) {
					sh_error("ulimit: -%c: invalid option", *o);
					return 2;
				}
				which = k;
			}
		}
	}
	for (k = all ? 0 : which; k < (all ? n : which + 1u); k++) {
		int scale = lim[k].res == RLIMIT_NPROC || lim[k].res == RLIMIT_NOFILE ||
			    lim[k].res == RLIMIT_CPU ? 1 : lim[k].res == RLIMIT_CORE ? 512 : 1024;
		rlim_t *v = hard ? &rl.rlim_max : &rl.rlim_cur;

		getrlimit(lim[k].res, &rl);
		if (i < argc && !all) {
			char *end;

			if (!strcmp(argv[i], "unlimited")) {
				*v = RLIM_INFINITY;
			} else {
				*v = strtoull(argv[i], &end, 10) * scale;
				if (*end || end == argv[i]) {
					sh_error("ulimit: %s: invalid number", argv[i]);
					return 1;
				}
			}
			if (!hard && rl.rlim_cur > rl.rlim_max)
				rl.rlim_cur = rl.rlim_max;
			if (setrlimit(lim[k].res, &rl)) {
				sh_error("ulimit: %s: %s", lim[k].what, strerror(errno));
				return 1;
			}
			return 0;
		}
		if (all)
			printf("%-28s(-%c) ", lim[k].what, lim[k].opt);
		if (*v == RLIM_INFINITY)
			puts("unlimited");
		else
			printf("%llu\n", (unsigned long long)*v / scale);
	}
	return 0;
}

static int b_umask(char **argv, int argc)
{
	mode_t m;
	char *end;

	if (argc == 1) {
		m = umask(0);
		umask(m);
		printf("%04o\n", m);
		return 0;
	}
	m = strtol(argv[1], &end, 8);
	if (*end || m > 0777) {
		sh_error("umask: %s: invalid mode", argv[1]);
		return 1;
	}
	umask(m);
	return 0;
}

static int b_exec(char **argv, int argc)
{
	char **env = vars_environ();

	if (argc == 1)
		return 0;	/* redirections only: they stay (see exec.c) */
	fflush(NULL);
	if (strchr(argv[1], '/'))
		execve(argv[1], argv + 1, env);
	else
		execvpe(argv[1], argv + 1, env);
	exit(command_not_found(argv[1], errno));
}

static int b_help(char **argv, int argc);

static const struct builtin {
	const char *name;
	int (*fn)(char **argv, int argc);
	const char *usage;
} builtins[] = {
	{ "cd", b_cd, "cd [DIR | -]" },
	{ "pwd", b_pwd, "pwd" },
	{ "exit", b_exit, "exit [N]" },
	{ "return", b_return, "return [N]" },
	{ "break", b_loopctl, "break [N]" },
	{ "continue", b_loopctl, "continue [N]" },
	{ "export", b_export, "export [NAME[=VALUE]...]" },
	{ "unset", b_unset, "unset NAME..." },
	{ "echo", b_echo, "echo [-n] [ARG...]" },
	{ "true", b_true, "true" },
	{ "false", b_true, "false" },
	{ ":", b_true, ": [ARG...]" },
	{ ".", b_source, ". FILE [ARG...]" },
	{ "source", b_source, "source FILE [ARG...]" },
	{ "eval", b_eval, "eval [ARG...]" },
	{ "shift", b_shift, "shift [N]" },
	{ "set", b_set, "set [-- ARG...]" },
	{ "read", b_read, "read [-r] [NAME...]" },
	{ "ulimit", b_ulimit, "ulimit [-HSa] [-u|-n|-s|-v|-d|-c|-t] [LIMIT]" },
	{ "umask", b_umask, "umask [MODE]" },
	{ "exec", b_exec, "exec [COMMAND [ARG...]]" },
	{ "jobs", builtin_jobs, "jobs" },
	{ "fg", builtin_fg, "fg [%JOB]" },
	{ "bg", builtin_bg, "bg [%JOB]" },
	{ "wait", builtin_wait, "wait [%JOB | PID...]" },
	{ "kill", builtin_kill, "kill [-s SIG | -SIG] PID|%JOB... | kill -l" },
	{ "help", b_help, "help" },
};

#define NBUILTINS	(sizeof(builtins) / sizeof(builtins[0]))

static int b_help(char **argv, int argc)
{
	size_t i;

	printf("Shell builtins:\n");
	for (i = 0; i < NBUILTINS; i++)
		printf("  %s\n", builtins[i].usage);
	printf("Syntax: ; & && || | < > >> 2> 2>&1 ( ) { } $VAR ${VAR:-x} "
	       "$(cmd) $((expr))\n  if/then/elif/else/fi, while/until/do/done, "
	       "for NAME in WORDS; do ...; done, NAME() { ...; }\n"
	       "Programs are in /bin (ls /bin); each takes --help.\n");
	return 0;
}

int is_builtin(const char *name)
{
	size_t i;

	for (i = 0; i < NBUILTINS; i++)
		if (!strcmp(builtins[i].name, name))
			return 1;
	return 0;
}

int builtin_run(char **argv, int argc)
{
	size_t i;

	for (i = 0; i < NBUILTINS; i++)
		if (!strcmp(builtins[i].name, argv[0]))
			return builtins[i].fn(argv, argc);
	return -1;
}
