/* sleep NUMBER[smhd]...: pause for the sum of the times (fractions
   allowed), as GNU sleep. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../lib/help.h"

int main(int argc, char **argv)
{
	double total = 0;
	struct timespec ts;
	int i;

	help_option(argc, argv, "usage: sleep NUMBER[smhd]...\n"
		"Pause for the sum of the times (fractions allowed).\n");
	if (argc < 2) {
		fprintf(stderr, "sleep: missing operand\nusage: sleep NUMBER[smhd]...\n");
		return 1;
	}
	for (i = 1; i < argc; i++) {
		char *end;
		double v = strtod(argv[i], &end);

		if (end == argv[i] || v < 0 || (end[0] && end[1]) ||
		    (*end && !strchr("smhd", *end))) {
			fprintf(stderr, "sleep: invalid time interval '%s'\n", argv[i]);
			return 1;
		}
		total += v * (*end == 'm' ? 60 : *end == 'h' ? 3600 :
			      *end == 'd' ? 86400 : 1);
	}
	ts.tv_sec = (time_t)total;
	ts.tv_nsec = (long)((total - ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
	return 0;
}
