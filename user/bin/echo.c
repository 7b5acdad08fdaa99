/*
 * echo [-n] [-e] [STRING...]: write the arguments separated by spaces and
 * a newline (-n: none). -e interprets \n \t \\ \a \b \r \v \0NNN and \c
 * (stop output), as GNU echo -e; -E (the default) does not.
 */
#include <stdio.h>
#include <string.h>

#include "../lib/help.h"

/* Print s with backslash escapes; returns 1 at \c (stop everything). */
static int escaped(const char *s)
{
	for (; *s; s++) {
		int c = *s, n, v;

		if (c != '\\' || !s[1]) {
			putchar(c);
			continue;
		}
		switch (*++s) {
		case 'n': c = '\n'; break;
		case 't': c = '\t'; break;
		case 'r': c = '\r'; break;
		case 'a': c = '\a'; break;
		case 'b': c = '\b'; break;
		case 'v': c = '\v'; break;
		case 'f': c = '\f'; break;
		case 'e': c = 033; break;
		case '\\': c = '\\'; break;
		case 'c': return 1;
		case '0':
			for (n = 0, v = 0; n < 3 && s[1] >= '0' && s[1] <= '7'; n++)
				v = v * 8 + (*++s - '0');
			c = v;
			break;
		default:
			putchar('\\');
			c = *s;
		}
		putchar(c);
	}
	return 0;
}

int main(int argc, char **argv)
{
	int i = 1, newline = 1, esc = 0;

	help_option(argc, argv, "usage: echo [-n] [-e] [STRING...]\n"
		"Write the STRINGs separated by spaces.\n"
		"  -n  no trailing newline\n"
		"  -e  interpret \\n \\t \\\\ \\a \\b \\r \\v \\f \\e \\0NNN \\c\n");
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		const char *f = argv[i] + 1;

		if (strspn(f, "neE") != strlen(f))
			break;		/* not an option: print it */
		for (; *f; f++)
			if (*f == 'n')
				newline = 0;
			else
				esc = *f == 'e';
	}
	for (; i < argc; i++) {
		if (esc ? escaped(argv[i]) : (fputs(argv[i], stdout), 0))
			return fflush(stdout) ? 1 : 0;
		if (i + 1 < argc)
			putchar(' ');
	}
	if (newline)
		putchar('\n');
	return fflush(stdout) ? 1 : 0;
}
