/*
 * grep [-EFivcnlLqswxhHr] [-e PATTERN]... [PATTERN] [FILE...]: print the
 * lines that match. Basic regular expressions by default, extended with
 * -E, fixed strings with -F (musl's regcomp/regexec). Exit status 0 if a
 * line was selected, 1 if none, 2 on an error (even with a match,
 * unless -q found one).
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../lib/help.h"

#define MAXPAT	64

static int extended, fixed, icase, invert, count_only, numbers, list_files;
static int list_nonmatching, quiet, silent, word, whole, recursive;
static int with_name = -1;		/* -1: only with several files */
static char *pats[MAXPAT];
static regex_t res[MAXPAT];
static int npats, errors, matched_any;

/* Does [s, s+n) occur in line as a word (-w) or whole line (-x)? */
static int bounded(const char *line, size_t start, size_t end, size_t len)
{
	if (whole)
		return start == 0 && end == len;
	if (word) {
		int before = start > 0 && (isalnum((unsigned char)line[start - 1]) ||
					   line[start - 1] == '_');
		int after = end < len && (isalnum((unsigned char)line[end]) ||
					  line[end] == '_');

		return !before && !after;
	}
	return 1;
}

static int match_fixed(const char *line, size_t len, const char *p)
{
	size_t plen = strlen(p), i;

	for (i = 0; i + plen <= len; i++) {
		if ((icase ? strncasecmp(line + i, p, plen) :
		     strncmp(line + i, p, plen)) == 0 &&
		    bounded(line, i, i + plen, len))
			return 1;
		if (whole)
			break;
	}
	return plen == 0 && (!whole || len == 0);
}

static int match_re(const char *line, size_t len, regex_t *re)
{
	regmatch_t m;
	size_t off = 0;

	while (off <= len) {
		if (regexec(re, line + off, 1, &m, off ? REG_NOTBOL : 0))
			return 0;
		if (bounded(line, off + m.rm_so, off + m.rm_eo, len))
			return 1;
		off += m.rm_so + 1;	/* try a later match (-w, -x) */
		if (!word && !whole)
			return 0;
	}
	return 0;
}

static int matches(const char *line, size_t len)
{
	int i;

	for (i = 0; i < npats; i++)
		if (fixed ? match_fixed(line, len, pats[i]) :
		    match_re(line, len, &res[i]))
			return 1;
	return 0;
}

static void grep_file(FILE *f, const char *name)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	long lineno = 0, count = 0;

	while ((n = getline(&line, &cap, f)) > 0) {
		size_t len = n;

		lineno++;
		if (line[len - 1] == '\n')
			line[--len] = 0;
		if (matches(line, len) == invert)
			continue;
		count++;
		matched_any = 1;
		if (quiet)
			exit(0);
		if (list_files || list_nonmatching)
			break;
		if (count_only)
			continue;
		if (with_name)
			printf("%s:", name);
		if (numbers)
			printf("%ld:", lineno);
		fwrite(line, 1, len, stdout);
		putchar('\n');
	}
	free(line);
	if (count_only) {
		if (with_name)
			printf("%s:", name);
		printf("%ld\n", count);
	}
	if (list_files && count)
		puts(name);
	if (list_nonmatching && !count)
		puts(name);
}

static void grep_path(const char *path)
{
	struct stat st;
	FILE *f;

	if (!strcmp(path, "-")) {
		grep_file(stdin, "(standard input)");
		return;
	}
	if (recursive && stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		DIR *d = opendir(path);
		struct dirent *e;

		while (d && (e = readdir(d))) {
			char *sub;

			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			if (asprintf(&sub, "%s/%s", path, e->d_name) < 0)
				exit(2);
			grep_path(sub);
			free(sub);
		}
		if (d)
			closedir(d);
		return;
	}
	if (!(f = fopen(path, "r"))) {
		if (!silent)
			fprintf(stderr, "grep: %s: %s\n", path, strerror(errno));
		errors = 1;
		return;
	}
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		if (!silent)
			fprintf(stderr, "grep: %s: Is a directory\n", path);
		errors = 1;
	} else {
		grep_file(f, path);
	}
	fclose(f);
}

int main(int argc, char **argv)
{
	int c, i, flags;

	help_option(argc, argv, "usage: grep [-EFivcnlLqswxhHr] [-e PATTERN]... [PATTERN] [FILE...]\n"
		"Print lines matching a pattern (basic regular expressions).\n"
		"  -E extended regex  -F fixed strings  -i ignore case  -v invert\n"
		"  -c count  -n line numbers  -l/-L files with/without a match\n"
		"  -q quiet  -s no file errors  -w words  -x whole lines\n"
		"  -h/-H without/with file names  -r recursive  -e PATTERN\n"
		"Exit status: 0 selected, 1 none, 2 error.\n");
	while ((c = getopt(argc, argv, "EFGivcnlLqswxhHre:")) != -1)
		switch (c) {
		case 'E': extended = 1; fixed = 0; break;
		case 'F': fixed = 1; break;
		case 'G': extended = fixed = 0; break;
		case 'i': icase = 1; break;
		case 'v': invert = 1; break;
		case 'c': count_only = 1; break;
		case 'n': numbers = 1; break;
		case 'l': list_files = 1; break;
		case 'L': list_nonmatching = 1; break;
		case 'q': quiet = 1; break;
		case 's': silent = 1; break;
		case 'w': word = 1; break;
		case 'x': whole = 1; break;
		case 'h': with_name = 0; break;
		case 'H': with_name = 1; break;
		case 'r': recursive = 1; break;
		case 'e':
			if (npats == MAXPAT) {
				fprintf(stderr, "grep: too many patterns\n");
				return 2;
			}
			pats[npats++] = optarg;
			break;
		default:
			goto usage;
		}
	if (npats == 0) {
		if (optind == argc)
			goto usage;
		pats[npats++] = argv[optind++];
	}
	/* A pattern with newlines is several patterns. */
	for (i = 0; i < npats; i++) {
		char *nl = strchr(pats[i], '\n');

		if (nl && npats < MAXPAT) {
			*nl = 0;
			pats[npats++] = nl + 1;
		}
	}
	flags = (extended ? REG_EXTENDED : 0) | (icase ? REG_ICASE : 0);
	for (i = 0; !fixed && i < npats; i++) {
		int err = regcomp(&res[i], pats[i], flags);

		if (err) {
			char msg[256];

			regerror(err, &res[i], msg, sizeof(msg));
			fprintf(stderr, "grep: %s\n", msg);
			return 2;
		}
	}
	if (with_name < 0)
		with_name = argc - optind > 1 || recursive;
	if (optind == argc)
		grep_path(recursive ? "." : "-");
	for (i = optind; i < argc; i++)
		grep_path(argv[i]);
	if (fflush(stdout))
		return 2;
	return errors ? 2 : matched_any ? 0 : 1;
usage:
	fprintf(stderr, "usage: grep [-EFivcnlLqswxhHr] [-e PATTERN]... "
		"[PATTERN] [FILE...]\n");
	return 2;
}
