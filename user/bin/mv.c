/* mv [-f] SOURCE DEST | mv [-f] SOURCE... DIRECTORY: rename files (one
   file system: there is only the RAM one). */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../lib/help.h"

static int move(const char *src, const char *dst)
{
	if (rename(src, dst)) {
		fprintf(stderr, "mv: cannot move '%s' to '%s': %s\n", src, dst,
			strerror(errno));
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	int c, n, i, status = 0;
	struct stat st;

	help_option(argc, argv, "usage: mv SOURCE DEST\n"
		"       mv SOURCE... DIRECTORY\n"
		"Rename or move files.\n");
	while ((c = getopt(argc, argv, "fin")) != -1)
		if (c == '?')
			goto usage;
	n = argc - optind;
	if (n < 2)
		goto usage;
	if (stat(argv[argc - 1], &st) || !S_ISDIR(st.st_mode)) {
		if (n > 2) {
			fprintf(stderr, "mv: target '%s' is not a directory\n",
				argv[argc - 1]);
			return 1;
		}
		if (lstat(argv[optind], &st)) {
			fprintf(stderr, "mv: cannot stat '%s': %s\n", argv[optind],
				strerror(errno));
			return 1;
		}
		return move(argv[optind], argv[optind + 1]);
	}
	for (i = optind; i < argc - 1; i++) {
		char *copy = strdup(argv[i]), *dst;

		if (asprintf(&dst, "%s/%s", argv[argc - 1], basename(copy)) < 0)
			return 1;
		status |= move(argv[i], dst);
		free(dst);
		free(copy);
	}
	return status;
usage:
	fprintf(stderr, "usage: mv SOURCE DEST\n       mv SOURCE... DIRECTORY\n");
	return 1;
}
