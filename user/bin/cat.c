/* cat [-n] [-u] [FILE...]: copy the files ("-" or none: standard input)
   to standard output; -n numbers the lines ("%6d\t", as GNU). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../lib/help.h"

static int number, at_line_start = 1;
static long line_no;

static int copy(int fd, const char *name)
{
	char buf[65536], out[65536 * 2];
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		const char *p = buf;
		size_t len = n;

		if (number) {		/* room for a number per line: flush often */
			size_t o = 0;
			ssize_t i;

			for (i = 0; i < n; i++) {
				if (at_line_start) {
					if (o > sizeof(out) - 32) {
						if (write(1, out, o) != (ssize_t)o)
							goto werr;
						o = 0;
					}
					o += snprintf(out + o, 32, "%6ld\t", ++line_no);
				}
				out[o++] = buf[i];
				at_line_start = buf[i] == '\n';
				if (o >= sizeof(out) - 32) {
					if (write(1, out, o) != (ssize_t)o)
						goto werr;
					o = 0;
				}
			}
			p = out;
			len = o;
		}
		while (len) {
			ssize_t w = write(1, p, len);

			if (w < 0)
				goto werr;
			p += w;
			len -= w;
		}
	}
	if (n < 0) {
		fprintf(stderr, "cat: %s: %s\n", name, strerror(errno));
		return 1;
	}
	return 0;
werr:
	fprintf(stderr, "cat: write error: %s\n", strerror(errno));
	return 1;
}

int main(int argc, char **argv)
{
	int c, i, status = 0;

	help_option(argc, argv, "usage: cat [-n] [-u] [FILE...]\n"
		"Concatenate FILEs (- or none: standard input) to standard output.\n"
		"  -n  number the lines\n"
		"  -u  (ignored: output is unbuffered)\n");
	while ((c = getopt(argc, argv, "nu")) != -1)
		if (c == 'n')
			number = 1;
		else if (c != 'u') {
			fprintf(stderr, "usage: cat [-n] [-u] [FILE...]\n");
			return 1;
		}
	if (optind == argc)
		return copy(0, "-");
	for (i = optind; i < argc; i++) {
		int fd = strcmp(argv[i], "-") ? open(argv[i], O_RDONLY) : 0;

		if (fd < 0) {
			fprintf(stderr, "cat: %s: %s\n", argv[i], strerror(errno));
			status = 1;
			continue;
		}
		status |= copy(fd, argv[i]);
		if (fd)
			close(fd);
	}
	return status;
}
