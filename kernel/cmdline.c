/*
 * Command-line parsing: split into words in place (in c->buf), then sort
 * the words into flags and init's argument vector.
 */
#include "cmdline.h"

#include "errno.h"
#include "string.h"

static void set_defaults(struct cmdline *c)
{
	c->nflags = 0;
	c->init_argc = 1;
	c->init_argv[0] = CMDLINE_DEFAULT_INIT;
	c->init_argv[1] = NULL;
}

/* Split line into NUL-ended words in buf; returns the count or -errno. */
static int split(char *buf, const char *line, const char **words, int max)
{
	int n = 0, inword = 0, quoted = 0;
	char *out = buf;

	for (;; line++) {
		char ch = *line;

		if (ch == 0 || (!quoted && (ch == ' ' || ch == '\t'))) {
			if (inword) {
				*out++ = 0;
				inword = 0;
			}
			if (ch == 0)
				break;
			continue;
		}
		if (!inword) {
			if (n == max)
				return -E2BIG;
			words[n++] = out;
			inword = 1;
		}
		if (ch == '"')
			quoted = !quoted;
		else
			*out++ = ch;
	}
	return quoted ? -EINVAL : n;
}

int cmdline_parse(struct cmdline *c, const char *line)
{
	const char *words[CMDLINE_MAX_FLAGS + CMDLINE_MAX_ARGS + 1];
	int n, i, j;

	set_defaults(c);
	if (strlen(line) >= CMDLINE_MAX)
		return -E2BIG;
	n = split(c->buf, line, words, sizeof(words) / sizeof(words[0]));
	if (n < 0)
		return n;
	for (i = 0; i < n; i++) {
		char *eq = strchr(words[i], '=');

		if (strncmp(words[i], "init=", 5) == 0)
			break;
		if (c->nflags == CMDLINE_MAX_FLAGS)
			goto too_big;
		c->key[c->nflags] = words[i];
		c->value[c->nflags] = eq ? eq + 1 : "";
		if (eq)
			*eq = 0;
		c->nflags++;
	}
	if (i == n)
		return 0;
	if (words[i][5] == 0) {
		set_defaults(c);
		return -EINVAL;
	}
	if (n - i > CMDLINE_MAX_ARGS)
		goto too_big;
	for (j = 0; i < n; i++, j++)
		c->init_argv[j] = j == 0 ? words[i] + 5 : words[i];
	c->init_argv[j] = NULL;
	c->init_argc = j;
	return 0;

too_big:
	set_defaults(c);
	return -E2BIG;
}

const char *cmdline_get(const struct cmdline *c, const char *key)
{
	int i;

	for (i = c->nflags - 1; i >= 0; i--)	/* the last one wins */
		if (strcmp(c->key[i], key) == 0)
			return c->value[i];
	return NULL;
}
