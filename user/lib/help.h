/* --help: every utility answers it with what it supports. */
#pragma once

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* With "--help" as the only argument, print text and exit 0. */
static inline void help_option(int argc, char **argv, const char *text)
{
	if (argc == 2 && !strcmp(argv[1], "--help")) {
		fputs(text, stdout);
		exit(0);
	}
}
