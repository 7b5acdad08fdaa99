/* uniq [-c] [-d] [-u] [-i] [INPUT [OUTPUT]]: merge adjacent equal lines;
   -c prefixes counts ("%7d "), -d prints only repeated lines, -u only
   unrepeated ones, -i ignores case. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "../lib/help.h"

static int counts, dups, uniques, icase;

static void emit(const char *line, long n)
{
	if ((dups && n < 2) || (uniques && n > 1))
		return;
	if (counts)
		printf("%7ld %s", n, line);
	else
		fputs(line, stdout);
}

int main(int argc, char **argv)
{
	char *prev = NULL, *line = NULL;
	size_t pcap = 0, cap = 0;
	ssize_t len;
	long n = 0;
	int c;

	help_option(argc, argv, "usage: uniq [-c] [-d] [-u] [-i] [INPUT [OUTPUT]]\n"
		"Merge adjacent equal lines.\n"
		"  -c counts  -d only repeated  -u only unique  -i ignore case\n");
	while ((c = getopt(argc, argv, "cdui")) != -1)
		switch (c) {
		case 'c': counts = 1; break;
		case 'd': dups = 1; break;
		case 'u': uniques = 1; break;
		case 'i': icase = 1; break;
		default: goto usage;
		}
	if (argc - optind > 2)
		goto usage;
	if (optind < argc && strcmp(argv[optind], "-") &&
	    !freopen(argv[optind], "r", stdin)) {
		fprintf(stderr, "uniq: %s: %s\n", argv[optind], strerror(errno));
		return 1;
	}
	if (optind + 1 < argc && !freopen(argv[optind + 1], "w", stdout)) {
		fprintf(stderr, "uniq: %s: %s\n", argv[optind + 1], strerror(errno));
		return 1;
	}
	while ((len = getline(&line, &cap, stdin)) > 0) {
		if (line[len - 1] != '\n' && len + 1 < (ssize_t)cap) {
			line[len] = '\n';	/* a last line without one */
			line[len + 1] = 0;
		}
		if (n && (icase ? strcasecmp(prev, line) : strcmp(prev, line)) == 0) {
			n++;
			continue;
		}
		if (n)
			emit(prev, n);
		if (pcap < cap + 2 && !(prev = realloc(prev, pcap = cap + 2))) {
			fprintf(stderr, "uniq: out of memory\n");
			return 1;
		}
		strcpy(prev, line);
		n = 1;
	}
	if (n)
		emit(prev, n);
	return fflush(stdout) ? 1 : 0;
usage:
	fprintf(stderr, "usage: uniq [-c] [-d] [-u] [-i] [INPUT [OUTPUT]]\n");
	return 1;
}
