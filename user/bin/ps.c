/*
 * ps: every process, from /proc: pid, parent, state (R running, S
 * sleeping, T stopped, Z zombie), CPU time and command line. Options
 * -e, -A and -a are accepted (every process is always listed).
 */
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../lib/help.h"

#define CLK_TCK	100			/* /proc's clock ticks */

static int read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY), n, total = 0;

	if (fd < 0)
		return -1;
	while (total < (int)size - 1 &&
	       (n = read(fd, buf + total, size - 1 - total)) > 0)
		total += n;
	close(fd);
	buf[total] = 0;
	return total;
}

static int by_pid(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

static void show(int pid)
{
	char path[64], stat[1024], cmd[4096], name[64], state;
	unsigned long utime, stime, secs;
	int ppid, n, i;
	char *close_paren;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if (read_file(path, stat, sizeof(stat)) <= 0 ||
	    !(close_paren = strrchr(stat, ')')))
		return;			/* it exited meanwhile */
	*close_paren = 0;
	snprintf(name, sizeof(name), "%s", strchr(stat, '(') + 1);
	if (sscanf(close_paren + 2, "%c %d %*d %*d %*d %*d %*u %*u %*u %*u "
		   "%*u %lu %lu", &state, &ppid, &utime, &stime) != 4)
		return;
	snprintf(path, sizeof(path), "/proc/%d/cmdline", pid);
	n = read_file(path, cmd, sizeof(cmd));
	for (i = 0; i < n - 1; i++)
		if (!cmd[i])
			cmd[i] = ' ';
	if (n <= 0)
		snprintf(cmd, sizeof(cmd), "[%s]%s", name,
			 state == 'Z' ? " <defunct>" : "");
	secs = (utime + stime) / CLK_TCK;
	printf("%5d %5d %c %02lu:%02lu:%02lu %s\n", pid, ppid, state,
	       secs / 3600, secs / 60 % 60, secs % 60, cmd);
}

int main(int argc, char **argv)
{
	int *pids = NULL, n = 0, cap = 0, c, i;
	struct dirent *d;
	DIR *dir;

	help_option(argc, argv, "usage: ps [-e]\n"
		"List every process: PID, PPID, state (R S T Z), CPU time, command.\n");
	while ((c = getopt(argc, argv, "eAaxf")) != -1)
		if (c == '?') {
			fprintf(stderr, "usage: ps [-e]\n");
			return 1;
		}
	if (!(dir = opendir("/proc"))) {
		perror("ps: /proc");
		return 1;
	}
	while ((d = readdir(dir))) {
		if (!isdigit((unsigned char)d->d_name[0]))
			continue;
		if (n == cap && !(pids = realloc(pids, (cap = cap * 2 + 64) *
						   sizeof(*pids)))) {
			fprintf(stderr, "ps: out of memory\n");
			return 1;
		}
		pids[n++] = atoi(d->d_name);
	}
	closedir(dir);
	qsort(pids, n, sizeof(*pids), by_pid);
	printf("  PID  PPID S     TIME COMMAND\n");
	for (i = 0; i < n; i++)
		show(pids[i]);
	return 0;
}
