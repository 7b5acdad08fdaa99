/* rmdir [-p] DIR...: remove empty directories; -p also each parent named
   in the path. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../lib/help.h"

int main(int argc, char **argv)
{
	int c, parents = 0, status = 0, i;

	help_option(argc, argv, "usage: rmdir [-p] DIR...\n"
		"Remove empty directories.\n"
		"  -p  remove each parent too\n");
	while ((c = getopt(argc, argv, "p")) != -1)
		if (c == 'p')
			parents = 1;
		else
			goto usage;
	if (optind == argc)
		goto usage;
	for (i = optind; i < argc; i++) {
		char *path = argv[i], *slash;

		for (;;) {
			if (rmdir(path)) {
				fprintf(stderr, "rmdir: failed to remove '%s': %s\n",
					path, strerror(errno));
				status = 1;
				break;
			}
			if (!parents || !(slash = strrchr(path, '/')))
				break;
			while (slash > path && *slash == '/')
				*slash-- = 0;
			if (slash == path && *path == '/')
				break;
		}
	}
	return status;
usage:
	fprintf(stderr, "usage: rmdir [-p] DIR...\n");
	return 1;
}
