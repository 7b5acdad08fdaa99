/* cp [-r|-R] [-p] [-f] SOURCE DEST | cp ... SOURCE... DIRECTORY: copy
   files (-r: directories too); -p keeps modes and times. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../lib/help.h"

static int recursive, preserve;

static void keep_attrs(const char *dst, const struct stat *st)
{
	struct timespec ts[2] = { st->st_atim, st->st_mtim };

	if (preserve) {
		chmod(dst, st->st_mode & 07777);
		utimensat(AT_FDCWD, dst, ts, 0);
	}
}

static int copy_file(const char *src, const char *dst, const struct stat *st)
{
	int in = open(src, O_RDONLY), out;
	char buf[65536];
	ssize_t n;

	if (in < 0) {
		fprintf(stderr, "cp: cannot open '%s' for reading: %s\n", src,
			strerror(errno));
		return 1;
	}
	out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, st->st_mode & 0777);
	if (out < 0) {
		fprintf(stderr, "cp: cannot create regular file '%s': %s\n", dst,
			strerror(errno));
		close(in);
		return 1;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0) {
		char *p = buf;

		while (n > 0) {
			ssize_t w = write(out, p, n);

			if (w < 0) {
				fprintf(stderr, "cp: error writing '%s': %s\n",
					dst, strerror(errno));
				close(in);
				close(out);
				return 1;
			}
			p += w;
			n -= w;
		}
	}
	close(in);
	if (n < 0 || close(out)) {
		fprintf(stderr, "cp: error copying '%s': %s\n", src, strerror(errno));
		return 1;
	}
	keep_attrs(dst, st);
	return 0;
}

static int copy(const char *src, const char *dst)
{
	struct stat st, dst_st;
	struct dirent *d;
	int status = 0;
	DIR *dir;

	if ((recursive ? lstat : stat)(src, &st)) {
		fprintf(stderr, "cp: cannot stat '%s': %s\n", src, strerror(errno));
		return 1;
	}
	if (stat(dst, &dst_st) == 0 && dst_st.st_dev == st.st_dev &&
	    dst_st.st_ino == st.st_ino) {
		fprintf(stderr, "cp: '%s' and '%s' are the same file\n", src, dst);
		return 1;
	}
	if (S_ISLNK(st.st_mode)) {
		char target[4096];
		ssize_t n = readlink(src, target, sizeof(target) - 1);

		if (n < 0)
			return 1;
		target[n] = 0;
		unlink(dst);
		if (symlink(target, dst)) {
			fprintf(stderr, "cp: cannot create symbolic link '%s': "
				"%s\n", dst, strerror(errno));
			return 1;
		}
		return 0;
	}
	if (!S_ISDIR(st.st_mode))
		return copy_file(src, dst, &st);
	if (!recursive) {
		fprintf(stderr, "cp: -r not specified; omitting directory '%s'\n",
			src);
		return 1;
	}
	if (mkdir(dst, (st.st_mode & 0777) | 0700) && errno != EEXIST) {
		fprintf(stderr, "cp: cannot create directory '%s': %s\n", dst,
			strerror(errno));
		return 1;
	}
	if (!(dir = opendir(src))) {
		fprintf(stderr, "cp: cannot open directory '%s': %s\n", src,
			strerror(errno));
		return 1;
	}
	while ((d = readdir(dir))) {
		char *s, *t;

		if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
			continue;
		if (asprintf(&s, "%s/%s", src, d->d_name) < 0 ||
		    asprintf(&t, "%s/%s", dst, d->d_name) < 0)
			return 1;
		status |= copy(s, t);
		free(s);
		free(t);
	}
	closedir(dir);
	keep_attrs(dst, &st);
	return status;
}

int main(int argc, char **argv)
{
	int c, n, i, status = 0;
	struct stat st;

	help_option(argc, argv, "usage: cp [-r] [-p] [-a] SOURCE DEST\n"
		"       cp [-r] [-p] [-a] SOURCE... DIRECTORY\n"
		"Copy files.\n"
		"  -r, -R  directories too\n"
		"  -p      keep modes and times\n"
		"  -a      -r and -p\n");
	while ((c = getopt(argc, argv, "rRpfa")) != -1)
		switch (c) {
		case 'r': case 'R': recursive = 1; break;
		case 'p': preserve = 1; break;
		case 'a': recursive = preserve = 1; break;
		case 'f': break;
		default: goto usage;
		}
	n = argc - optind;
	if (n < 2)
		goto usage;
	if (stat(argv[argc - 1], &st) || !S_ISDIR(st.st_mode)) {
		if (n > 2) {
			fprintf(stderr, "cp: target '%s' is not a directory\n",
				argv[argc - 1]);
			return 1;
		}
		return copy(argv[optind], argv[optind + 1]);
	}
	for (i = optind; i < argc - 1; i++) {
		char *copy_of = strdup(argv[i]), *dst;

		if (asprintf(&dst, "%s/%s", argv[argc - 1], basename(copy_of)) < 0)
			return 1;
		status |= copy(argv[i], dst);
		free(dst);
		free(copy_of);
	}
	return status;
usage:
	fprintf(stderr, "usage: cp [-r] [-p] SOURCE DEST\n"
		"       cp [-r] [-p] SOURCE... DIRECTORY\n");
	return 1;
}
