/*
 * sort [-rnufb] [-t SEP] [-k F1[,F2]] [-o FILE] [FILE...]: sort lines.
 * Keys are fields split at SEP (default: runs of blanks, leading blanks
 * belonging to the field, as POSIX); -n compares numbers, -f folds case,
 * -u keeps the first of equal lines. Ties compare whole lines bytewise,
 * as GNU sort in the C locale.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "../lib/help.h"

static int reverse, numeric, unique, fold, blanks, sep = -1;
static int key_start, key_end;		/* fields, 1-based; 0: whole line */

struct line {
	char *s;
	size_t len;
};

/* Past the field at p: up to its separator (-t), or over leading
   blanks and the word (POSIX's default fields). */
static const char *past_field(const char *p, const char *end)
{
	if (sep >= 0) {
		while (p < end && *p != sep)
			p++;
		return p;
	}
	while (p < end && isblank((unsigned char)*p))
		p++;
	while (p < end && !isblank((unsigned char)*p))
		p++;
	return p;
}

/* The key of l: [*b, *e). */
static void key(const struct line *l, const char **b, const char **e)
{
	const char *p = l->s, *end = l->s + l->len;
	int f;

	if (!key_start) {
		*b = p;
		*e = end;
		return;
	}
	for (f = 1; f < key_start && p < end; f++) {	/* skip fields */
		p = past_field(p, end);
		if (sep >= 0 && p < end)
			p++;
	}
	*b = p;
	if (key_end) {
		for (; f <= key_end && p < end; f++) {
			p = past_field(p, end);
			if (sep >= 0 && f < key_end && p < end)
				p++;
		}
		*e = p;
	} else {
		*e = end;
	}
	if (blanks)
		while (*b < *e && isblank((unsigned char)**b))
			(*b)++;
}

static int compare_keys(const char *ab, const char *ae, const char *bb,
			const char *be)
{
	size_t an = ae - ab, bn = be - bb;
	int r;

	if (numeric) {
		char *x = strndup(ab, an), *y = strndup(bb, bn);
		double u = strtod(x, NULL), v = strtod(y, NULL);

		free(x);
		free(y);
		return u < v ? -1 : u > v;
	}
	r = fold ? strncasecmp(ab, bb, an < bn ? an : bn) :
		   memcmp(ab, bb, an < bn ? an : bn);
	return r ? r : an < bn ? -1 : an > bn;
}

static int compare(const void *x, const void *y)
{
	const struct line *a = x, *b = y;
	const char *ab, *ae, *bb, *be;
	int r;

	key(a, &ab, &ae);
	key(b, &bb, &be);
	r = compare_keys(ab, ae, bb, be);
	if (r == 0 && !unique) {		/* the last resort: whole lines */
		r = memcmp(a->s, b->s, a->len < b->len ? a->len : b->len);
		if (!r)
			r = a->len < b->len ? -1 : a->len > b->len;
	}
	return reverse ? -r : r;
}

static struct line *lines;
static size_t nlines, cap;

static int read_lines(FILE *f)
{
	char *s = NULL;
	size_t n = 0;
	ssize_t len;

	while ((len = getline(&s, &n, f)) > 0) {
		if (s[len - 1] == '\n')
			len--;
		if (nlines == cap &&
		    !(lines = realloc(lines, (cap = cap * 2 + 1024) * sizeof(*lines))))
			return -1;
		lines[nlines].s = s;
		lines[nlines++].len = len;
		s = NULL;
		n = 0;
	}
	free(s);
	return 0;
}

static int parse_key(const char *k)
{
	char *end;

	key_start = strtol(k, &end, 10);
	while (isalpha((unsigned char)*end)) {
		if (*end == 'n')
			numeric = 1;
		else if (*end == 'r')
			reverse = 1;
		else if (*end == 'b')
			blanks = 1;
		end++;
	}
	if (*end == ',') {
		key_end = strtol(end + 1, &end, 10);
		while (isalpha((unsigned char)*end))
			end++;
	}
	if (key_start < 1 || *end || (key_end && key_end < key_start)) {
		fprintf(stderr, "sort: invalid key '%s'\n", k);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *out = NULL;
	int c, status = 0, i;
	size_t j;
	FILE *f;

	help_option(argc, argv, "usage: sort [-rnufb] [-t SEP] [-k F1[,F2]] [-o FILE] [FILE...]\n"
		"Sort lines.\n"
		"  -r reverse  -n numeric  -u unique  -f fold case  -b skip blanks\n"
		"  -t SEP field separator  -k F1[,F2] key fields  -o FILE output\n");
	while ((c = getopt(argc, argv, "rnufbt:k:o:")) != -1)
		switch (c) {
		case 'r': reverse = 1; break;
		case 'n': numeric = 1; break;
		case 'u': unique = 1; break;
		case 'f': fold = 1; break;
		case 'b': blanks = 1; break;
		case 't':
			if (strlen(optarg) != 1) {
				fprintf(stderr, "sort: the separator must be one "
					"character\n");
				return 2;
			}
			sep = (unsigned char)optarg[0];
			break;
		case 'k':
			if (parse_key(optarg))
				return 2;
			break;
		case 'o': out = optarg; break;
		default:
			fprintf(stderr, "usage: sort [-rnufb] [-t SEP] [-k F1[,F2]] "
				"[-o FILE] [FILE...]\n");
			return 2;
		}
	for (i = optind; i < argc || i == optind; i++) {
		const char *name = i < argc ? argv[i] : "-";

		f = strcmp(name, "-") ? fopen(name, "r") : stdin;
		if (!f) {
			fprintf(stderr, "sort: cannot read: %s: %s\n", name,
				strerror(errno));
			return 2;
		}
		if (read_lines(f)) {
			fprintf(stderr, "sort: out of memory\n");
			return 2;
		}
		if (f != stdin)
			fclose(f);
		if (i >= argc)
			break;
	}
	qsort(lines, nlines, sizeof(*lines), compare);
	if (out && !freopen(out, "w", stdout)) {
		fprintf(stderr, "sort: open failed: %s: %s\n", out, strerror(errno));
		return 2;
	}
	for (j = 0; j < nlines; j++) {
		if (unique && j > 0 && compare(&lines[j - 1], &lines[j]) == 0)
			continue;
		fwrite(lines[j].s, 1, lines[j].len, stdout);
		putchar('\n');
	}
	return fflush(stdout) ? 2 : status;
}
