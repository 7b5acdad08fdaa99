/*
 * ls [-aAdlR1F] [FILE...]: list directory contents, sorted by name (C
 * locale). -a all entries, -A all but . and .., -d directories
 * themselves, -l long format, -R recursive, -1 one per line (the
 * default when the output is no terminal), -F a type mark (/ * @ |).
 * Exit status: 0, 1 for a minor problem (an unreadable subdirectory),
 * 2 when an operand cannot be accessed.
 */
#include <dirent.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/sysmacros.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../lib/help.h"
#include "../lib/modestr.h"

struct ent {
	char *name;			/* as shown */
	char *path;			/* for stat, readlink, recursion */
	struct stat st;
};

static int all, almost, dirs_self, longf, recursive, classify, columns;
static int status;
static time_t now;

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct ent *)a)->name, ((const struct ent *)b)->name);
}

static char mark(mode_t m)
{
	return S_ISDIR(m) ? '/' : S_ISLNK(m) ? '@' : S_ISFIFO(m) ? '|' :
	       S_ISSOCK(m) ? '=' : m & 0111 ? '*' : 0;
}

static void long_line(const struct ent *e)
{
	char mode[11], date[32], target[4096];
	struct passwd *pw = getpwuid(e->st.st_uid);
	struct group *gr = getgrgid(e->st.st_gid);
	struct tm tm;
	ssize_t n;

	mode_string(e->st.st_mode, mode);
	localtime_r(&e->st.st_mtime, &tm);
	strftime(date, sizeof(date),
		 e->st.st_mtime > now - 182 * 86400 && e->st.st_mtime <= now + 3600 ?
		 "%b %e %H:%M" : "%b %e  %Y", &tm);
	printf("%s %2lu ", mode, (unsigned long)e->st.st_nlink);
	if (pw)
		printf("%-8s ", pw->pw_name);
	else
		printf("%-8u ", e->st.st_uid);
	if (gr)
		printf("%-8s ", gr->gr_name);
	else
		printf("%-8u ", e->st.st_gid);
	if (S_ISCHR(e->st.st_mode) || S_ISBLK(e->st.st_mode))
		printf("%3u, %3u ", major(e->st.st_rdev), minor(e->st.st_rdev));
	else
		printf("%8lld ", (long long)e->st.st_size);
	printf("%s %s", date, e->name);
	if (S_ISLNK(e->st.st_mode) &&
	    (n = readlink(e->path, target, sizeof(target) - 1)) >= 0) {
		target[n] = 0;
		printf(" -> %s", target);
	} else if (classify && mark(e->st.st_mode)) {
		putchar(mark(e->st.st_mode));
	}
	putchar('\n');
}

/* Print entries: long lines, one per line, or in columns. */
static void show(struct ent *v, int n)
{
	int i, width = 0, cols, rows, r, c;

	if (longf || !columns) {
		for (i = 0; i < n; i++) {
			if (longf) {
				long_line(&v[i]);
			} else if (classify && mark(v[i].st.st_mode)) {
				printf("%s%c\n", v[i].name, mark(v[i].st.st_mode));
			} else {
				puts(v[i].name);
			}
		}
		return;
	}
	for (i = 0; i < n; i++)
		if ((int)strlen(v[i].name) + (classify != 0) > width)
			width = strlen(v[i].name) + (classify != 0);
	width += 2;
	cols = columns / width > 0 ? columns / width : 1;
	rows = (n + cols - 1) / cols;
	for (r = 0; r < rows; r++) {
		for (c = 0; c < cols && c * rows + r < n; c++) {
			struct ent *e = &v[c * rows + r];
			char m = classify ? mark(e->st.st_mode) : 0;
			int len = strlen(e->name) + (m != 0);

			printf("%s", e->name);
			if (m)
				putchar(m);
			if (c + 1 < cols && (c + 1) * rows + r < n)
				printf("%*s", width - len, "");
		}
		putchar('\n');
	}
}

static void free_ents(struct ent *v, int n)
{
	while (n-- > 0) {
		free(v[n].name);
		free(v[n].path);
	}
	free(v);
}

