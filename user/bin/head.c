/* head [-n N] [-c N] [-N] [FILE...]: the first N (10) lines or bytes of
   each file; several files get "==> NAME <==" headers, as GNU head. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/help.h"

static int count_arg(const char *s, long *n)
{
	char *end;

	*n = strtol(s, &end, 10);
	if (end == s || *end || *n < 0) {
		fprintf(stderr, "head: invalid number of lines: '%s'\n", s);
		return -1;
	}
	return 0;
}

static void head(FILE *f, long n, int bytes)
{
	int c;

	while (n > 0 && (c = getc(f)) != EOF) {
		putchar(c);
		if (bytes || c == '\n')
			n--;
	}
}

int main(int argc, char **argv)
{
	long n = 10;
	int i = 1, bytes = 0, status = 0, files, first = 1;

	help_option(argc, argv, "usage: head [-n N] [-c N] [-N] [FILE...]\n"
		"Print the first 10 (N) lines (-c: bytes) of each FILE.\n");
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--")) {
			i++;
			break;
		}
		if (isdigit((unsigned char)a[1])) {
			if (count_arg(a + 1, &n))
				return 1;
			bytes = 0;
		} else if ((a[1] == 'n' || a[1] == 'c') && (a[2] || i + 1 < argc)) {
			bytes = a[1] == 'c';
			if (count_arg(a[2] ? a + 2 : argv[++i], &n))
				return 1;
		} else {
			fprintf(stderr, "usage: head [-n N] [-c N] [FILE...]\n");
			return 1;
		}
	}
	files = argc - i;
	if (files == 0) {
		head(stdin, n, bytes);
		return 0;
	}
	for (; i < argc; i++) {
		FILE *f = strcmp(argv[i], "-") ? fopen(argv[i], "r") : stdin;

		if (!f) {
			fprintf(stderr, "head: cannot open '%s' for reading: %s\n",
				argv[i], strerror(errno));
			status = 1;
			continue;
		}
		if (files > 1)
			printf("%s==> %s <==\n", first ? "" : "\n",
			       f == stdin ? "standard input" : argv[i]);
		first = 0;
		head(f, n, bytes);
		if (f != stdin)
			fclose(f);
	}
	return status;
}
