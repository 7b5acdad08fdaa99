/* ln [-s] [-f] TARGET LINK_NAME | ln [-s] [-f] TARGET... DIRECTORY: make
   hard links (symbolic with -s); -f replaces existing names. */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../lib/help.h"

static int symbolic, force;

static int make_link(const char *target, const char *name)
{
	if (force && unlink(name) && errno != ENOENT) {
		fprintf(stderr, "ln: cannot remove '%s': %s\n", name, strerror(errno));
		return 1;
	}
	if (symbolic ? symlink(target, name) : link(target, name)) {
		fprintf(stderr, "ln: failed to create %slink '%s'%s%s: %s\n",
			symbolic ? "symbolic " : "hard ", name,
			symbolic ? " -> '" : " => '", target, strerror(errno));
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	int c, n, i, status = 0;
	struct stat st;

	help_option(argc, argv, "usage: ln [-s] [-f] TARGET LINK_NAME\n"
		"       ln [-s] [-f] TARGET... DIRECTORY\n"
		"Make hard links.\n"
		"  -s  symbolic links\n"
		"  -f  replace existing names\n");
	while ((c = getopt(argc, argv, "sfn")) != -1)
		if (c == 's')
			symbolic = 1;
		else if (c == 'f')
			force = 1;
		else if (c != 'n')
			goto usage;
	n = argc - optind;
	if (n < 1)
		goto usage;
	if (n == 1) {			/* a link of the same name here */
		char *copy = strdup(argv[optind]);

		return make_link(argv[optind], basename(copy));
	}
	if (n == 2 && (stat(argv[argc - 1], &st) || !S_ISDIR(st.st_mode)))
		return make_link(argv[optind], argv[optind + 1]);
	for (i = optind; i < argc - 1; i++) {
		char *copy = strdup(argv[i]), *name;

		if (asprintf(&name, "%s/%s", argv[argc - 1], basename(copy)) < 0)
			return 1;
		status |= make_link(argv[i], name);
		free(name);
		free(copy);
	}
	return status;
usage:
	fprintf(stderr, "usage: ln [-s] [-f] TARGET LINK_NAME\n"
		"       ln [-s] [-f] TARGET... DIRECTORY\n");
	return 1;
}
