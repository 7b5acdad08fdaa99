/*
 * Host tests of kernel/cmdline.c: splitting the kernel command line into
 * flags and init's argument vector, quoting, the limits, and falling back
 * to the defaults (init /bin/init, no flags) on every error.
 */
#include "check.h"

#include "cmdline.h"
#include "errno.h"

/* c holds exactly the defaults. */
static void check_defaults(const struct cmdline *c)
{
	CHECK_EQ(c->nflags, 0);
	CHECK_EQ(c->init_argc, 1);
	CHECK_STR(c->init_argv[0], CMDLINE_DEFAULT_INIT);
	CHECK(c->init_argv[1] == NULL);
}

/* c's init argument vector is exactly argv (NULL-ended). */
static void check_argv(const struct cmdline *c, const char *const *argv)
{
	int i;

	for (i = 0; argv[i]; i++)
		CHECK_STR(c->init_argv[i], argv[i]);
	CHECK_EQ(c->init_argc, i);
	CHECK(c->init_argv[i] == NULL);
}

static void empty_line_gives_defaults(void)
{
	struct cmdline c;

	CHECK_EQ(cmdline_parse(&c, ""), 0);
	check_defaults(&c);
	CHECK(cmdline_get(&c, "quiet") == NULL);
}

static void blank_line_gives_defaults(void)
{
	struct cmdline c;

	CHECK_EQ(cmdline_parse(&c, "  \t \t "), 0);
	check_defaults(&c);
}

static void flags_with_and_without_values(void)
{
	struct cmdline c;

	CHECK_EQ(cmdline_parse(&c, "quiet test_fault=pf log=debug=9 x="), 0);
	CHECK_EQ(c.nflags, 4);
	CHECK_STR(c.key[0], "quiet");
	CHECK_STR(c.value[0], "");
	CHECK_STR(c.key[1], "test_fault");
	CHECK_STR(c.value[1], "pf");
	CHECK_STR(c.key[2], "log");
	CHECK_STR(c.value[2], "debug=9");	/* split at the first '=' */
	CHECK_STR(c.key[3], "x");
	CHECK_STR(c.value[3], "");
	CHECK_EQ(c.init_argc, 1);
	CHECK_STR(c.init_argv[0], CMDLINE_DEFAULT_INIT);
}

static void get_absent_flag_is_null_bare_flag_is_empty(void)
{
	struct cmdline c;

	CHECK_EQ(cmdline_parse(&c, "quiet test_fault=pf"), 0);
	CHECK(cmdline_get(&c, "verbose") == NULL);
	CHECK(cmdline_get(&c, "quie") == NULL);
	CHECK(cmdline_get(&c, "test") == NULL);
	CHECK_STR(cmdline_get(&c, "quiet"), "");
	CHECK_STR(cmdline_get(&c, "test_fault"), "pf");
}

static void last_duplicate_flag_wins(void)
{
	struct cmdline c;

	CHECK_EQ(cmdline_parse(&c, "mode=a quiet mode=b mode=c quiet=1"), 0);
	CHECK_STR(cmdline_get(&c, "mode"), "c");
	CHECK_STR(cmdline_get(&c, "quiet"), "1");
}

static void init_arguments_with_quoted_word(void)
{
	static const char *const argv[] = { "/bin/sh", "-c", "echo hi", NULL };
	struct cmdline c;

	CHECK_EQ(cmdline_parse(&c, "quiet init=/bin/sh -c \"echo hi\""), 0);
	check_argv(&c, argv);
	CHECK_EQ(c.nflags, 1);
	CHECK_STR(cmdline_get(&c, "quiet"), "");
}

static void words_after_init_are_arguments_not_flags(void)
{
	static const char *const argv[] = { "/bin/x", "a=b", "init=/y", NULL };
	struct cmdline c;

	CHECK_EQ(cmdline_parse(&c, "k=v init=/bin/x a=b init=/y"), 0);
	check_argv(&c, argv);
	CHECK_EQ(c.nflags, 1);
	CHECK(cmdline_get(&c, "a") == NULL);
	CHECK(cmdline_get(&c, "init") == NULL);
}

static void init_without_arguments(void)
{
	static const char *const argv[] = { "/bin/sh", NULL };
	struct cmdline c;

	CHECK_EQ(cmdline_parse(&c, "init=/bin/sh"), 0);
	check_argv(&c, argv);
	CHECK_EQ(c.nflags, 0);
}

