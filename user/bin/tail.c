/* tail [-n [+]N] [-c [+]N] [-N] [FILE...]: the last N (10) lines or
   bytes of each file, or everything from line/byte N with "+N". */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/help.h"

static int bytes, from_start;
static long count = 10;

static int count_arg(const char *s)
{
	char *end;

	from_start = *s == '+';
	count = strtol(s + (*s == '+' || *s == '-'), &end, 10);
	if (end == s || *end || count < 0) {
		fprintf(stderr, "tail: invalid number of lines: '%s'\n", s);
		return -1;
	}
	return 0;
}

/* Read all of f into a growing buffer; NULL when out of memory. */
static char *slurp(FILE *f, size_t *len)
{
	size_t cap = 65536, n;
	char *buf = malloc(cap), *nb;

	*len = 0;
	while (buf && (n = fread(buf + *len, 1, cap - *len, f)) > 0) {
		*len += n;
		if (*len < cap)
			continue;
		if (!(nb = realloc(buf, cap * 2))) {
			free(buf);
			return NULL;
		}
		buf = nb;
		cap *= 2;
	}
	return buf;
}

static void tail(FILE *f)
{
	size_t len, start = 0, i;
	char *buf = slurp(f, &len);
	long k;

	if (!buf) {
		fprintf(stderr, "tail: out of memory\n");
		exit(1);
	}
	if (bytes) {
		start = from_start ? (count ? count - 1 : 0) :
			len > (size_t)count ? len - count : 0;
	} else if (from_start) {
		for (k = 1, i = 0; i < len && k < count; i++)
			if (buf[i] == '\n')
				k++;
		start = i;
	} else {
		k = 0;
		i = len;
		if (i && buf[i - 1] == '\n')
			i--;		/* the last line's newline */
		while (i > 0) {
			if (buf[i - 1] == '\n' && ++k == count)
				break;
			i--;
		}
		start = count ? i : len;
	}
	if (start < len)
		fwrite(buf + start, 1, len - start, stdout);
	free(buf);
}

int main(int argc, char **argv)
{
	int i = 1, status = 0, files, first = 1;

	help_option(argc, argv, "usage: tail [-n [+]N] [-c [+]N] [-N] [FILE...]\n"
		"Print the last 10 (N) lines (-c: bytes); +N: from line N on.\n");
	for (; i < argc && (argv[i][0] == '-' || argv[i][0] == '+') &&
	     argv[i][1]; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--")) {
			i++;
			break;
		}
		if (isdigit((unsigned char)a[1])) {
			if (count_arg(a))
				return 1;
		} else if ((a[1] == 'n' || a[1] == 'c') && (a[2] || i + 1 < argc)) {
			bytes = a[1] == 'c';
			if (count_arg(a[2] ? a + 2 : argv[++i]))
				return 1;
		} else {
			fprintf(stderr, "usage: tail [-n [+]N] [-c [+]N] [FILE...]\n");
			return 1;
		}
	}
	files = argc - i;
	if (files == 0) {
		tail(stdin);
		return 0;
	}
	for (; i < argc; i++) {
		FILE *f = strcmp(argv[i], "-") ? fopen(argv[i], "r") : stdin;

		if (!f) {
			fprintf(stderr, "tail: cannot open '%s' for reading: %s\n",
				argv[i], strerror(errno));
			status = 1;
			continue;
		}
		if (files > 1)
			printf("%s==> %s <==\n", first ? "" : "\n",
			       f == stdin ? "standard input" : argv[i]);
		first = 0;
		tail(f);
		if (f != stdin)
			fclose(f);
	}
	return status;
}
