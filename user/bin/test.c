/*
 * test EXPRESSION, [ EXPRESSION ]: evaluate a condition (POSIX test, with
 * its rules by argument count and -a/-o/!/( ) beyond four). Files: -e -f
 * -d -r -w -x -s -L -h -p -c -b -S -t; strings: -z -n = != < >;
 * integers: -eq -ne -lt -le -gt -ge; files: -nt -ot -ef. Exit status 0
 * true, 1 false, 2 on a syntax error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../lib/help.h"

static char **args;
static int nargs, pos;

static _Noreturn void syntax(const char *what, const char *arg)
{
	fprintf(stderr, "test: %s%s%s\n", what, arg ? ": " : "", arg ? arg : "");
	exit(2);
}

static long long integer(const char *s)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	while (*end == ' ' || *end == '\t')
		end++;
	if (end == s || *end || errno)
		syntax("integer expression expected", s);
	return v;
}

static int is_unary(const char *s)
{
	return s[0] == '-' && s[1] && !s[2] && strchr("efdrwxsLhpcbSzntgukGO", s[1]);
}

static int is_binary(const char *s)
{
	static const char *const ops[] = { "=", "==", "!=", "<", ">", "-eq", "-ne",
		"-lt", "-le", "-gt", "-ge", "-nt", "-ot", "-ef", NULL };
	int i;

	for (i = 0; ops[i]; i++)
		if (!strcmp(s, ops[i]))
			return 1;
	return 0;
}

static int unary(const char *op, const char *a)
{
	struct stat st;
	int r;

	switch (op[1]) {
	case 'z': return !*a;
	case 'n': return *a != 0;
	case 't': return isatty(integer(a));
	case 'r': return access(a, R_OK) == 0;
	case 'w': return access(a, W_OK) == 0;
	case 'x': return access(a, X_OK) == 0;
	case 'L': case 'h': return lstat(a, &st) == 0 && S_ISLNK(st.st_mode);
	}
	if (stat(a, &st))
		return 0;
	switch (op[1]) {
	case 'e': r = 1; break;
	case 'f': r = S_ISREG(st.st_mode); break;
	case 'd': r = S_ISDIR(st.st_mode); break;
	case 's': r = st.st_size > 0; break;
	case 'p': r = S_ISFIFO(st.st_mode); break;
	case 'c': r = S_ISCHR(st.st_mode); break;
	case 'b': r = S_ISBLK(st.st_mode); break;
	case 'S': r = S_ISSOCK(st.st_mode); break;
	case 'g': r = (st.st_mode & S_ISGID) != 0; break;
	case 'u': r = (st.st_mode & S_ISUID) != 0; break;
	case 'k': r = (st.st_mode & S_ISVTX) != 0; break;
	case 'G': r = st.st_gid == getegid(); break;
	case 'O': r = st.st_uid == geteuid(); break;
	default: r = 0;
	}
	return r;
}

static int binary(const char *a, const char *op, const char *b)
{
	struct stat sa, sb;
	int ha, hb;

	if (!strcmp(op, "=") || !strcmp(op, "=="))
		return !strcmp(a, b);
	if (!strcmp(op, "!="))
		return strcmp(a, b) != 0;
	if (!strcmp(op, "<"))
		return strcmp(a, b) < 0;
	if (!strcmp(op, ">"))
		return strcmp(a, b) > 0;
	if (op[1] == 'n' && op[2] == 't') {
		ha = stat(a, &sa) == 0;
		hb = stat(b, &sb) == 0;
		return ha && (!hb || sa.st_mtim.tv_sec > sb.st_mtim.tv_sec ||
			      (sa.st_mtim.tv_sec == sb.st_mtim.tv_sec &&
			       sa.st_mtim.tv_nsec > sb.st_mtim.tv_nsec));
	}
	if (op[1] == 'o' && op[2] == 't')
		return binary(b, "-nt", a);
	if (op[1] == 'e' && op[2] == 'f')
		return stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
		       sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
	{
		long long x = integer(a), y = integer(b);

		if (!strcmp(op, "-eq")) return x == y;
		if (!strcmp(op, "-ne")) return x != y;
		if (!strcmp(op, "-lt")) return x < y;
		if (!strcmp(op, "-le")) return x <= y;
		if (!strcmp(op, "-gt")) return x > y;
		return x >= y;
	}
}

/* The general grammar, for more than four arguments. */
static int expr(void);

static const char *next(void)
{
	if (pos >= nargs)
		syntax("argument expected", NULL);
	return args[pos++];
}

static int primary(void)
{
	const char *a = next();
	int r;

	if (!strcmp(a, "!"))
		return !primary();
	if (!strcmp(a, "(")) {
		r = expr();
		if (pos >= nargs || strcmp(args[pos], ")"))
			syntax("')' expected", NULL);
		pos++;
		return r;
	}
	if (is_unary(a) && pos < nargs)
		return unary(a, next());
	if (pos + 1 < nargs && is_binary(args[pos])) {
		const char *op = next();

		return binary(a, op, next());
	}
	return *a != 0;
}

static int and_expr(void)
{
	int r = primary();

	while (pos < nargs && !strcmp(args[pos], "-a")) {
		pos++;
		r = primary() && r;
	}
	return r;
}

static int expr(void)
{
	int r = and_expr();

	while (pos < nargs && !strcmp(args[pos], "-o")) {
		pos++;
		r = and_expr() || r;
	}
	return r;
}

/* POSIX's rules for 0 to 4 arguments; -1: use the grammar. */
static int by_count(char **a, int n)
{
	switch (n) {
	case 0:
		return 0;
	case 1:
		return *a[0] != 0;
	case 2:
		if (!strcmp(a[0], "!"))
			return *a[1] == 0;
		if (is_unary(a[0]))
			return unary(a[0], a[1]);
		syntax("unary operator expected", a[0]);
	case 3:
		if (is_binary(a[1]))
			return binary(a[0], a[1], a[2]);
		if (!strcmp(a[1], "-a") || !strcmp(a[1], "-o"))
			return -1;
		if (!strcmp(a[0], "!"))
			return !by_count(a + 1, 2);
		if (!strcmp(a[0], "(") && !strcmp(a[2], ")"))
			return *a[1] != 0;
		syntax("binary operator expected", a[1]);
	case 4:
		if (!strcmp(a[0], "!"))
			return !by_count(a + 1, 3);
		if (!strcmp(a[0], "(") && !strcmp(a[3], ")"))
			return by_count(a + 1, 2);
		return -1;
	}
	return -1;
}

int main(int argc, char **argv)
{
	const char *base = strrchr(argv[0], '/');
	int r;

	base = base ? base + 1 : argv[0];
	if (!strcmp(base, "["))	/* "test --help" is a true test, as GNU's */
		help_option(argc, argv, "usage: test EXPRESSION\n"
			"       [ EXPRESSION ]\n"
			"Evaluate a condition: -e -f -d -r -w -x -s -L -p -c -b -S -t FILE;\n"
			"-z -n STRING; S1 = != < > S2; N1 -eq -ne -lt -le -gt -ge N2;\n"
			"F1 -nt -ot -ef F2; ! -a -o ( ). Exit 0 true, 1 false, 2 error.\n");
	args = argv + 1;
	nargs = argc - 1;
	if (!strcmp(base, "[")) {
		if (nargs == 0 || strcmp(args[nargs - 1], "]"))
			syntax("missing ']'", NULL);
		nargs--;
	}
	r = by_count(args, nargs);
	if (r < 0) {
		r = expr();
		if (pos < nargs)
			syntax("too many arguments", args[pos]);
	}
	return !r;
}
