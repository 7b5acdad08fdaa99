/* env [-i] [-u NAME] [NAME=VALUE...] [COMMAND [ARG...]]: run COMMAND in
   a changed environment, or print the environment. 127: command not
   found, 126: found but not runnable. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../lib/help.h"

extern char **environ;

int main(int argc, char **argv)
{
	static char *empty[] = { NULL };
	int c, i;
	char **e;

	help_option(argc, argv, "usage: env [-i] [-u NAME] [NAME=VALUE...] [COMMAND [ARG...]]\n"
		"Run COMMAND in a changed environment, or print it.\n"
		"  -i  start empty\n"
		"  -u  remove NAME\n");
	while ((c = getopt(argc, argv, "+iu:")) != -1)
		if (c == 'i')
			environ = empty;
		else if (c == 'u')
			unsetenv(optarg);
		else {
			fprintf(stderr, "usage: env [-i] [-u NAME] [NAME=VALUE...] "
				"[COMMAND [ARG...]]\n");
			return 125;
		}
	if (optind < argc && !strcmp(argv[optind], "-")) {
		environ = empty;
		optind++;
	}
	for (i = optind; i < argc && strchr(argv[i], '='); i++)
		if (putenv(argv[i])) {
			perror("env");
			return 125;
		}
	if (i == argc) {
		for (e = environ; *e; e++)
			puts(*e);
		return fflush(stdout) ? 125 : 0;
	}
	execvp(argv[i], argv + i);
	fprintf(stderr, "env: '%s': %s\n", argv[i], strerror(errno));
	return errno == ENOENT ? 127 : 126;
}
