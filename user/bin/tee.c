/* tee [-a] [-i] [FILE...]: copy standard input to standard output and to
   each file (-a: append; -i: ignore SIGINT). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../lib/help.h"

#define MAXF	64

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0)
			return -1;
		p += w;
		n -= w;
	}
	return 0;
}

int main(int argc, char **argv)
{
	int fds[MAXF + 1], nf = 1, c, flags = O_WRONLY | O_CREAT | O_TRUNC;
	int status = 0, i;
	char buf[65536];
	ssize_t n;

	help_option(argc, argv, "usage: tee [-a] [-i] [FILE...]\n"
		"Copy standard input to standard output and to each FILE.\n"
		"  -a  append\n"
		"  -i  ignore SIGINT\n");
	while ((c = getopt(argc, argv, "ai")) != -1)
		if (c == 'a')
			flags = O_WRONLY | O_CREAT | O_APPEND;
		else if (c == 'i')
			signal(SIGINT, SIG_IGN);
		else {
			fprintf(stderr, "usage: tee [-a] [-i] [FILE...]\n");
			return 1;
		}
	fds[0] = 1;
	for (i = optind; i < argc && nf <= MAXF; i++) {
		int fd = open(argv[i], flags, 0666);

		if (fd < 0) {
			fprintf(stderr, "tee: %s: %s\n", argv[i], strerror(errno));
			status = 1;
		} else {
			fds[nf++] = fd;
		}
	}
	while ((n = read(0, buf, sizeof(buf))) > 0)
		for (i = 0; i < nf; i++)
			if (fds[i] >= 0 && write_all(fds[i], buf, n)) {
				fprintf(stderr, "tee: %s: %s\n",
					i ? argv[optind + i - 1] : "standard output",
					strerror(errno));
				fds[i] = -1;
				status = 1;
			}
	if (n < 0) {
		perror("tee: read error");
		status = 1;
	}
	return status;
}