static void quotes_inside_a_word_join_it(void)
{
	static const char *const argv[] = { "/bin/echo", "ab cd", "", "x y",
					    NULL };
	struct cmdline c;

	CHECK_EQ(cmdline_parse(&c, "msg=\"two words\" a\"b c\"d init=/bin/echo "
			       "a\"b c\"d \"\" x\" \"y"), 0);
	CHECK_EQ(c.nflags, 2);
	CHECK_STR(cmdline_get(&c, "msg"), "two words");
	CHECK_STR(cmdline_get(&c, "ab cd"), "");
	check_argv(&c, argv);
}

static void tabs_and_runs_of_blanks_separate_words(void)
{
	static const char *const argv[] = { "/bin/sh", "-x", "a\tb", NULL };
	struct cmdline c;

	CHECK_EQ(cmdline_parse(&c, "\tquiet\t\t k=v  init=/bin/sh\t-x "
			       "\"a\tb\"\t "), 0);
	CHECK_EQ(c.nflags, 2);
	CHECK_STR(c.key[0], "quiet");
	CHECK_STR(c.key[1], "k");
	CHECK_STR(c.value[1], "v");
	check_argv(&c, argv);
}

static void unclosed_quote_is_einval_with_defaults(void)
{
	struct cmdline c;

	CHECK_EQ(cmdline_parse(&c, "quiet init=/bin/sh -c \"echo hi"),
		 -EINVAL);
	check_defaults(&c);
	CHECK(cmdline_get(&c, "quiet") == NULL);
	CHECK_EQ(cmdline_parse(&c, "\""), -EINVAL);
	check_defaults(&c);
}

static void empty_init_is_einval_with_defaults(void)
{
	struct cmdline c;

	CHECK_EQ(cmdline_parse(&c, "quiet init="), -EINVAL);
	check_defaults(&c);
	CHECK_EQ(cmdline_parse(&c, "quiet init= -c x"), -EINVAL);
	check_defaults(&c);
	CHECK_EQ(cmdline_parse(&c, "quiet init=\"\""), -EINVAL);
	check_defaults(&c);
}

/* line = prefix followed by n words " <word>0" ... " <word>n-1". */
static void build_words(char *line, size_t size, const char *prefix,
			const char *word, int n)
{
	size_t len;
	int i;

	len = snprintf(line, size, "%s", prefix);
	for (i = 0; i < n; i++)
		len += snprintf(line + len, size - len, " %s%d", word, i);
}

static void most_flags_accepted_one_more_is_e2big(void)
{
	struct cmdline c;
	char line[CMDLINE_MAX];

	build_words(line, sizeof(line), "", "f", CMDLINE_MAX_FLAGS);
	CHECK_EQ(cmdline_parse(&c, line), 0);
	CHECK_EQ(c.nflags, CMDLINE_MAX_FLAGS);
	CHECK_STR(cmdline_get(&c, "f31"), "");

	build_words(line, sizeof(line), "", "f", CMDLINE_MAX_FLAGS + 1);
	CHECK_EQ(cmdline_parse(&c, line), -E2BIG);
	check_defaults(&c);
}

static void most_arguments_accepted_one_more_is_e2big(void)
{
	struct cmdline c;
	char line[CMDLINE_MAX];

	/* init= itself is argv[0]. */
	build_words(line, sizeof(line), "q init=/i", "a",
		    CMDLINE_MAX_ARGS - 1);
	CHECK_EQ(cmdline_parse(&c, line), 0);
	CHECK_EQ(c.init_argc, CMDLINE_MAX_ARGS);
	CHECK_STR(c.init_argv[CMDLINE_MAX_ARGS - 1], "a30");
	CHECK(c.init_argv[CMDLINE_MAX_ARGS] == NULL);

	build_words(line, sizeof(line), "q init=/i", "a", CMDLINE_MAX_ARGS);
	CHECK_EQ(cmdline_parse(&c, line), -E2BIG);
	check_defaults(&c);
}

static void most_words_of_both_kinds_accepted(void)
{
	struct cmdline c;
	char line[CMDLINE_MAX];
	size_t len;

	build_words(line, sizeof(line), "", "f", CMDLINE_MAX_FLAGS);
	len = strlen(line);
	build_words(line + len, sizeof(line) - len, " init=/i", "a",
		    CMDLINE_MAX_ARGS - 1);
	CHECK_EQ(cmdline_parse(&c, line), 0);
	CHECK_EQ(c.nflags, CMDLINE_MAX_FLAGS);
	CHECK_EQ(c.init_argc, CMDLINE_MAX_ARGS);

	build_words(line, sizeof(line), "", "w", 100);
	CHECK_EQ(cmdline_parse(&c, line), -E2BIG);
	check_defaults(&c);
}

