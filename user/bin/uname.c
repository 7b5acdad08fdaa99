/* uname [-asnrvmo]: print system information (-s by default; -a all). */
#include <stdio.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "../lib/help.h"

int main(int argc, char **argv)
{
	int c, s = 0, n = 0, r = 0, v = 0, m = 0, o = 0;
	const char *sep = "";
	struct utsname u;

	help_option(argc, argv, "usage: uname [-asnrvmo]\n"
		"Print system information.\n"
		"  -a all  -s kernel name  -n host  -r release  -v version  -m machine  -o OS\n");
	while ((c = getopt(argc, argv, "asnrvmpio")) != -1)
		switch (c) {
		case 'a': s = n = r = v = m = o = 1; break;
		case 's': s = 1; break;
		case 'n': n = 1; break;
		case 'r': r = 1; break;
		case 'v': v = 1; break;
		case 'm': case 'p': case 'i': m = 1; break;
		case 'o': o = 1; break;
		default:
			fprintf(stderr, "usage: uname [-asnrvmo]\n");
			return 1;
		}
	if (optind < argc) {
		fprintf(stderr, "uname: extra operand '%s'\n", argv[optind]);
		return 1;
	}
	if (!(s | n | r | v | m | o))
		s = 1;
	if (uname(&u)) {
		perror("uname");
		return 1;
	}
#define FIELD(on, str) if (on) { printf("%s%s", sep, str); sep = " "; }
	FIELD(s, u.sysname)
	FIELD(n, u.nodename)
	FIELD(r, u.release)
	FIELD(v, u.version)
	FIELD(m, u.machine)
	FIELD(o, "GNU/Linux")
	putchar('\n');
	return 0;
}
