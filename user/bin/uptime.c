/* uptime: the time, how long the system has been up, and the load
   averages, as procps prints them. */
#include <stdio.h>
#include <time.h>

#include "../lib/help.h"

int main(int argc, char **argv)
{
	double up, l1, l5, l15;
	struct tm tm;
	time_t now;
	long mins;
	FILE *f;

	help_option(argc, argv, "usage: uptime\n"
		"Show the time, how long the system is up, and the load averages.\n");
	if (argc > 1) {
		fprintf(stderr, "usage: uptime\n");
		return 1;
	}
	if (!(f = fopen("/proc/uptime", "r")) || fscanf(f, "%lf", &up) != 1) {
		perror("uptime: /proc/uptime");
		return 1;
	}
	fclose(f);
	if (!(f = fopen("/proc/loadavg", "r")) ||
	    fscanf(f, "%lf %lf %lf", &l1, &l5, &l15) != 3) {
		perror("uptime: /proc/loadavg");
		return 1;
	}
	fclose(f);
	now = time(NULL);
	gmtime_r(&now, &tm);
	mins = (long)up / 60;
	printf(" %02d:%02d:%02d up ", tm.tm_hour, tm.tm_min, tm.tm_sec);
	if (mins >= 1440)
		printf("%ld day%s, ", mins / 1440, mins / 1440 > 1 ? "s" : "");
	if (mins % 1440 >= 60)
		printf("%2ld:%02ld, ", mins % 1440 / 60, mins % 60);
	else
		printf("%ld min, ", mins % 60);
	printf(" 1 user,  load average: %.2f, %.2f, %.2f\n", l1, l5, l15);
	return 0;
}