static void line_of_1023_chars_accepted_1024_is_e2big(void)
{
	struct cmdline c;
	char line[CMDLINE_MAX + 1];

	memset(line, 'x', CMDLINE_MAX - 1);
	memcpy(line, "k=", 2);
	line[CMDLINE_MAX - 1] = 0;
	CHECK_EQ(cmdline_parse(&c, line), 0);
	CHECK_EQ(c.nflags, 1);
	CHECK_EQ(strlen(cmdline_get(&c, "k")), CMDLINE_MAX - 3);

	line[CMDLINE_MAX - 1] = 'x';
	line[CMDLINE_MAX] = 0;
	CHECK_EQ(cmdline_parse(&c, line), -E2BIG);
	check_defaults(&c);
}

static void words_filling_the_buffer_fit(void)
{
	struct cmdline c;
	char line[CMDLINE_MAX];
	int i;

	/* 32 words of 31 letters: with their NULs, exactly CMDLINE_MAX. */
	for (i = 0; i < CMDLINE_MAX - 1; i++)
		line[i] = i % 32 == 31 ? ' ' : 'a' + i % 26;
	line[CMDLINE_MAX - 1] = 0;
	CHECK_EQ(cmdline_parse(&c, line), 0);
	CHECK_EQ(c.nflags, (CMDLINE_MAX - 1 + 31) / 32);
	CHECK_EQ(strlen(c.key[c.nflags - 1]), (CMDLINE_MAX - 1) % 32);
}

static void reparse_forgets_the_previous_line(void)
{
	struct cmdline c;

	CHECK_EQ(cmdline_parse(&c, "a=1 init=/bin/sh -x"), 0);
	CHECK_EQ(cmdline_parse(&c, "b"), 0);
	CHECK_EQ(c.nflags, 1);
	CHECK(cmdline_get(&c, "a") == NULL);
	CHECK_STR(cmdline_get(&c, "b"), "");
	CHECK_EQ(c.init_argc, 1);
	CHECK_STR(c.init_argv[0], CMDLINE_DEFAULT_INIT);
	CHECK(c.init_argv[1] == NULL);
}

static const struct check_case cases[] = {
	{ "empty_line_gives_defaults", empty_line_gives_defaults },
	{ "blank_line_gives_defaults", blank_line_gives_defaults },
	{ "flags_with_and_without_values", flags_with_and_without_values },
	{ "get_absent_flag_is_null_bare_flag_is_empty",
	  get_absent_flag_is_null_bare_flag_is_empty },
	{ "last_duplicate_flag_wins", last_duplicate_flag_wins },
	{ "init_arguments_with_quoted_word", init_arguments_with_quoted_word },
	{ "words_after_init_are_arguments_not_flags",
	  words_after_init_are_arguments_not_flags },
	{ "init_without_arguments", init_without_arguments },
	{ "quotes_inside_a_word_join_it", quotes_inside_a_word_join_it },
	{ "tabs_and_runs_of_blanks_separate_words",
	  tabs_and_runs_of_blanks_separate_words },
	{ "unclosed_quote_is_einval_with_defaults",
	  unclosed_quote_is_einval_with_defaults },
	{ "empty_init_is_einval_with_defaults",
	  empty_init_is_einval_with_defaults },
	{ "most_flags_accepted_one_more_is_e2big",
	  most_flags_accepted_one_more_is_e2big },
	{ "most_arguments_accepted_one_more_is_e2big",
	  most_arguments_accepted_one_more_is_e2big },
	{ "most_words_of_both_kinds_accepted",
	  most_words_of_both_kinds_accepted },
	{ "line_of_1023_chars_accepted_1024_is_e2big",
	  line_of_1023_chars_accepted_1024_is_e2big },
	{ "words_filling_the_buffer_fit", words_filling_the_buffer_fit },
	{ "reparse_forgets_the_previous_line",
	  reparse_forgets_the_previous_line },
};

int main(int argc, char **argv)
{
	return check_run(cases, ARRAY_LEN(cases), argc, argv);
}
