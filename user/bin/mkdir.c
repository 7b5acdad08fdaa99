/* mkdir [-p] [-m MODE] DIR...: make directories; -p makes the missing
   parents too and is quiet about existing directories. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../lib/help.h"

static int make(char *path, mode_t mode, int parents)
{
	struct stat st;
	char *p;

	if (parents) {
		for (p = path + 1; (p = strchr(p, '/')); p++) {
			*p = 0;
			if (mkdir(path, 0777) && errno != EEXIST) {
				fprintf(stderr, "mkdir: cannot create directory "
					"'%s': %s\n", path, strerror(errno));
				return 1;
			}
			*p = '/';
			while (p[1] == '/')
				p++;
		}
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
			return 0;
	}
	if (mkdir(path, mode)) {
		fprintf(stderr, "mkdir: cannot create directory '%s': %s\n",
			path, strerror(errno));
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	int c, parents = 0, status = 0, explicit = 0, i;
	mode_t mode = 0777;

	help_option(argc, argv, "usage: mkdir [-p] [-m MODE] DIR...\n"
		"Make directories.\n"
		"  -p  make parents as needed, no error if existing\n"
		"  -m  permission bits (octal)\n");
	while ((c = getopt(argc, argv, "pm:")) != -1)
		if (c == 'p') {
			parents = 1;
		} else if (c == 'm') {
			char *end;

			mode = strtol(optarg, &end, 8);
			if (*end || mode > 07777) {
				fprintf(stderr, "mkdir: invalid mode '%s'\n", optarg);
				return 1;
			}
			explicit = 1;
		} else {
			goto usage;
		}
	if (optind == argc)
		goto usage;
	for (i = optind; i < argc; i++) {
		if (make(argv[i], mode, parents))
			status = 1;
		else if (explicit)
			chmod(argv[i], mode);	/* not masked by the umask */
	}
	return status;
usage:
	fprintf(stderr, "usage: mkdir [-p] [-m MODE] DIR...\n");
	return 1;
}
