/* wc [-l] [-w] [-c] [-m] [FILE...]: count lines, words and bytes (all
   three by default, in that order), with a total for several files.
   Columns are as wide as the largest count, as GNU wc. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../lib/help.h"

#define MAXF	256

struct counts {
	unsigned long lines, words, bytes;
};

static int count(int fd, struct counts *c)
{
	char buf[65536];
	int in_word = 0;
	ssize_t n, i;

	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		c->bytes += n;
		for (i = 0; i < n; i++) {
			unsigned char ch = buf[i];

			c->lines += ch == '\n';
			if (isspace(ch)) {
				in_word = 0;
			} else if (!in_word) {
				in_word = 1;
				c->words++;
			}
		}
	}
	return n < 0 ? -1 : 0;
}

static int show_l, show_w, show_c, width;

static void print(const struct counts *c, const char *name)
{
	const char *sep = "";

	if (show_l) {
		printf("%*lu", width, c->lines);
		sep = " ";
	}
	if (show_w) {
		printf("%s%*lu", sep, width, c->words);
		sep = " ";
	}
	if (show_c)
		printf("%s%*lu", sep, width, c->bytes);
	if (name)
		printf(" %s", name);
	putchar('\n');
}

int main(int argc, char **argv)
{
	struct counts c[MAXF + 1], total = { 0, 0, 0 };
	int ok[MAXF + 1], i, n, ch, status = 0, shown;
	char buf[32];

	help_option(argc, argv, "usage: wc [-l] [-w] [-c] [FILE...]\n"
		"Count lines, words and bytes (default: all three).\n");
	while ((ch = getopt(argc, argv, "lwcm")) != -1)
		switch (ch) {
		case 'l': show_l = 1; break;
		case 'w': show_w = 1; break;
		case 'c': case 'm': show_c = 1; break;
		default:
			fprintf(stderr, "usage: wc [-l] [-w] [-c] [FILE...]\n");
			return 1;
		}
	if (!show_l && !show_w && !show_c)
		show_l = show_w = show_c = 1;
	n = argc - optind;
	if (n > MAXF) {
		fprintf(stderr, "wc: too many files\n");
		return 1;
	}
	for (i = 0; i < (n ? n : 1); i++) {
		const char *name = n ? argv[optind + i] : "-";
		int fd = strcmp(name, "-") ? open(name, O_RDONLY) : 0;

		memset(&c[i], 0, sizeof(c[i]));
		ok[i] = fd >= 0 && count(fd, &c[i]) == 0;
		if (!ok[i]) {
			fprintf(stderr, "wc: %s: %s\n", name, strerror(errno));
			status = 1;
		}
		if (fd > 0)
			close(fd);
		total.lines += c[i].lines;
		total.words += c[i].words;
		total.bytes += c[i].bytes;
	}
	/* GNU's widths: none for one number of one file; 7 when reading
	   standard input; else the digits of the largest total. */
	shown = show_l + show_w + show_c;
	if (shown == 1 && n <= 1)
		width = 0;
	else if (n == 0)
		width = 7;
	else
		width = snprintf(buf, sizeof(buf), "%lu", total.bytes);
	for (i = 0; i < (n ? n : 1); i++)
		if (ok[i])
			print(&c[i], n ? argv[optind + i] : NULL);
	if (n > 1)
		print(&total, "total");
	return fflush(stdout) ? 1 : status;
}
