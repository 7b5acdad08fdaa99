/* dmesg: print the kernel log (syslog(2)'s read-all). */
#include <stdio.h>
#include <stdlib.h>
#include <sys/klog.h>
#include <unistd.h>

#include "../lib/help.h"

int main(int argc, char **argv)
{
	int size, n;
	char *buf;

	help_option(argc, argv, "usage: dmesg\n"
		"Print the kernel log.\n");
	if (argc > 1) {
		fprintf(stderr, "usage: dmesg\n");
		return 1;
	}
	size = klogctl(10, NULL, 0);		/* SYSLOG_ACTION_SIZE_BUFFER */
	if (size <= 0)
		size = 1 << 16;
	if (!(buf = malloc(size))) {
		fprintf(stderr, "dmesg: out of memory\n");
		return 1;
	}
	n = klogctl(3, buf, size);		/* SYSLOG_ACTION_READ_ALL */
	if (n < 0) {
		perror("dmesg: read kernel buffer failed");
		return 1;
	}
	if (write(1, buf, n) != n)
		return 1;
	if (n && buf[n - 1] != '\n')
		putchar('\n');
	return 0;
}
