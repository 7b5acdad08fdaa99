/* touch [-c] [-a] [-m] FILE...: set the access and modification times of
   each file to now, creating it empty unless -c. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../lib/help.h"

int main(int argc, char **argv)
{
	int c, create = 1, only_a = 0, only_m = 0, status = 0, i;
	struct timespec ts[2];

	help_option(argc, argv, "usage: touch [-c] [-a] [-m] FILE...\n"
		"Set file times to now, creating files.\n"
		"  -c  do not create\n"
		"  -a  access time only\n"
		"  -m  modification time only\n");
	while ((c = getopt(argc, argv, "cam")) != -1)
		switch (c) {
		case 'c': create = 0; break;
		case 'a': only_a = 1; break;
		case 'm': only_m = 1; break;
		default: goto usage;
		}
	if (optind == argc)
		goto usage;
	ts[0].tv_nsec = only_m && !only_a ? UTIME_OMIT : UTIME_NOW;
	ts[1].tv_nsec = only_a && !only_m ? UTIME_OMIT : UTIME_NOW;
	for (i = optind; i < argc; i++) {
		if (utimensat(AT_FDCWD, argv[i], ts, 0) == 0)
			continue;
		if (errno == ENOENT && create) {
			int fd = open(argv[i], O_WRONLY | O_CREAT, 0666);

			if (fd >= 0) {
				futimens(fd, ts);
				close(fd);
				continue;
			}
		} else if (errno == ENOENT) {
			continue;	/* -c: no file, no error */
		}
		fprintf(stderr, "touch: cannot touch '%s': %s\n", argv[i],
			strerror(errno));
		status = 1;
	}
	return status;
usage:
	fprintf(stderr, "usage: touch [-c] [-a] [-m] FILE...\n");
	return 1;
}
