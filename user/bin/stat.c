/*
 * stat [-L] [-c FORMAT] FILE...: file status, in GNU stat's layout, or
 * FORMAT with %n name, %s size, %a octal mode, %A mode string, %F type,
 * %h links, %i inode, %u/%g owner ids, %U/%G names, %b blocks,
 * %Y/%X/%Z modification/access/change seconds, %N quoted name (-> target).
 */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "../lib/help.h"
#include "../lib/modestr.h"

static const char *user(uid_t u)
{
	struct passwd *p = getpwuid(u);

	return p ? p->pw_name : "UNKNOWN";
}

static const char *group(gid_t g)
{
	struct group *gr = getgrgid(g);

	return gr ? gr->gr_name : "UNKNOWN";
}

static void when(const char *label, struct timespec ts)
{
	char buf[64];
	struct tm tm;

	gmtime_r(&ts.tv_sec, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S", &tm);
	printf("%s: %s.%09ld +0000\n", label, buf, ts.tv_nsec);
}

static void format(const char *fmt, const char *name, const struct stat *st)
{
	char mode[11], target[4096];
	ssize_t n;

	for (; *fmt; fmt++) {
		if (*fmt != '%' || !fmt[1]) {
			putchar(*fmt);
			continue;
		}
		switch (*++fmt) {
		case 'n': fputs(name, stdout); break;
		case 'N':
			printf("'%s'", name);
			if (S_ISLNK(st->st_mode) &&
			    (n = readlink(name, target, sizeof(target) - 1)) >= 0) {
				target[n] = 0;
				printf(" -> '%s'", target);
			}
			break;
		case 's': printf("%lld", (long long)st->st_size); break;
		case 'a': printf("%o", st->st_mode & 07777); break;
		case 'A': mode_string(st->st_mode, mode); fputs(mode, stdout); break;
		case 'F': fputs(type_name(st->st_mode), stdout); break;
		case 'h': printf("%lu", (unsigned long)st->st_nlink); break;
		case 'i': printf("%lu", (unsigned long)st->st_ino); break;
		case 'u': printf("%u", st->st_uid); break;
		case 'g': printf("%u", st->st_gid); break;
		case 'U': fputs(user(st->st_uid), stdout); break;
		case 'G': fputs(group(st->st_gid), stdout); break;
		case 'b': printf("%lld", (long long)st->st_blocks); break;
		case 'X': printf("%lld", (long long)st->st_atim.tv_sec); break;
		case 'Y': printf("%lld", (long long)st->st_mtim.tv_sec); break;
		case 'Z': printf("%lld", (long long)st->st_ctim.tv_sec); break;
		case '%': putchar('%'); break;
		default: printf("?%c", *fmt);
		}
	}
	putchar('\n');
}

static void full(const char *name, const struct stat *st)
{
	char mode[11];

	format("  File: %N", name, st);
	printf("  Size: %-15lld Blocks: %-10lld IO Block: %-6ld %s\n",
	       (long long)st->st_size, (long long)st->st_blocks,
	       (long)st->st_blksize, type_name(st->st_mode));
	printf("Device: %x,%x\tInode: %-11lu Links: %lu\n",
	       major(st->st_dev), minor(st->st_dev), (unsigned long)st->st_ino,
	       (unsigned long)st->st_nlink);
	mode_string(st->st_mode, mode);
	printf("Access: (%04o/%s)  Uid: (%5u/%8s)   Gid: (%5u/%8s)\n",
	       st->st_mode & 07777, mode, st->st_uid, user(st->st_uid),
	       st->st_gid, group(st->st_gid));
	when("Access", st->st_atim);
	when("Modify", st->st_mtim);
	when("Change", st->st_ctim);
}

int main(int argc, char **argv)
{
	const char *fmt = NULL;
	int c, follow = 0, status = 0, i;
	struct stat st;

	help_option(argc, argv, "usage: stat [-L] [-c FORMAT] FILE...\n"
		"Show file status.\n"
		"  -L  follow symbolic links\n"
		"  -c  FORMAT: %n name %N quoted name %s size %a octal mode %A mode\n"
		"      %F type %h links %i inode %u %g ids %U %G names %b blocks\n"
		"      %X %Y %Z access/modify/change seconds\n");
	while ((c = getopt(argc, argv, "Lc:")) != -1)
		if (c == 'L')
			follow = 1;
		else if (c == 'c')
			fmt = optarg;
		else
			goto usage;
	if (optind == argc)
		goto usage;
	for (i = optind; i < argc; i++) {
		if ((follow ? stat : lstat)(argv[i], &st)) {
			fprintf(stderr, "stat: cannot stat '%s': %s\n", argv[i],
				strerror(errno));
			status = 1;
		} else if (fmt) {
			format(fmt, argv[i], &st);
		} else {
			full(argv[i], &st);
		}
	}
	return status;
usage:
	fprintf(stderr, "usage: stat [-L] [-c FORMAT] FILE...\n");
	return 1;
}
