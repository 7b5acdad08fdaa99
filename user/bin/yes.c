/* yes [STRING...]: write the strings (default "y") as a line, forever,
   until the output is closed. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../lib/help.h"

int main(int argc, char **argv)
{
	char buf[8192];
	size_t len = 0, line;
	int i;

	help_option(argc, argv, "usage: yes [STRING...]\n"
		"Repeat STRING (default y) as a line until killed.\n");
	if (argc < 2) {
		strcpy(buf, "y\n");
		len = 2;
	}
	for (i = 1; i < argc; i++) {
		size_t n = strlen(argv[i]);

		if (len + n + 1 > sizeof(buf) / 2) {
			fprintf(stderr, "yes: argument list too long\n");
			return 1;
		}
		memcpy(buf + len, argv[i], n);
		len += n;
		buf[len++] = i + 1 < argc ? ' ' : '\n';
	}
	for (line = len; len + line <= sizeof(buf); len += line)
		memcpy(buf + len, buf, line);	/* fill the buffer */
	for (;;)
		if (write(1, buf, len) < 0) {
			perror("yes: write error");
			return 1;
		}
}
