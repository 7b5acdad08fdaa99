/*
 * A tiny harness for the host unit tests. A test program lists its cases
 * in a table of { name, function } and returns check_run(); every case
 * runs in a forked child, so a crash, a sanitizer report or a hang in one
 * case cannot hide the next. CHECK() and its kin print file:line and the
 * failed expression, mark the case failed and let it go on; skip() ends a
 * case that cannot run and says why. The last line of the output is
 * "N passed, N failed". Arguments, if any, name the cases to run.
 */
#pragma once

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define CHECK_TIMEOUT	120	/* seconds per case */
#define CHECK_SKIPPED	77	/* a child's exit status for skip() */

#define ARRAY_LEN(a)	(sizeof(a) / sizeof((a)[0]))

struct check_case {
	const char *name;
	void (*fn)(void);
};

static const char *check_case_name;
static int check_failures;

/* Each returns whether the check held, so a case can stop early. */
#define CHECK(cond) \
	check_true(!!(cond), __FILE__, __LINE__, #cond)
#define CHECK_EQ(a, b) \
	check_eq((unsigned long long)(a), (unsigned long long)(b), \
		 __FILE__, __LINE__, #a, #b)
#define CHECK_STR(a, b) \
	check_str((a), (b), __FILE__, __LINE__, #a, #b)

__attribute__((format(printf, 3, 4)))
static inline void check_fail(const char *file, int line,
			      const char *fmt, ...)
{
	va_list ap;

	check_failures++;
	printf("  %s:%d: %s: ", file, line, check_case_name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

static inline int check_true(int ok, const char *file, int line,
			     const char *expr)
{
	if (!ok)
		check_fail(file, line, "CHECK(%s) failed", expr);
	return ok;
}

static inline int check_eq(unsigned long long a, unsigned long long b,
			   const char *file, int line, const char *ea,
			   const char *eb)
{
	if (a != b)
		check_fail(file, line, "CHECK_EQ(%s, %s) failed: "
			   "%lld (%#llx) != %lld (%#llx)", ea, eb,
			   (long long)a, a, (long long)b, b);
	return a == b;
}

static inline int check_str(const char *a, const char *b,
			    const char *file, int line, const char *ea,
			    const char *eb)
{
	int ok = a && b ? strcmp(a, b) == 0 : a == b;

	if (!ok)
		check_fail(file, line,
			   "CHECK_STR(%s, %s) failed: \"%s\" != \"%s\"",
			   ea, eb, a ? a : "(null)", b ? b : "(null)");
	return ok;
}

/* End the running case as skipped, saying why. */
__attribute__((noreturn, format(printf, 1, 2)))
static inline void skip(const char *fmt, ...)
{
	va_list ap;

	printf("  %s: skipped: ", check_case_name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	exit(CHECK_SKIPPED);
}

static inline int check_wanted(const char *name, int argc, char **argv)
{
	int i;

	if (argc < 2)
		return 1;
	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], name) == 0)
			return 1;
	return 0;
}

/* Run one case in a child; returns its wait status. */
static inline int check_fork(const struct check_case *c)
{
	pid_t pid;
	int status;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		perror("fork");
		exit(2);
	}
	if (pid == 0) {
		check_case_name = c->name;
		alarm(CHECK_TIMEOUT);
		c->fn();
		exit(check_failures ? 1 : 0);
	}
	while (waitpid(pid, &status, 0) < 0)
		;
	return status;
}

/* Run the cases (those named in argv, if any); returns the exit status. */
static inline int check_run(const struct check_case *cases, size_t n,
			    int argc, char **argv)
{
	int passed = 0, failed = 0, skipped = 0;
	size_t i;

	setvbuf(stdout, NULL, _IOLBF, 0);	/* in step with stderr */
	for (i = 0; i < n; i++) {
		int st;

		if (!check_wanted(cases[i].name, argc, argv))
			continue;
		st = check_fork(&cases[i]);
		if (WIFEXITED(st) && WEXITSTATUS(st) == 0) {
			printf("ok   %s\n", cases[i].name);
			passed++;
		} else if (WIFEXITED(st) && WEXITSTATUS(st) == CHECK_SKIPPED) {
			printf("skip %s\n", cases[i].name);
			skipped++;
		} else if (WIFEXITED(st)) {
			printf("FAIL %s (exit status %d)\n", cases[i].name,
			       WEXITSTATUS(st));
			failed++;
		} else {
			printf("FAIL %s (killed by signal %d, %s)\n",
			       cases[i].name, WTERMSIG(st),
			       WTERMSIG(st) == SIGALRM ? "timed out" :
			       strsignal(WTERMSIG(st)));
			failed++;
		}
	}
	if (skipped)
		printf("%d skipped\n", skipped);
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
