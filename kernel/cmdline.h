/*
 * The kernel command line (\boot\cmdline): kernel flags ("key=value" or
 * "key") up to an "init=PROGRAM" word; every word after it is an argument
 * for init. Words are separated by blanks; double quotes group blanks
 * into a word.
 *
 *   quiet test_fault=pf init=/bin/sh -c "echo hi"
 */
#pragma once

#define CMDLINE_MAX		1024
#define CMDLINE_MAX_FLAGS	32
#define CMDLINE_MAX_ARGS	32
#define CMDLINE_DEFAULT_INIT	"/bin/init"

struct cmdline {
	char buf[CMDLINE_MAX];		/* the words, each NUL-ended */
	int nflags;
	const char *key[CMDLINE_MAX_FLAGS];
	const char *value[CMDLINE_MAX_FLAGS];	/* "" for a bare flag */
	int init_argc;			/* init_argv[0] is the program */
	const char *init_argv[CMDLINE_MAX_ARGS + 1];	/* NULL-ended */
};

/* Parse line into c. Returns 0, or -EINVAL (unclosed quote, empty init=)
   or -E2BIG (too long, too many flags or arguments); c then holds the
   defaults only. */
int cmdline_parse(struct cmdline *c, const char *line);

/* The value of flag key: "" for a bare flag, NULL when absent. */
const char *cmdline_get(const struct cmdline *c, const char *key);
