/* seq [-s SEP] [-w] [FIRST [INCREMENT]] LAST: print numbers from FIRST
   (1) to LAST by INCREMENT (1), one per line; -w pads with zeros to
   equal width. Integers and decimals (as many places as the operands). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../lib/help.h"

static int places(const char *s)
{
	const char *dot = strchr(s, '.');

	return dot ? (int)strspn(dot + 1, "0123456789") : 0;
}

static int number(const char *s, double *v)
{
	char *end;

	*v = strtod(s, &end);
	if (end == s || *end) {
		fprintf(stderr, "seq: invalid floating point argument: '%s'\n", s);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *sep = "\n";
	double first = 1, inc = 1, last, x;
	int c, wide = 0, prec = 0, width = 0, i, n;
	char buf[64];

	help_option(argc, argv, "usage: seq [-s SEP] [-w] [FIRST [INCREMENT]] LAST\n"
		"Print numbers from FIRST to LAST.\n"
		"  -s SEP  separator (default newline)\n"
		"  -w      equal width, zero padded\n");
	while ((c = getopt(argc, argv, "s:w")) != -1)
		if (c == 's')
			sep = optarg;
		else if (c == 'w')
			wide = 1;
		else
			goto usage;
	n = argc - optind;
	if (n < 1 || n > 3)
		goto usage;
	for (i = optind; i < argc; i++)
		if (places(argv[i]) > prec)
			prec = places(argv[i]);
	if (number(argv[argc - 1], &last) ||
	    (n >= 2 && number(argv[optind], &first)) ||
	    (n == 3 && number(argv[optind + 1], &inc)))
		return 1;
	if (inc == 0) {
		fprintf(stderr, "seq: invalid Zero increment value: '%s'\n",
			argv[optind + 1]);
		return 1;
	}
	if (wide) {
		int a = snprintf(buf, sizeof(buf), "%.*f", prec, first);
		int b = snprintf(buf, sizeof(buf), "%.*f", prec, last);

		width = a > b ? a : b;
	}
	for (i = 0;; i++) {
		x = first + i * inc;
		if (inc > 0 ? x > last + 1e-9 : x < last - 1e-9)
			break;
		if (i)
			fputs(sep, stdout);
		printf(wide ? "%0*.*f" : "%*.*f", width, prec, x);
	}
	if (i)
		putchar('\n');
	return fflush(stdout) ? 1 : 0;
usage:
	fprintf(stderr, "usage: seq [-s SEP] [-w] [FIRST [INCREMENT]] LAST\n");
	return 1;
}
