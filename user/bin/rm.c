/* rm [-r|-R] [-f] [-i] FILE...: remove files; -r removes directories and
   their contents; -f ignores missing files and never asks. */
#include <errno.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../lib/help.h"

static int recursive, force, interactive;

static int ask(const char *what, const char *path)
{
	char line[64];

	fprintf(stderr, "rm: remove %s '%s'? ", what, path);
	return fgets(line, sizeof(line), stdin) && (line[0] == 'y' || line[0] == 'Y');
}

static int removal(const char *path)
{
	struct stat st;
	struct dirent *d;
	DIR *dir;
	int status = 0;

	if (lstat(path, &st)) {
		if (force && errno == ENOENT)
			return 0;
		fprintf(stderr, "rm: cannot remove '%s': %s\n", path, strerror(errno));
		return 1;
	}
	if (!S_ISDIR(st.st_mode)) {
		if (interactive && !ask("file", path))
			return 0;
		if (unlink(path)) {
			fprintf(stderr, "rm: cannot remove '%s': %s\n", path,
				strerror(errno));
			return 1;
		}
		return 0;
	}
	if (!recursive) {
		fprintf(stderr, "rm: cannot remove '%s': Is a directory\n", path);
		return 1;
	}
	if (interactive && !ask("directory", path))
		return 0;
	if (!(dir = opendir(path))) {
		fprintf(stderr, "rm: cannot remove '%s': %s\n", path, strerror(errno));
		return 1;
	}
	while ((d = readdir(dir))) {
		char *sub;

		if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
			continue;
		if (asprintf(&sub, "%s/%s", path, d->d_name) < 0) {
			fprintf(stderr, "rm: out of memory\n");
			closedir(dir);
			return 1;
		}
		status |= removal(sub);
		free(sub);
	}
	closedir(dir);
	if (rmdir(path)) {
		fprintf(stderr, "rm: cannot remove '%s': %s\n", path, strerror(errno));
		return 1;
	}
	return status;
}

int main(int argc, char **argv)
{
	int c, status = 0, i;

	help_option(argc, argv, "usage: rm [-r] [-f] [-i] FILE...\n"
		"Remove files.\n"
		"  -r, -R  directories and their contents\n"
		"  -f      ignore missing files, never ask\n"
		"  -i      ask before each removal\n");
	while ((c = getopt(argc, argv, "rRfi")) != -1)
		switch (c) {
		case 'r': case 'R': recursive = 1; break;
		case 'f': force = 1; interactive = 0; break;
		case 'i': interactive = 1; force = 0; break;
		default:
			fprintf(stderr, "usage: rm [-r] [-f] [-i] FILE...\n");
			return 1;
		}
	if (optind == argc && !force) {
		fprintf(stderr, "rm: missing operand\n");
		return 1;
	}
	for (i = optind; i < argc; i++) {
		const char *base = strrchr(argv[i], '/');

		base = base ? base + 1 : argv[i];
		if (!strcmp(base, ".") || !strcmp(base, "..")) {
			fprintf(stderr, "rm: refusing to remove '.' or '..' "
				"directory: skipping '%s'\n", argv[i]);
			status = 1;
			continue;
		}
		status |= removal(argv[i]);
	}
	return status;
}
