/*
 * kill [-s SIG | -SIG | -n NUM] PID...: send a signal (TERM by default)
 * to each process (negative: a process group). kill -l [N|STATUS]: list
 * the signal names, or name one (an exit status above 128 names
 * status-128).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/help.h"
#include "../lib/signames.h"

static int list(int argc, char **argv, int i)
{
	char buf[16];
	int s, status = 0;

	if (i == argc) {
		for (s = 1; s <= 64; s++)
			if (sig_name(s, buf))
				printf("%2d) SIG%-9s%s", s, sig_name(s, buf),
				       s % 5 == 0 ? "\n" : " ");
		putchar('\n');
		return 0;
	}
	for (; i < argc; i++) {
		char *end;
		long n = strtol(argv[i], &end, 10);

		if (end != argv[i] && !*end) {
			if (n > 128)
				n -= 128;
			if (n > 0 && n <= 64 && sig_name(n, buf)) {
				puts(sig_name(n, buf));
				continue;
			}
		} else if ((s = sig_number(argv[i])) > 0) {
			printf("%d\n", s);
			continue;
		}
		fprintf(stderr, "kill: unknown signal: %s\n", argv[i]);
		status = 1;
	}
	return status;
}

int main(int argc, char **argv)
{
	int i = 1, sig = SIGTERM, status = 0;

	help_option(argc, argv, "usage: kill [-s SIG | -SIG] PID...\n"
		"       kill -l [SIG|STATUS]\n"
		"Send a signal (default TERM) to processes (negative PID: a group).\n"
		"  -l  list signal names\n");
	if (argc < 2)
		goto usage;
	if (!strcmp(argv[1], "-l") || !strcmp(argv[1], "-L"))
		return list(argc, argv, 2);
	if (!strcmp(argv[1], "-s") || !strcmp(argv[1], "-n")) {
		if (argc < 3)
			goto usage;
		sig = sig_number(argv[2]);
		i = 3;
	} else if (argv[1][0] == '-' && argv[1][1] && strcmp(argv[1], "--") &&
		   !(argv[1][1] >= '0' && argv[1][1] <= '9' && argc == 2)) {
		sig = sig_number(argv[1] + 1);
		i = 2;
	}
	if (sig < 0) {
		fprintf(stderr, "kill: unknown signal: %s\n", argv[i - 1]);
		return 1;
	}
	if (i < argc && !strcmp(argv[i], "--"))
		i++;
	if (i == argc)
		goto usage;
	for (; i < argc; i++) {
		char *end;
		long pid = strtol(argv[i], &end, 10);

		if (end == argv[i] || *end) {
			fprintf(stderr, "kill: invalid process id: %s\n", argv[i]);
			status = 1;
		} else if (kill(pid, sig)) {
			fprintf(stderr, "kill: (%ld): %s\n", pid, strerror(errno));
			status = 1;
		}
	}
	return status;
usage:
	fprintf(stderr, "usage: kill [-s SIG | -SIG] PID...\n       kill -l [SIG]\n");
	return 2;
}
