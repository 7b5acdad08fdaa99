/* date [-u] [+FORMAT]: print the date and time (UTC: there is no time
   zone database), in FORMAT's strftime(3) conversions if given. */
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "../lib/help.h"

int main(int argc, char **argv)
{
	const char *fmt = "%a %b %e %H:%M:%S UTC %Y";
	char out[1024];
	struct tm tm;
	time_t now;
	int c;

	help_option(argc, argv, "usage: date [-u] [-R] [+FORMAT]\n"
		"Print the date and time in UTC, in strftime FORMAT if given.\n"
		"  -R  RFC 5322 format\n");
	while ((c = getopt(argc, argv, "uR")) != -1)
		if (c == 'R')
			fmt = "%a, %d %b %Y %H:%M:%S +0000";
		else if (c != 'u') {
			fprintf(stderr, "usage: date [-u] [-R] [+FORMAT]\n");
			return 1;
		}
	if (optind < argc) {
		if (argv[optind][0] != '+' || optind + 1 < argc) {
			fprintf(stderr, "date: invalid date '%s' (setting the "
				"clock is not supported)\n", argv[optind]);
			return 1;
		}
		fmt = argv[optind] + 1;
	}
	now = time(NULL);
	gmtime_r(&now, &tm);
	if (!strftime(out, sizeof(out), fmt, &tm) && *fmt) {
		fprintf(stderr, "date: the output is too long\n");
		return 1;
	}
	puts(out);
	return 0;
}