static void list_dir(const char *path, int header, int first)
{
	struct ent *v = NULL;
	int n = 0, cap = 0, i;
	long long blocks = 0;
	struct dirent *d;
	DIR *dir;

	if (header)
		printf("%s%s:\n", first ? "" : "\n", path);
	if (!(dir = opendir(path))) {
		fprintf(stderr, "ls: cannot open directory '%s': %s\n", path,
			strerror(errno));
		status = status > 1 ? status : 1;
		return;
	}
	while ((d = readdir(dir))) {
		if (d->d_name[0] == '.' && !all &&
		    (!almost || !strcmp(d->d_name, ".") || !strcmp(d->d_name, "..")))
			continue;
		if (n == cap && !(v = realloc(v, (cap = cap * 2 + 32) * sizeof(*v)))) {
			fprintf(stderr, "ls: out of memory\n");
			exit(2);
		}
		v[n].name = strdup(d->d_name);
		if (asprintf(&v[n].path, "%s%s%s", path,
			     path[strlen(path) - 1] == '/' ? "" : "/", d->d_name) < 0)
			exit(2);
		if (lstat(v[n].path, &v[n].st))
			memset(&v[n].st, 0, sizeof(v[n].st));
		blocks += v[n].st.st_blocks;
		n++;
	}
	closedir(dir);
	qsort(v, n, sizeof(*v), by_name);
	if (longf)
		printf("total %lld\n", blocks / 2);
	show(v, n);
	for (i = 0; recursive && i < n; i++)
		if (S_ISDIR(v[i].st.st_mode) && strcmp(v[i].name, ".") &&
		    strcmp(v[i].name, ".."))
			list_dir(v[i].path, 1, 0);
	free_ents(v, n);
}

int main(int argc, char **argv)
{
	struct ent *files, *dirs;
	int c, i, nf = 0, nd = 0, n;
	struct winsize ws;
	static char *dot[] = { ".", NULL };
	char **ops;

	help_option(argc, argv, "usage: ls [-aAdlR1FC] [FILE...]\n"
		"List directory contents, sorted by name.\n"
		"  -a  all entries  -A  all but . and ..  -d  directories themselves\n"
		"  -l  long format  -R  recursive  -1  one per line  -C  columns\n"
		"  -F  mark types (/ * @ |)\n");
	while ((c = getopt(argc, argv, "aAdlR1FC")) != -1)
		switch (c) {
		case 'a': all = 1; break;
		case 'A': almost = 1; break;
		case 'd': dirs_self = 1; break;
		case 'l': longf = 1; break;
		case 'R': recursive = 1; break;
		case '1': columns = -1; break;
		case 'F': classify = 1; break;
		case 'C': columns = -2; break;
		default:
			fprintf(stderr, "usage: ls [-aAdlR1F] [FILE...]\n");
			return 2;
		}
	if (columns == -1)
		columns = 0;
	else if (columns == -2 || isatty(1))
		columns = ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col ? ws.ws_col : 80;
	now = time(NULL);
	ops = optind < argc ? argv + optind : dot;
	n = optind < argc ? argc - optind : 1;
	files = calloc(n, sizeof(*files));
	dirs = calloc(n, sizeof(*dirs));
	if (!files || !dirs)
		return 2;
	for (i = 0; i < n; i++) {
		struct ent e;

		memset(&e, 0, sizeof(e));
		e.name = strdup(ops[i]);
		e.path = strdup(ops[i]);

		if (lstat(ops[i], &e.st)) {
			fprintf(stderr, "ls: cannot access '%s': %s\n", ops[i],
				strerror(errno));
			status = 2;
			free(e.name);
			free(e.path);
			continue;
		}
		if (S_ISLNK(e.st.st_mode) && !longf && !dirs_self) {
			struct stat t;

			if (stat(ops[i], &t) == 0 && S_ISDIR(t.st_mode))
				e.st = t;	/* a link to a directory: list it */
		}
		if (S_ISDIR(e.st.st_mode) && !dirs_self)
			dirs[nd++] = e;
		else
			files[nf++] = e;
	}
	qsort(files, nf, sizeof(*files), by_name);
	qsort(dirs, nd, sizeof(*dirs), by_name);
	show(files, nf);
	for (i = 0; i < nd; i++)
		list_dir(dirs[i].path, n > 1 || recursive, i == 0 && nf == 0);
	free_ents(files, nf);
	free_ents(dirs, nd);
	return fflush(stdout) ? 2 : status;
}
