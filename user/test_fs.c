/*
 * test_fs: the file system calls, with Linux's semantics. open, openat
 * and creat with their flags and errors; read, write, lseek, pread64 and
 * pwrite64, holes; stat, fstat, lstat, fstatat; getdents64; mkdir, rmdir,
 * unlink, rename and symbolic links; the working directory; access,
 * umask, chmod, truncate, sync; the devices of /dev; an unlinked file kept
 * alive by a descriptor; the memory that deleted files give back.
 *
 * Each case works in a scratch directory of its own, made by mkdtemp
 * under /tmp and removed when the case passes, so that the program runs
 * on a host Linux as well as on this kernel. The cases run as root: root
 * reads and writes anything, but executes only files with an x bit.
 * Calls whose arguments libc would check or reshape (bad pointers,
 * getcwd's size, getdents64, creat, flags) go through syscall(2).
 * EMFILE, and EBADF on closed descriptors, are test_fd's.
 */
#define TEST_CASE_SEC	60

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "test.h"

#define SCRATCH_TEMPLATE "/tmp/test_fs.XXXXXX"
#define LINUX_NAME_MAX	255
#define LINUX_PATH_MAX	4096	/* with the terminating NUL */
#define LINUX_SYMLOOP	40	/* links one lookup may follow */
#define MAX_ENTRIES	128	/* in one listed directory */
#define SMALL_FILES	100
#define SMALL_SIZE	(64 * 1024)
#define TIME_SLACK_NS	50000000ll	/* Linux stamps with a coarse clock */
#define EXCL_RACERS	4
#define EXCL_NAMES	50
#define APPENDERS	2
#define RECORDS		500
#define RECORD_SIZE	100
#define ESP_FILE	"/etc/esp-bytes"	/* written by test_user.py */
#define ESP_BYTES	(64 * 1024 + 100)	/* byte i is i * 7 % 251 */

static const uint64_t bad_ptrs[] = { 0, TEST_KERNEL_LO };
static char scratch[sizeof(SCRATCH_TEMPLATE)];
static char bigbuf[SMALL_SIZE];

/* One entry of getdents64's answer, as the kernel lays it out. */
struct dent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

struct entry {
	char name[LINUX_NAME_MAX + 1];
	unsigned char type;
	uint64_t ino;
};

/* fd = call (an open), which must succeed: else the case fails, saying
   why. */
#define OPEN_OK(fd, call)						\
	do {								\
		errno = 0;						\
		(fd) = (call);						\
		if ((fd) < 0)						\
			test_fail("line %d: %s failed: %s", __LINE__,	\
				  #call, strerror(errno));		\
	} while (0)

/* Make this case's scratch directory the working directory, umask 022. */
static void enter_scratch(void)
{
	umask(022);
	strcpy(scratch, SCRATCH_TEMPLATE);
	if (!mkdtemp(scratch))
		test_fail("mkdtemp(%s): %s", SCRATCH_TEMPLATE, strerror(errno));
	if (chdir(scratch) < 0)
		test_fail("chdir(%s): %s", scratch, strerror(errno));
}

static long sys_getdents64(int fd, void *buf, size_t size)
{
	return syscall(SYS_getdents64, fd, buf, size);
}

/* Remove name (under dirfd) and everything below it. Each pass lists
   the directory afresh, so that a listing disturbed by the removals
   cannot leave anything behind. */
static void remove_tree(int dirfd, const char *name)
{
	char buf[4096];
	struct stat st;
	int fd, pass, removed;
	long n, off;

	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		if (unlinkat(dirfd, name, 0) < 0)
			test_fail("cleanup: unlink %s: %s", name,
				  strerror(errno));
		return;
	}
	fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		test_fail("cleanup: open %s: %s", name, strerror(errno));
	for (pass = 0, removed = 1; removed && pass < 100; pass++) {
		removed = 0;
		lseek(fd, 0, SEEK_SET);
		while ((n = sys_getdents64(fd, buf, sizeof(buf))) > 0)
			for (off = 0; off < n;) {
				struct dent64 *d = (void *)(buf + off);

				off += d->d_reclen;
				if (!strcmp(d->d_name, ".") ||
				    !strcmp(d->d_name, ".."))
					continue;
				remove_tree(fd, d->d_name);
				removed = 1;
			}
	}
	close(fd);
	if (unlinkat(dirfd, name, AT_REMOVEDIR) < 0)
		test_fail("cleanup: rmdir %s: %s", name, strerror(errno));
}

/* The case passed: remove its scratch directory. */
static void leave_scratch(void)
{
	CHECK_OK(chdir("/"));
	remove_tree(AT_FDCWD, scratch);
}

/* Create (or truncate) path holding the string s, mode 0644. */
static void make_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0)
		test_fail("create %s: %s", path, strerror(errno));
	write_full(fd, s, strlen(s));
	CHECK_OK(close(fd));
}

/* path holds exactly the string want. */
static void check_content(const char *path, const char *want)
{
	static char got[8192];
	size_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		test_fail("open %s: %s", path, strerror(errno));
	n = read_full(fd, got, sizeof(got) - 1);
	close(fd);
	got[n] = 0;
	if (n != strlen(want) || memcmp(got, want, n))
		test_fail("%s holds \"%.60s\" (%zu bytes), expected \"%.60s\"",
			  path, got, n, want);
}

static struct stat lstat_of(const char *path)
{
	struct stat st;

	if (lstat(path, &st) < 0)
		test_fail("lstat %s: %s", path, strerror(errno));
	return st;
}

static struct stat stat_of(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		test_fail("stat %s: %s", path, strerror(errno));
	return st;
}

static int64_t ts_ns(struct timespec ts)
{
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int64_t realtime_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts_ns(ts);
}

/* n bytes at p are all c. */
static int all_bytes(const void *p, int c, size_t n)
{
	const unsigned char *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i] != (unsigned char)c)
			return 0;
	return 1;
}

/* List directory fd with getdents64 through a buffer of bufsize bytes
   into e[] (MAX_ENTRIES at most); checks each record's shape and that
   the end reads 0 again. Returns the count. */
static int list_fd(int fd, size_t bufsize, struct entry *e)
{
	char buf[8192] __attribute__((aligned(8)));
	int count = 0;
	long n, off;

	if (bufsize > sizeof(buf))
		test_fail("list_fd: buffer of %zu bytes", bufsize);
	while ((n = sys_getdents64(fd, buf, bufsize)) > 0) {
		CHECK(n <= (long)bufsize);
		for (off = 0; off < n;) {
			struct dent64 *d = (void *)(buf + off);
			size_t len = strnlen(d->d_name, LINUX_NAME_MAX + 1);

			if (d->d_reclen % 8 || off + d->d_reclen > n ||
			    d->d_reclen < offsetof(struct dent64, d_name) +
			    len + 1 || len > LINUX_NAME_MAX)
				test_fail("getdents64: bad record at %ld: "
					  "reclen %u, name length %zu, %ld "
					  "bytes returned", off, d->d_reclen,
					  len, n);
			if (count == MAX_ENTRIES)
				test_fail("getdents64: over %d entries",
					  MAX_ENTRIES);
			memcpy(e[count].name, d->d_name, len + 1);
			e[count].type = d->d_type;
			e[count].ino = d->d_ino;
			count++;
			off += d->d_reclen;
		}
	}
	if (n < 0)
		test_fail("sys_getdents64(%d, %zu): %s", fd, bufsize,
			  strerror(errno));
	CHECK_EQ(sys_getdents64(fd, buf, bufsize), 0);
	return count;
}

static int list_dir(const char *path, size_t bufsize, struct entry *e)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY), n;

	if (fd < 0)
		test_fail("open %s: %s", path, strerror(errno));
	n = list_fd(fd, bufsize, e);
	close(fd);
	return n;
}

/* The entry called name in e[0..n), or NULL; fails if it is there twice. */
static const struct entry *find_entry(const struct entry *e, int n,
				      const char *name)
{
	const struct entry *found = NULL;
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(e[i].name, name)) {
			if (found)
				test_fail("getdents64 lists \"%s\" twice",
					  name);
			found = &e[i];
		}
	return found;
}

/* ---------------------------------------------------------------- open */

static void open_creat_creates_regular_file(void)
{
	struct stat st;
	char buf[16];
	int fd;

	enter_scratch();
	CHECK_ERR(open("f", O_RDONLY), ENOENT);
	OPEN_OK(fd, open("f", O_WRONLY | O_CREAT, 0644));
	CHECK_OK(fstat(fd, &st));
	CHECK(S_ISREG(st.st_mode));
	CHECK_EQ(st.st_mode & 07777, 0644);
	CHECK_EQ(st.st_size, 0);
	CHECK_EQ(st.st_nlink, 1);
	CHECK_EQ(st.st_uid, getuid());
	CHECK_EQ(st.st_gid, getgid());
	CHECK_EQ(write(fd, "hello", 5), 5);
	CHECK_ERR(read(fd, buf, sizeof(buf)), EBADF);	/* write-only */
	CHECK_OK(close(fd));
	/* O_CREAT on an existing file opens it as it is. */
	OPEN_OK(fd, open("f", O_RDONLY | O_CREAT, 0600));
	CHECK_EQ(read(fd, buf, sizeof(buf)), 5);
	CHECK(!memcmp(buf, "hello", 5));
	CHECK_ERR(write(fd, "x", 1), EBADF);		/* read-only */
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_mode & 07777, 0644);
	CHECK_EQ(st.st_size, 5);
	CHECK_OK(close(fd));
	leave_scratch();
}

static void openat_resolves_against_dirfd(void)
{
	char abs[64];
	int dfd, ffd, fd;

	enter_scratch();
	CHECK_OK(mkdir("d", 0755));
	OPEN_OK(dfd, open("d", O_RDONLY | O_DIRECTORY));
	OPEN_OK(fd, openat(dfd, "f", O_WRONLY | O_CREAT | O_EXCL, 0644));
	write_full(fd, "in d", 4);
	CHECK_OK(close(fd));
	check_content("d/f", "in d");
	CHECK_ERR(open("f", O_RDONLY), ENOENT);
	OPEN_OK(fd, openat(AT_FDCWD, "d/f", O_RDONLY));
	CHECK_OK(close(fd));
	/* An absolute path ignores dirfd, even a dirfd that is a file. */
	make_file("top", "top");
	snprintf(abs, sizeof(abs), "%s/top", scratch);
	OPEN_OK(fd, openat(dfd, abs, O_RDONLY));
	CHECK_EQ(read(fd, abs, 3), 3);
	CHECK(!memcmp(abs, "top", 3));
	CHECK_OK(close(fd));
	OPEN_OK(ffd, open("top", O_RDONLY));
	CHECK_ERR(openat(ffd, "f", O_RDONLY), ENOTDIR);
	snprintf(abs, sizeof(abs), "%s/d/f", scratch);
	OPEN_OK(fd, openat(ffd, abs, O_RDONLY));
	CHECK_OK(close(fd));
	/* ".." from dirfd is the scratch directory. */
	OPEN_OK(fd, openat(dfd, "..", O_RDONLY | O_DIRECTORY));
	CHECK_OK(fstatat(fd, "top", &(struct stat){ 0 }, 0));
	CHECK_OK(close(fd));
	CHECK_OK(close(ffd));
	CHECK_OK(close(dfd));
	leave_scratch();
}

static void creat_truncates_and_is_write_only(void)
{
	struct stat st;
	char buf[8];
	long fd;

	enter_scratch();
	OPEN_OK(fd, syscall(SYS_creat, "c", 0666));
	CHECK_OK(fstat(fd, &st));
	CHECK(S_ISREG(st.st_mode));
	CHECK_EQ(st.st_mode & 07777, 0644);		/* umask 022 */
	CHECK_EQ(write(fd, "abcdef", 6), 6);
	CHECK_ERR(read(fd, buf, sizeof(buf)), EBADF);
	CHECK_OK(close(fd));
	OPEN_OK(fd, syscall(SYS_creat, "c", 0600));
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_size, 0);
	CHECK_EQ(st.st_mode & 07777, 0644);	/* an existing file keeps it */
	CHECK_EQ(write(fd, "xy", 2), 2);
	CHECK_OK(close(fd));
	check_content("c", "xy");
	leave_scratch();
}

static void o_excl_fails_on_existing_name(void)
{
	int fd;

	enter_scratch();
	make_file("f", "keep");
	CHECK_ERR(open("f", O_WRONLY | O_CREAT | O_EXCL, 0644), EEXIST);
	CHECK_ERR(open("f", O_RDWR | O_CREAT | O_EXCL | O_TRUNC, 0644),
		  EEXIST);
	check_content("f", "keep");
	CHECK_OK(mkdir("d", 0755));
	CHECK_ERR(open("d", O_RDONLY | O_CREAT | O_EXCL, 0644), EEXIST);
	OPEN_OK(fd, open("g", O_RDWR | O_CREAT | O_EXCL, 0644));
	CHECK_OK(close(fd));
	CHECK_ERR(open("g", O_RDWR | O_CREAT | O_EXCL, 0644), EEXIST);
	leave_scratch();
}

/* Processes racing to O_EXCL-create the same names: each name has one
   winner. */
static void o_excl_has_one_winner_per_name(void)
{
	pid_t pids[EXCL_RACERS];
	int i, total = 0;

	enter_scratch();
	for (i = 0; i < EXCL_RACERS; i++) {
		pids[i] = test_fork();
		if (pids[i] == 0) {
			char name[16];
			int j, won = 0, fd;

			for (j = 0; j < EXCL_NAMES; j++) {
				snprintf(name, sizeof(name), "n%d", j);
				fd = open(name, O_WRONLY | O_CREAT | O_EXCL,
					  0644);
				if (fd >= 0) {
					won++;
					close(fd);
				} else if (errno != EEXIST) {
					_exit(200);
				}
			}
			_exit(won);
		}
	}
	for (i = 0; i < EXCL_RACERS; i++) {
		int st = test_wait(pids[i]);

		CHECK(WIFEXITED(st) && WEXITSTATUS(st) <= EXCL_NAMES);
		total += WEXITSTATUS(st);
	}
	CHECK_EQ(total, EXCL_NAMES);
	leave_scratch();
}

static void o_trunc_empties_file(void)
{
	struct stat st;
	char buf[16];
	int fd, other;

	enter_scratch();
	make_file("f", "0123456789");
	OPEN_OK(other, open("f", O_RDONLY));
	OPEN_OK(fd, open("f", O_WRONLY | O_TRUNC));
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_size, 0);
	CHECK_EQ(read(other, buf, sizeof(buf)), 0);	/* seen by all */
	CHECK_EQ(write(fd, "ab", 2), 2);
	CHECK_OK(close(fd));
	check_content("f", "ab");
	OPEN_OK(fd, open("f", O_RDWR | O_TRUNC));
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_size, 0);
	CHECK_OK(close(fd));
	CHECK_OK(close(other));
	leave_scratch();
}

/* Linux truncates even when the file is opened only to read (POSIX
   leaves it open). */
static void o_trunc_with_o_rdonly_truncates(void)
{
	int fd;

	enter_scratch();
	make_file("f", "0123456789");
	OPEN_OK(fd, open("f", O_RDONLY | O_TRUNC));
	CHECK_EQ(stat_of("f").st_size, 0);
	CHECK_OK(close(fd));
	leave_scratch();
}

static void o_append_writes_at_end(void)
{
	char buf[32];
	int a, b;

	enter_scratch();
	make_file("f", "abc");
	OPEN_OK(a, open("f", O_WRONLY | O_APPEND));
	CHECK_EQ(lseek(a, 0, SEEK_CUR), 0);
	CHECK_EQ(write(a, "def", 3), 3);
	CHECK_EQ(lseek(a, 0, SEEK_CUR), 6);
	CHECK_EQ(lseek(a, 1, SEEK_SET), 1);
	CHECK_EQ(write(a, "g", 1), 1);		/* still at the end */
	CHECK_EQ(lseek(a, 0, SEEK_CUR), 7);
	check_content("f", "abcdefg");
	/* Two appenders never overwrite each other. */
	OPEN_OK(b, open("f", O_RDWR | O_APPEND));
	CHECK_EQ(write(a, "X", 1), 1);
	CHECK_EQ(write(b, "Y", 1), 1);
	CHECK_EQ(write(a, "Z", 1), 1);
	check_content("f", "abcdefgXYZ");
	/* O_RDWR | O_APPEND reads where it seeks. */
	CHECK_EQ(lseek(b, 2, SEEK_SET), 2);
	CHECK_EQ(read(b, buf, 3), 3);
	CHECK(!memcmp(buf, "cde", 3));
	CHECK_EQ(write(b, "!", 1), 1);
	CHECK_EQ(lseek(b, 0, SEEK_CUR), 11);
	check_content("f", "abcdefgXYZ!");
	CHECK_OK(close(a));
	CHECK_OK(close(b));
	leave_scratch();
}

/* Processes appending records at once: every record lands whole. */
static void o_append_writers_do_not_overwrite(void)
{
	static char got[APPENDERS * RECORDS * RECORD_SIZE + 1];
	int counts[APPENDERS] = { 0 };
	pid_t pids[APPENDERS];
	struct stat st;
	int i, fd;

	enter_scratch();
	OPEN_OK(fd, open("log", O_WRONLY | O_CREAT | O_EXCL, 0644));
	CHECK_OK(close(fd));
	for (i = 0; i < APPENDERS; i++) {
		pids[i] = test_fork();
		if (pids[i] == 0) {
			char rec[RECORD_SIZE];
			int j, w = open("log", O_WRONLY | O_APPEND);

			memset(rec, 'a' + i, sizeof(rec));
			for (j = 0; j < RECORDS && w >= 0; j++)
				if (write(w, rec, sizeof(rec)) != sizeof(rec))
					_exit(1);
			_exit(w >= 0 ? 0 : 2);
		}
	}
	for (i = 0; i < APPENDERS; i++)
		CHECK_EXITED(test_wait(pids[i]), 0);
	st = stat_of("log");
	CHECK_EQ(st.st_size, APPENDERS * RECORDS * RECORD_SIZE);
	OPEN_OK(fd, open("log", O_RDONLY));
	CHECK_EQ(read_full(fd, got, sizeof(got)), st.st_size);
	for (i = 0; i < APPENDERS * RECORDS; i++) {
		char *r = got + i * RECORD_SIZE;
		int who = r[0] - 'a';

		if (who < 0 || who >= APPENDERS ||
		    !all_bytes(r, r[0], RECORD_SIZE))
			test_fail("record %d is torn or overwritten", i);
		counts[who]++;
	}
	for (i = 0; i < APPENDERS; i++)
		CHECK_EQ(counts[i], RECORDS);
	CHECK_OK(close(fd));
	leave_scratch();
}

static void o_directory_on_file_is_enotdir(void)
{
	int fd;

	enter_scratch();
	make_file("f", "x");
	CHECK_OK(mkdir("d", 0755));
	CHECK_OK(symlink("d", "ld"));
	CHECK_OK(symlink("f", "lf"));
	CHECK_ERR(open("f", O_RDONLY | O_DIRECTORY), ENOTDIR);
	CHECK_ERR(open("lf", O_RDONLY | O_DIRECTORY), ENOTDIR);
	CHECK_ERR(open("missing", O_RDONLY | O_DIRECTORY), ENOENT);
	OPEN_OK(fd, open("d", O_RDONLY | O_DIRECTORY));
	CHECK_OK(close(fd));
	OPEN_OK(fd, open("ld", O_RDONLY | O_DIRECTORY));
	CHECK_OK(close(fd));
	leave_scratch();
}

static void open_dir_for_writing_is_eisdir(void)
{
	char buf[16];
	int fd;

	enter_scratch();
	CHECK_OK(mkdir("d", 0755));
	CHECK_ERR(open("d", O_WRONLY), EISDIR);
	CHECK_ERR(open("d", O_RDWR), EISDIR);
	CHECK_ERR(open("d", O_RDONLY | O_CREAT, 0644), EISDIR);
	CHECK_ERR(open("/tmp", O_WRONLY), EISDIR);
	CHECK_ERR(open("/", O_RDWR), EISDIR);
	OPEN_OK(fd, open("d", O_RDONLY));
	CHECK_ERR(read(fd, buf, sizeof(buf)), EISDIR);
	CHECK_ERR(write(fd, "x", 1), EBADF);
	CHECK_OK(close(fd));
	/* O_TRUNC asks to write, whatever the access mode. */
	CHECK_ERR(open("d", O_RDONLY | O_TRUNC), EISDIR);
	leave_scratch();
}

static void open_missing_is_enoent(void)
{
	struct stat st;

	enter_scratch();
	CHECK_ERR(open("missing", O_RDONLY), ENOENT);
	CHECK_ERR(open("missing", O_RDWR), ENOENT);
	CHECK_ERR(open("nodir/f", O_RDONLY), ENOENT);
	CHECK_ERR(open("nodir/f", O_WRONLY | O_CREAT, 0644), ENOENT);
	CHECK_ERR(stat("missing", &st), ENOENT);
	CHECK_ERR(open("", O_RDONLY), ENOENT);
	CHECK_ERR(open("", O_WRONLY | O_CREAT, 0644), ENOENT);
	CHECK_ERR(stat("", &st), ENOENT);
	CHECK_ERR(mkdir("", 0755), ENOENT);
	CHECK_ERR(unlink(""), ENOENT);
	leave_scratch();
}

static void path_through_file_is_enotdir(void)
{
	struct stat st;

	enter_scratch();
	make_file("f", "x");
	CHECK_ERR(open("f/x", O_RDONLY), ENOTDIR);
	CHECK_ERR(open("f/x", O_WRONLY | O_CREAT, 0644), ENOTDIR);
	CHECK_ERR(open("f/", O_RDONLY), ENOTDIR);
	CHECK_ERR(stat("f/x", &st), ENOTDIR);
	CHECK_ERR(stat("f/", &st), ENOTDIR);
	CHECK_ERR(mkdir("f/d", 0755), ENOTDIR);
	CHECK_ERR(unlink("f/x"), ENOTDIR);
	CHECK_ERR(chdir("f"), ENOTDIR);
	leave_scratch();
}

static void long_name_is_enametoolong(void)
{
	char name[LINUX_NAME_MAX + 8], path[LINUX_NAME_MAX + 16];
	struct stat st;
	int fd;

	enter_scratch();
	memset(name, 'n', LINUX_NAME_MAX);
	name[LINUX_NAME_MAX] = 0;
	/* 255 bytes: fine. */
	OPEN_OK(fd, open(name, O_WRONLY | O_CREAT | O_EXCL, 0644));
	CHECK_OK(close(fd));
	CHECK_OK(stat(name, &st));
	CHECK_OK(unlink(name));
	CHECK_OK(mkdir(name, 0755));
	CHECK_OK(rmdir(name));
	name[LINUX_NAME_MAX] = 'n';
	name[LINUX_NAME_MAX + 1] = 0;				/* 256 */
	CHECK_ERR(open(name, O_WRONLY | O_CREAT, 0644), ENAMETOOLONG);
	CHECK_ERR(open(name, O_RDONLY), ENAMETOOLONG);
	CHECK_ERR(stat(name, &st), ENAMETOOLONG);
	CHECK_ERR(mkdir(name, 0755), ENAMETOOLONG);
	CHECK_ERR(symlink("x", name), ENAMETOOLONG);
	snprintf(path, sizeof(path), "%s/x", name);
	CHECK_ERR(open(path, O_RDONLY), ENAMETOOLONG);
	leave_scratch();
}

static void long_path_is_enametoolong(void)
{
	static char path[3 * LINUX_PATH_MAX];
	struct stat st;
	int n = (LINUX_PATH_MAX - 2) / 2, i, fd;	/* "./" n times, "f" */

	enter_scratch();
	make_file("f", "x");
	memset(path, 0, sizeof(path));
	for (i = 0; i < n; i++)
		memcpy(path + 2 * i, "./", 2);
	strcat(path, "f");
	CHECK_EQ(strlen(path), LINUX_PATH_MAX - 1);	/* the longest */
	OPEN_OK(fd, open(path, O_RDONLY));
	CHECK_OK(close(fd));
	CHECK_OK(stat(path, &st));
	strcat(path, "f");				/* one too long */
	CHECK_EQ(strlen(path), LINUX_PATH_MAX);
	CHECK_ERR(open(path, O_RDONLY), ENAMETOOLONG);
	CHECK_ERR(open(path, O_WRONLY | O_CREAT, 0644), ENAMETOOLONG);
	CHECK_ERR(stat(path, &st), ENAMETOOLONG);
	CHECK_ERR(mkdir(path, 0755), ENAMETOOLONG);
	memset(path, '/', sizeof(path) - 1);		/* far too long */
	CHECK_ERR(open(path, O_RDONLY), ENAMETOOLONG);
	CHECK_ERR(chdir(path), ENAMETOOLONG);
	leave_scratch();
}

#define CHECK_EFAULT(call, p)						\
	do {								\
		long r_;						\
		int e_;							\
		errno = 0;						\
		r_ = (long)(call);					\
		e_ = errno;						\
		if (r_ != -1 || e_ != EFAULT)				\
			test_fail("line %d: %s with %#llx returned %ld, " \
				  "errno %d (%s); expected EFAULT",	\
				  __LINE__, #call,			\
				  (unsigned long long)(p), r_, e_,	\
				  strerror(e_));			\
	} while (0)

static void bad_path_pointers_are_efault(void)
{
	struct entry e[MAX_ENTRIES];
	struct stat st;
	char buf[64];
	unsigned i;

	enter_scratch();
	make_file("f", "x");
	for (i = 0; i < sizeof(bad_ptrs) / sizeof(bad_ptrs[0]); i++) {
		uint64_t p = bad_ptrs[i];

		CHECK_EFAULT(syscall(SYS_open, p, O_RDONLY), p);
		CHECK_EFAULT(syscall(SYS_open, p, O_WRONLY | O_CREAT, 0644), p);
		CHECK_EFAULT(syscall(SYS_openat, AT_FDCWD, p, O_RDONLY), p);
		CHECK_EFAULT(syscall(SYS_creat, p, 0644), p);
		CHECK_EFAULT(syscall(SYS_stat, p, &st), p);
		CHECK_EFAULT(syscall(SYS_lstat, p, &st), p);
		CHECK_EFAULT(syscall(SYS_newfstatat, AT_FDCWD, p, &st, 0), p);
		CHECK_EFAULT(syscall(SYS_mkdir, p, 0755), p);
		CHECK_EFAULT(syscall(SYS_rmdir, p), p);
		CHECK_EFAULT(syscall(SYS_unlink, p), p);
		CHECK_EFAULT(syscall(SYS_chdir, p), p);
		CHECK_EFAULT(syscall(SYS_access, p, F_OK), p);
		CHECK_EFAULT(syscall(SYS_chmod, p, 0644), p);
		CHECK_EFAULT(syscall(SYS_truncate, p, 0), p);
		CHECK_EFAULT(syscall(SYS_readlink, p, buf, sizeof(buf)), p);
		CHECK_EFAULT(syscall(SYS_rename, p, "g"), p);
		CHECK_EFAULT(syscall(SYS_rename, "f", p), p);
		CHECK_EFAULT(syscall(SYS_symlink, p, "l"), p);
		CHECK_EFAULT(syscall(SYS_symlink, "f", p), p);
		CHECK_EFAULT(syscall(SYS_execve, p, 0, 0), p);
	}
	/* Nothing was made, moved or lost. */
	CHECK_EQ(list_dir(".", 4096, e), 3);
	CHECK(find_entry(e, 3, "f"));
	check_content("f", "x");
	leave_scratch();
}

static void bad_buffers_are_efault(void)
{
	char got[16];
	unsigned i;
	int fd, dfd;

	enter_scratch();
	make_file("f", "0123456789");
	CHECK_OK(symlink("f", "l"));
	OPEN_OK(fd, open("f", O_RDWR));
	OPEN_OK(dfd, open(".", O_RDONLY | O_DIRECTORY));
	for (i = 0; i < sizeof(bad_ptrs) / sizeof(bad_ptrs[0]); i++) {
		uint64_t p = bad_ptrs[i];

		CHECK_EFAULT(syscall(SYS_read, fd, p, 10), p);
		CHECK_EFAULT(syscall(SYS_write, fd, p, 10), p);
		CHECK_EFAULT(syscall(SYS_pread64, fd, p, 10, 0), p);
		CHECK_EFAULT(syscall(SYS_pwrite64, fd, p, 10, 0), p);
		CHECK_EFAULT(syscall(SYS_fstat, fd, p), p);
		CHECK_EFAULT(syscall(SYS_stat, "f", p), p);
		CHECK_EFAULT(syscall(SYS_lstat, "l", p), p);
		CHECK_EFAULT(syscall(SYS_readlink, "l", p, 64), p);
		CHECK_EFAULT(syscall(SYS_getdents64, dfd, p, 4096), p);
		CHECK_EFAULT(syscall(SYS_getcwd, p, 4096), p);
	}
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 0);
	CHECK_EQ(read(fd, got, sizeof(got)), 10);
	CHECK(!memcmp(got, "0123456789", 10));
	CHECK_OK(close(fd));
	CHECK_OK(close(dfd));
	leave_scratch();
}

/* ------------------------------------------------- read, write, lseek */

static void lseek_set_cur_end(void)
{
	char buf[16];
	int fd;

	enter_scratch();
	make_file("f", "0123456789");
	OPEN_OK(fd, open("f", O_RDWR));
	CHECK_EQ(lseek(fd, 3, SEEK_SET), 3);
	CHECK_EQ(read(fd, buf, 2), 2);
	CHECK(!memcmp(buf, "34", 2));
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 5);
	CHECK_EQ(lseek(fd, 2, SEEK_CUR), 7);
	CHECK_EQ(read(fd, buf, sizeof(buf)), 3);	/* short at the end */
	CHECK(!memcmp(buf, "789", 3));
	CHECK_EQ(read(fd, buf, sizeof(buf)), 0);	/* end of file */
	CHECK_EQ(lseek(fd, -4, SEEK_END), 6);
	CHECK_EQ(read(fd, buf, 4), 4);
	CHECK(!memcmp(buf, "6789", 4));
	CHECK_EQ(lseek(fd, -3, SEEK_CUR), 7);
	CHECK_EQ(write(fd, "AB", 2), 2);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 9);
	CHECK_EQ(lseek(fd, 0, SEEK_END), 10);
	CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
	CHECK_EQ(read(fd, buf, sizeof(buf)), 10);
	CHECK(!memcmp(buf, "0123456AB9", 10));
	CHECK_ERR(lseek(fd, 0, 42), EINVAL);		/* no such whence */
	CHECK_OK(close(fd));
	leave_scratch();
}

static void lseek_negative_result_is_einval(void)
{
	int fd;

	enter_scratch();
	make_file("f", "0123456789");
	OPEN_OK(fd, open("f", O_RDONLY));
	CHECK_EQ(lseek(fd, 4, SEEK_SET), 4);
	CHECK_ERR(lseek(fd, -1, SEEK_SET), EINVAL);
	CHECK_ERR(lseek(fd, -5, SEEK_CUR), EINVAL);
	CHECK_ERR(lseek(fd, -11, SEEK_END), EINVAL);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 4);		/* unchanged */
	CHECK_EQ(lseek(fd, -4, SEEK_CUR), 0);
	CHECK_EQ(lseek(fd, -10, SEEK_END), 0);
	CHECK_OK(close(fd));
	leave_scratch();
}

static void write_past_end_leaves_zero_hole(void)
{
	static char buf[4 * TEST_PAGE];
	const off_t at = 3 * TEST_PAGE + 100;
	struct stat st;
	int fd;

	enter_scratch();
	make_file("f", "start");
	OPEN_OK(fd, open("f", O_RDWR));
	CHECK_EQ(lseek(fd, at, SEEK_SET), at);		/* past the end */
	CHECK_EQ(read(fd, buf, sizeof(buf)), 0);
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_size, 5);	/* seeking writes nothing */
	CHECK_EQ(write(fd, "end", 3), 3);
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_size, at + 3);
	CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
	memset(buf, 0xaa, sizeof(buf));
	CHECK_EQ(read_full(fd, buf, sizeof(buf)), at + 3);
	CHECK(!memcmp(buf, "start", 5));
	CHECK(all_bytes(buf + 5, 0, at - 5));
	CHECK(!memcmp(buf + at, "end", 3));
	CHECK_OK(close(fd));
	leave_scratch();
}

/* 1 MiB written in odd pieces and read back in others. */
static void large_file_round_trips(void)
{
	static unsigned char data[1 << 20], got[1 << 20];
	size_t i, off, n;
	int fd;

	enter_scratch();
	for (i = 0; i < sizeof(data); i++)
		data[i] = (unsigned char)(i * 7 + i / 4096);
	OPEN_OK(fd, open("big", O_RDWR | O_CREAT | O_EXCL, 0644));
	for (off = 0; off < sizeof(data); off += n) {
		n = sizeof(data) - off < 4097 ? sizeof(data) - off : 4097;
		write_full(fd, data + off, n);
	}
	CHECK_EQ(stat_of("big").st_size, sizeof(data));
	CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
	for (off = 0; off < sizeof(got); off += n) {
		n = sizeof(got) - off < 1000 ? sizeof(got) - off : 1000;
		CHECK_EQ(read_full(fd, got + off, n), n);
	}
	CHECK_EQ(read(fd, got, 1), 0);
	for (i = 0; i < sizeof(data); i++)
		if (got[i] != data[i])
			test_fail("byte %zu reads %#x, wrote %#x", i, got[i],
				  data[i]);
	CHECK_OK(close(fd));
	leave_scratch();
}

static void pread_pwrite_keep_offset(void)
{
	char buf[32];
	int fd;

	enter_scratch();
	make_file("f", "0123456789");
	OPEN_OK(fd, open("f", O_RDWR));
	CHECK_EQ(lseek(fd, 2, SEEK_SET), 2);
	CHECK_EQ(pread(fd, buf, 3, 5), 3);
	CHECK(!memcmp(buf, "567", 3));
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 2);
	CHECK_EQ(pwrite(fd, "AB", 2, 8), 2);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 2);
	check_content("f", "01234567AB");
	CHECK_EQ(pwrite(fd, "Z", 1, 20), 1);		/* past the end */
	CHECK_EQ(stat_of("f").st_size, 21);
	memset(buf, 0xaa, sizeof(buf));
	CHECK_EQ(pread(fd, buf, sizeof(buf), 8), 13);	/* short at the end */
	CHECK(!memcmp(buf, "AB", 2));
	CHECK(all_bytes(buf + 2, 0, 10));
	CHECK_EQ(buf[12], 'Z');
	CHECK_EQ(pread(fd, buf, sizeof(buf), 100), 0);
	CHECK_ERR(pread(fd, buf, 1, -1), EINVAL);
	CHECK_ERR(pwrite(fd, buf, 1, -1), EINVAL);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 2);
	CHECK_EQ(read(fd, buf, 3), 3);			/* from the offset */
	CHECK(!memcmp(buf, "234", 3));
	CHECK_OK(close(fd));
	leave_scratch();
}

/* ---------------------------------------------------------------- stat */

static void stat_reports_type_mode_and_size(void)
{
	struct stat s, f, l, a, d;
	char data[1234];
	int fd, dfd;

	enter_scratch();
	OPEN_OK(fd, open("f", O_RDWR | O_CREAT | O_EXCL, 0666));
	memset(data, 'x', sizeof(data));
	write_full(fd, data, sizeof(data));
	CHECK_OK(mkdir("d", 0777));
	CHECK_OK(symlink("f", "l"));
	s = stat_of("f");
	CHECK_EQ(s.st_mode, S_IFREG | 0644);		/* 0666 & ~022 */
	CHECK_EQ(s.st_size, sizeof(data));
	CHECK_EQ(s.st_nlink, 1);
	CHECK_OK(fstat(fd, &f));
	l = lstat_of("f");
	CHECK_OK(fstatat(AT_FDCWD, "f", &a, 0));
	CHECK_EQ(f.st_ino, s.st_ino);
	CHECK_EQ(l.st_ino, s.st_ino);
	CHECK_EQ(a.st_ino, s.st_ino);
	CHECK_EQ(f.st_dev, s.st_dev);
	CHECK_EQ(f.st_mode, s.st_mode);
	CHECK_EQ(l.st_mode, s.st_mode);
	CHECK_EQ(f.st_size, s.st_size);
	CHECK_EQ(l.st_size, s.st_size);
	d = stat_of("d");
	CHECK_EQ(d.st_mode, S_IFDIR | 0755);		/* 0777 & ~022 */
	CHECK_EQ(d.st_nlink, 2);
	CHECK_EQ(d.st_dev, s.st_dev);
	/* Symbolic links: stat follows, lstat and AT_SYMLINK_NOFOLLOW not. */
	CHECK_EQ(stat_of("l").st_ino, s.st_ino);
	l = lstat_of("l");
	CHECK(S_ISLNK(l.st_mode));
	CHECK(l.st_ino != s.st_ino);
	CHECK_EQ(l.st_size, 1);				/* strlen("f") */
	CHECK_OK(fstatat(AT_FDCWD, "l", &a, AT_SYMLINK_NOFOLLOW));
	CHECK_EQ(a.st_ino, l.st_ino);
	CHECK(S_ISLNK(a.st_mode));
	/* fstatat relative to a directory descriptor. */
	OPEN_OK(dfd, open("d", O_RDONLY | O_DIRECTORY));
	CHECK_OK(fstatat(dfd, "../f", &a, 0));
	CHECK_EQ(a.st_ino, s.st_ino);
	CHECK_OK(fstatat(dfd, ".", &a, 0));
	CHECK_EQ(a.st_ino, d.st_ino);
	CHECK_ERR(fstatat(dfd, "f", &a, 0), ENOENT);
	CHECK_ERR(syscall(SYS_newfstatat, AT_FDCWD, "f", &a, 0x1), EINVAL);
	CHECK_OK(close(dfd));
	CHECK_OK(close(fd));
	leave_scratch();
}

static void root_and_tmp_are_directories(void)
{
	struct stat root = stat_of("/"), tmp = stat_of("/tmp");

	CHECK(S_ISDIR(root.st_mode));
	CHECK_EQ(stat_of("/..").st_ino, root.st_ino);
	CHECK_EQ(stat_of("/../..").st_ino, root.st_ino);
	CHECK_EQ(tmp.st_mode, S_IFDIR | 01777);
	CHECK(S_ISDIR(stat_of("/dev").st_mode));
	CHECK(S_ISDIR(stat_of("/bin").st_mode));
}

static void dir_nlink_is_2_plus_subdirs(void)
{
	enter_scratch();
	CHECK_OK(mkdir("d", 0755));
	CHECK_EQ(stat_of("d").st_nlink, 2);
	CHECK_OK(mkdir("d/a", 0755));
	CHECK_OK(mkdir("d/b", 0755));
	CHECK_OK(mkdir("d/c", 0755));
	CHECK_EQ(stat_of("d").st_nlink, 5);
	make_file("d/f", "x");				/* files do not count */
	CHECK_OK(symlink("a", "d/l"));
	CHECK_EQ(stat_of("d").st_nlink, 5);
	CHECK_EQ(stat_of("d/a").st_nlink, 2);
	CHECK_OK(rmdir("d/a"));
	CHECK_EQ(stat_of("d").st_nlink, 4);
	CHECK_OK(mkdir("e", 0755));
	CHECK_OK(rename("d/b", "e/b"));			/* moves a link */
	CHECK_EQ(stat_of("d").st_nlink, 3);
	CHECK_EQ(stat_of("e").st_nlink, 3);
	CHECK_OK(rename("d/c", "d/c2"));		/* within: none */
	CHECK_EQ(stat_of("d").st_nlink, 3);
	leave_scratch();
}

static void st_ino_is_stable_and_unique(void)
{
	ino_t f, g, d;
	int fd;

	enter_scratch();
	make_file("f", "x");
	make_file("g", "y");
	CHECK_OK(mkdir("d", 0755));
	f = stat_of("f").st_ino;
	g = stat_of("g").st_ino;
	d = stat_of("d").st_ino;
	CHECK(f != g && f != d && g != d);
	CHECK(f != stat_of(".").st_ino);
	CHECK_EQ(stat_of("f").st_ino, f);
	OPEN_OK(fd, open("f", O_WRONLY | O_APPEND));
	CHECK_EQ(write(fd, "more", 4), 4);
	CHECK_OK(close(fd));
	CHECK_EQ(stat_of("f").st_ino, f);		/* after a write */
	CHECK_OK(rename("f", "d/f2"));
	CHECK_EQ(stat_of("d/f2").st_ino, f);		/* after a rename */
	CHECK_OK(rename("d", "d2"));
	CHECK_EQ(stat_of("d2").st_ino, d);
	CHECK_EQ(stat_of("d2/f2").st_ino, f);
	CHECK_EQ(stat_of("d2/.").st_ino, d);
	CHECK_EQ(stat_of("d2/..").st_ino, stat_of(".").st_ino);
	leave_scratch();
}

/* Between before and after (clock readings), allowing for Linux's coarse
   file clock. */
static void check_stamp(const char *what, struct timespec t, int64_t before,
			int64_t after)
{
	int64_t ns = ts_ns(t);

	if (ns < before - TIME_SLACK_NS || ns > after + TIME_SLACK_NS)
		test_fail("%s is %lld.%09ld, not between %lld.%09lld and "
			  "%lld.%09lld", what, (long long)t.tv_sec, t.tv_nsec,
			  (long long)(before / 1000000000),
			  (long long)(before % 1000000000),
			  (long long)(after / 1000000000),
			  (long long)(after % 1000000000));
}

static void times_move_forward_on_write(void)
{
	struct stat s0, s1, d0, d1;
	int64_t t0, t1;
	int fd;

	enter_scratch();
	t0 = realtime_ns();
	OPEN_OK(fd, open("f", O_RDWR | O_CREAT | O_EXCL, 0644));
	t1 = realtime_ns();
	CHECK_OK(fstat(fd, &s0));
	check_stamp("a new file's mtime", s0.st_mtim, t0, t1);
	check_stamp("a new file's ctime", s0.st_ctim, t0, t1);
	check_stamp("a new file's atime", s0.st_atim, t0, t1);
	CHECK_EQ(s0.st_mtime, s0.st_mtim.tv_sec);
	test_sleep_ms(100);
	t0 = realtime_ns();
	CHECK_EQ(write(fd, "data", 4), 4);
	t1 = realtime_ns();
	CHECK_OK(fstat(fd, &s1));
	CHECK(ts_ns(s1.st_mtim) > ts_ns(s0.st_mtim));
	CHECK(ts_ns(s1.st_ctim) > ts_ns(s0.st_ctim));
	check_stamp("mtime after a write", s1.st_mtim, t0, t1);
	check_stamp("ctime after a write", s1.st_ctim, t0, t1);
	test_sleep_ms(100);
	CHECK_OK(ftruncate(fd, 2));
	CHECK_OK(fstat(fd, &s0));
	CHECK(ts_ns(s0.st_mtim) > ts_ns(s1.st_mtim));
	CHECK_OK(close(fd));
	/* A directory's mtime moves when an entry is made or removed. */
	d0 = stat_of(".");
	test_sleep_ms(100);
	make_file("g", "x");
	d1 = stat_of(".");
	CHECK(ts_ns(d1.st_mtim) > ts_ns(d0.st_mtim));
	test_sleep_ms(100);
	CHECK_OK(unlink("g"));
	d0 = stat_of(".");
	CHECK(ts_ns(d0.st_mtim) > ts_ns(d1.st_mtim));
	leave_scratch();
}

/* ---------------------------------------------------------- getdents64 */

static void getdents_lists_exactly_the_entries(void)
{
	static const size_t sizes[] = { 8192, 512, 40 };
	struct entry e[MAX_ENTRIES];
	char name[16];
	unsigned s;
	int i, n;

	enter_scratch();
	CHECK_EQ(list_dir(".", 4096, e), 2);	/* a new directory */
	for (i = 0; i < 20; i++) {
		snprintf(name, sizeof(name), "file%d", i);
		make_file(name, "x");
	}
	CHECK_OK(mkdir("dir", 0755));
	CHECK_OK(symlink("file0", "link"));
	for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		n = list_dir(".", sizes[s], e);
		if (n != 24)
			test_fail("getdents64 with %zu bytes: %d entries, "
				  "expected 24", sizes[s], n);
		CHECK_EQ(find_entry(e, n, ".")->type, DT_DIR);
		CHECK_EQ(find_entry(e, n, ".")->ino, stat_of(".").st_ino);
		CHECK_EQ(find_entry(e, n, "..")->type, DT_DIR);
		CHECK_EQ(find_entry(e, n, "..")->ino, stat_of("..").st_ino);
		CHECK_EQ(find_entry(e, n, "dir")->type, DT_DIR);
		CHECK_EQ(find_entry(e, n, "dir")->ino, stat_of("dir").st_ino);
		CHECK_EQ(find_entry(e, n, "link")->type, DT_LNK);
		CHECK_EQ(find_entry(e, n, "link")->ino,
			 lstat_of("link").st_ino);
		for (i = 0; i < 20; i++) {
			const struct entry *f;

			snprintf(name, sizeof(name), "file%d", i);
			f = find_entry(e, n, name);
			if (!f)
				test_fail("getdents64 with %zu bytes: no %s",
					  sizes[s], name);
			CHECK_EQ(f->type, DT_REG);
			CHECK_EQ(f->ino, stat_of(name).st_ino);
		}
	}
	CHECK_OK(unlink("file7"));
	CHECK_OK(rmdir("dir"));
	n = list_dir(".", 4096, e);
	CHECK_EQ(n, 22);
	CHECK(!find_entry(e, n, "file7"));
	CHECK(!find_entry(e, n, "dir"));
	leave_scratch();
}

/* lseek to 0 lists a directory again from the start; lseek to an
   entry's d_off resumes the listing after that entry (seekdir). */
static void getdents_seeks_to_d_off(void)
{
	char buf[4096] __attribute__((aligned(8)));
	char names[8][16], one[64] __attribute__((aligned(8)));
	int64_t offs[8];
	struct entry e[MAX_ENTRIES];
	int fd, i, n = 0;
	long got, off;

	enter_scratch();
	for (i = 0; i < 5; i++) {
		snprintf(names[0], sizeof(names[0]), "f%d", i);
		make_file(names[0], "x");
	}
	OPEN_OK(fd, open(".", O_RDONLY | O_DIRECTORY));
	CHECK_EQ(list_fd(fd, 4096, e), 7);
	CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
	CHECK_EQ(list_fd(fd, 4096, e), 7);
	CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
	got = sys_getdents64(fd, buf, sizeof(buf));
	for (off = 0; off < got && n < 8; n++) {
		struct dent64 *d = (void *)(buf + off);

		snprintf(names[n], sizeof(names[n]), "%s", d->d_name);
		offs[n] = d->d_off;
		off += d->d_reclen;
	}
	CHECK_EQ(n, 7);
	for (i = 0; i < n; i++) {
		CHECK_EQ(lseek(fd, offs[i], SEEK_SET), offs[i]);
		got = sys_getdents64(fd, one, sizeof(one));
		if (i == n - 1) {
			CHECK_EQ(got, 0);		/* the last one */
			continue;
		}
		CHECK(got > 0);
		if (strcmp(((struct dent64 *)one)->d_name, names[i + 1]))
			test_fail("lseek to the d_off of \"%s\" resumes at "
				  "\"%s\", expected \"%s\"", names[i],
				  ((struct dent64 *)one)->d_name, names[i + 1]);
	}
	CHECK_OK(close(fd));
	leave_scratch();
}

static void getdents_small_buffer_is_einval(void)
{
	char buf[64] __attribute__((aligned(8)));
	struct entry e[MAX_ENTRIES];
	int fd;

	enter_scratch();
	OPEN_OK(fd, open(".", O_RDONLY | O_DIRECTORY));
	CHECK_ERR(sys_getdents64(fd, buf, 8), EINVAL);
	CHECK_ERR(sys_getdents64(fd, buf, 0), EINVAL);
	CHECK_EQ(list_fd(fd, sizeof(buf), e), 2);	/* nothing was lost */
	CHECK_OK(close(fd));
	make_file("f", "x");
	OPEN_OK(fd, open("f", O_RDONLY));
	CHECK_ERR(sys_getdents64(fd, buf, sizeof(buf)), ENOTDIR);
	CHECK_OK(close(fd));
	leave_scratch();
}

/* Removing each entry as it is listed (what rm -r does) neither skips
   nor repeats the others. */
static void getdents_while_unlinking_sees_every_entry(void)
{
	char buf[256] __attribute__((aligned(8)));
	struct entry e[MAX_ENTRIES];
	char name[16];
	int seen[60] = { 0 };
	int fd, i, k, total = 0;
	long n, off;

	enter_scratch();
	CHECK_OK(mkdir("d", 0755));
	for (i = 0; i < 60; i++) {
		snprintf(name, sizeof(name), "d/f%02d", i);
		make_file(name, "x");
	}
	OPEN_OK(fd, open("d", O_RDONLY | O_DIRECTORY));
	while ((n = sys_getdents64(fd, buf, sizeof(buf))) > 0)
		for (off = 0; off < n; off += ((struct dent64 *)
					       (buf + off))->d_reclen) {
			struct dent64 *d = (void *)(buf + off);

			if (d->d_name[0] == '.')
				continue;
			k = atoi(d->d_name + 1);
			CHECK(k >= 0 && k < 60);
			seen[k]++;
			total++;
			CHECK_OK(unlinkat(fd, d->d_name, 0));
		}
	CHECK_EQ(n, 0);
	CHECK_OK(close(fd));
	for (i = 0; i < 60; i++)
		if (seen[i] != 1)
			test_fail("f%02d listed %d times while the others "
				  "were removed (%d entries seen of 60)", i,
				  seen[i], total);
	CHECK_EQ(list_dir("d", 4096, e), 2);
	CHECK_OK(rmdir("d"));
	leave_scratch();
}

/* ------------------------------------------------ mkdir, rmdir, unlink */

static void mkdir_mkdirat_make_directories(void)
{
	struct entry e[MAX_ENTRIES];
	int dfd;

	enter_scratch();
	CHECK_OK(mkdir("d", 0777));
	CHECK_EQ(stat_of("d").st_mode, S_IFDIR | 0755);
	CHECK_EQ(list_dir("d", 4096, e), 2);
	CHECK_ERR(mkdir("d", 0755), EEXIST);
	make_file("f", "x");
	CHECK_ERR(mkdir("f", 0755), EEXIST);
	CHECK_OK(symlink("nowhere", "dangling"));
	CHECK_ERR(mkdir("dangling", 0755), EEXIST);
	CHECK_ERR(mkdir("nodir/x", 0755), ENOENT);
	OPEN_OK(dfd, open("d", O_RDONLY | O_DIRECTORY));
	CHECK_OK(mkdirat(dfd, "sub", 0700));
	CHECK_EQ(stat_of("d/sub").st_mode, S_IFDIR | 0700);
	CHECK_ERR(mkdirat(dfd, "sub", 0700), EEXIST);
	CHECK_OK(mkdirat(AT_FDCWD, "e", 0755));
	CHECK(S_ISDIR(stat_of("e").st_mode));
	CHECK_OK(mkdir("g/", 0755));			/* a trailing slash */
	CHECK(S_ISDIR(stat_of("g").st_mode));
	CHECK_OK(close(dfd));
	leave_scratch();
}

static void rmdir_removes_only_empty_directories(void)
{
	struct stat st;

	enter_scratch();
	CHECK_OK(mkdir("d", 0755));
	make_file("d/f", "x");
	CHECK_ERR(rmdir("d"), ENOTEMPTY);
	CHECK_OK(unlink("d/f"));
	CHECK_OK(mkdir("d/sub", 0755));
	CHECK_ERR(rmdir("d"), ENOTEMPTY);
	CHECK_ERR(rmdir("d/sub/."), EINVAL);
	CHECK_ERR(rmdir("."), EINVAL);
	CHECK_ERR(rmdir("d/sub/.."), ENOTEMPTY);
	make_file("f", "x");
	CHECK_ERR(rmdir("f"), ENOTDIR);
	CHECK_OK(symlink("d/sub", "l"));
	CHECK_ERR(rmdir("l"), ENOTDIR);			/* not followed */
	CHECK_ERR(rmdir("missing"), ENOENT);
	CHECK_OK(rmdir("d/sub"));
	CHECK_ERR(stat("d/sub", &st), ENOENT);
	CHECK_OK(rmdir("d"));
	CHECK_ERR(stat("d", &st), ENOENT);
	CHECK(S_ISREG(stat_of("f").st_mode));
	leave_scratch();
}

/* The working directory removed under a process: nothing can be made in
   it, and getcwd says it is gone. */
static void rmdir_of_cwd_leaves_a_dead_directory(void)
{
	char buf[256];

	enter_scratch();
	CHECK_OK(mkdir("d", 0755));
	CHECK_OK(chdir("d"));
	CHECK_OK(rmdir("../d"));
	CHECK_ERR(open("f", O_WRONLY | O_CREAT, 0644), ENOENT);
	CHECK_ERR(mkdir("sub", 0755), ENOENT);
	CHECK_ERR(syscall(SYS_getcwd, buf, sizeof(buf)), ENOENT);
	leave_scratch();
}

static void unlink_removes_names_not_directories(void)
{
	struct stat st;
	int dfd;

	enter_scratch();
	make_file("f", "x");
	CHECK_OK(unlink("f"));
	CHECK_ERR(stat("f", &st), ENOENT);
	CHECK_ERR(unlink("f"), ENOENT);
	CHECK_OK(mkdir("d", 0755));
	CHECK_ERR(unlink("d"), EISDIR);
	CHECK(S_ISDIR(stat_of("d").st_mode));
	/* unlink of a symbolic link removes the link, not its target. */
	make_file("t", "target");
	CHECK_OK(symlink("t", "l"));
	CHECK_OK(unlink("l"));
	CHECK_ERR(lstat("l", &st), ENOENT);
	check_content("t", "target");
	/* unlinkat, relative to a directory, and with AT_REMOVEDIR. */
	OPEN_OK(dfd, open("d", O_RDONLY | O_DIRECTORY));
	make_file("d/g", "x");
	CHECK_OK(mkdir("d/sub", 0755));
	CHECK_ERR(unlinkat(dfd, "sub", 0), EISDIR);
	CHECK_ERR(unlinkat(dfd, "g", AT_REMOVEDIR), ENOTDIR);
	CHECK_ERR(syscall(SYS_unlinkat, dfd, "g", 0x1), EINVAL);
	CHECK_OK(unlinkat(dfd, "g", 0));
	CHECK_OK(unlinkat(dfd, "sub", AT_REMOVEDIR));
	CHECK_ERR(stat("d/g", &st), ENOENT);
	CHECK_ERR(stat("d/sub", &st), ENOENT);
	CHECK_OK(close(dfd));
	CHECK_OK(unlinkat(AT_FDCWD, "d", AT_REMOVEDIR));
	CHECK_ERR(stat("d", &st), ENOENT);
	leave_scratch();
}

/* ---------------------------------------------------------------- rename */

static void rename_replaces_file_atomically(void)
{
	struct stat st;
	char buf[16];
	ino_t a;
	int old;

	enter_scratch();
	make_file("a", "new");
	make_file("b", "old");
	a = stat_of("a").st_ino;
	OPEN_OK(old, open("b", O_RDONLY));
	CHECK_OK(rename("a", "b"));
	CHECK_ERR(stat("a", &st), ENOENT);
	check_content("b", "new");
	CHECK_EQ(stat_of("b").st_ino, a);
	CHECK_EQ(read(old, buf, sizeof(buf)), 3);	/* the old file lives */
	CHECK(!memcmp(buf, "old", 3));
	CHECK_OK(fstat(old, &st));
	CHECK_EQ(st.st_nlink, 0);
	CHECK_OK(close(old));
	/* Onto itself: nothing happens. */
	CHECK_OK(rename("b", "b"));
	check_content("b", "new");
	CHECK_ERR(rename("missing", "c"), ENOENT);
	CHECK_ERR(rename("b", "nodir/c"), ENOENT);
	check_content("b", "new");
	leave_scratch();
}

static void rename_moves_between_directories(void)
{
	struct stat st;
	int d1, d2;

	enter_scratch();
	CHECK_OK(mkdir("d1", 0755));
	CHECK_OK(mkdir("d2", 0755));
	make_file("d1/f", "file");
	CHECK_OK(mkdir("d1/sub", 0755));
	make_file("d1/sub/inner", "inner");
	CHECK_OK(rename("d1/f", "d2/g"));
	CHECK_ERR(stat("d1/f", &st), ENOENT);
	check_content("d2/g", "file");
	CHECK_OK(rename("d1/sub", "d2/sub"));		/* a whole subtree */
	CHECK_ERR(stat("d1/sub", &st), ENOENT);
	check_content("d2/sub/inner", "inner");
	CHECK_EQ(stat_of("d2/sub/..").st_ino, stat_of("d2").st_ino);
	CHECK_EQ(stat_of("d1").st_nlink, 2);
	CHECK_EQ(stat_of("d2").st_nlink, 3);
	/* renameat, relative to two directory descriptors. */
	OPEN_OK(d1, open("d1", O_RDONLY | O_DIRECTORY));
	OPEN_OK(d2, open("d2", O_RDONLY | O_DIRECTORY));
	CHECK_OK(renameat(d2, "g", d1, "back"));
	check_content("d1/back", "file");
	CHECK_OK(renameat(d2, "sub", AT_FDCWD, "top"));
	check_content("top/inner", "inner");
	CHECK_EQ(stat_of("top/..").st_ino, stat_of(".").st_ino);
	CHECK_OK(close(d1));
	CHECK_OK(close(d2));
	leave_scratch();
}

static void rename_errors(void)
{
	struct stat st;

	enter_scratch();
	make_file("f", "x");
	CHECK_OK(mkdir("d", 0755));
	CHECK_OK(mkdir("full", 0755));
	make_file("full/x", "x");
	CHECK_OK(mkdir("empty", 0755));
	CHECK_ERR(rename("f", "d"), EISDIR);		/* file onto dir */
	CHECK_ERR(rename("d", "f"), ENOTDIR);		/* dir onto file */
	CHECK_ERR(rename("d", "full"), ENOTEMPTY);
	CHECK_OK(mkdir("d/a", 0755));
	CHECK_OK(mkdir("d/a/b", 0755));
	CHECK_ERR(rename("d", "d/a/b/c"), EINVAL);	/* into itself */
	CHECK_ERR(rename("d", "d/a"), EINVAL);
	CHECK_ERR(rename("d/a", "d/a/c"), EINVAL);
	CHECK(S_ISDIR(stat_of("d/a/b").st_mode));
	CHECK_OK(rename("d", "empty"));			/* onto an empty dir */
	CHECK_ERR(stat("d", &st), ENOENT);
	CHECK(S_ISDIR(stat_of("empty/a/b").st_mode));
	check_content("f", "x");
	check_content("full/x", "x");
	leave_scratch();
}

/* ------------------------------------------------------ symbolic links */

static void symlink_readlink_round_trip(void)
{
	char buf[64], abs[64];
	struct stat st;

	enter_scratch();
	make_file("t", "target");
	snprintf(abs, sizeof(abs), "%s/t", scratch);
	CHECK_OK(symlink("t", "rel"));
	CHECK_OK(symlink(abs, "abs"));
	memset(buf, '#', sizeof(buf));
	CHECK_EQ(readlink("rel", buf, sizeof(buf)), 1);
	CHECK(!memcmp(buf, "t#", 2));			/* no NUL added */
	CHECK_EQ(readlink("abs", buf, sizeof(buf)), strlen(abs));
	CHECK(!memcmp(buf, abs, strlen(abs)));
	CHECK_EQ(readlink("abs", buf, 4), 4);		/* truncated */
	CHECK(!memcmp(buf, abs, 4));
	CHECK_EQ(readlinkat(AT_FDCWD, "rel", buf, sizeof(buf)), 1);
	check_content("rel", "target");
	check_content("abs", "target");
	st = lstat_of("abs");
	CHECK(S_ISLNK(st.st_mode));
	CHECK_EQ(st.st_size, strlen(abs));
	CHECK_EQ(stat_of("abs").st_ino, stat_of("t").st_ino);
	CHECK_ERR(readlink("t", buf, sizeof(buf)), EINVAL);	/* no link */
	CHECK_ERR(readlink(".", buf, sizeof(buf)), EINVAL);
	CHECK_ERR(readlink("missing", buf, sizeof(buf)), ENOENT);
	CHECK_ERR(symlink("x", "rel"), EEXIST);
	CHECK_ERR(symlink("x", "t"), EEXIST);
	/* A relative target is relative to the link's directory. */
	CHECK_OK(mkdir("d", 0755));
	make_file("d/t", "in d");
	CHECK_OK(symlink("t", "d/l"));
	check_content("d/l", "in d");
	/* A dangling link: stat fails, lstat does not. */
	CHECK_OK(symlink("nowhere", "dangling"));
	CHECK_ERR(stat("dangling", &st), ENOENT);
	CHECK(S_ISLNK(lstat_of("dangling").st_mode));
	/* O_NOFOLLOW refuses a link as the last component. */
	CHECK_ERR(open("rel", O_RDONLY | O_NOFOLLOW), ELOOP);
	CHECK_ERR(open("rel", O_WRONLY | O_CREAT | O_NOFOLLOW, 0644), ELOOP);
	leave_scratch();
}

/* O_CREAT through a dangling link makes its target; O_EXCL refuses. */
static void o_creat_through_dangling_symlink_makes_target(void)
{
	int fd;

	enter_scratch();
	CHECK_OK(mkdir("d", 0755));
	CHECK_OK(symlink("made", "d/dangling"));
	CHECK_ERR(open("d/dangling", O_WRONLY | O_CREAT | O_EXCL, 0644),
		  EEXIST);
	OPEN_OK(fd, open("d/dangling", O_WRONLY | O_CREAT, 0600));
	CHECK_EQ(write(fd, "via link", 8), 8);
	CHECK_OK(close(fd));
	CHECK_EQ(lstat_of("d/made").st_mode, S_IFREG | 0600);
	check_content("d/made", "via link");
	CHECK(S_ISLNK(lstat_of("d/dangling").st_mode));
	leave_scratch();
}

static void symlinks_in_the_middle_of_a_path(void)
{
	char abs[64];

	enter_scratch();
	CHECK_OK(mkdir("a", 0755));
	CHECK_OK(mkdir("a/d", 0755));
	make_file("a/d/f", "deep");
	CHECK_OK(symlink("a/d", "dl"));
	CHECK_OK(symlink("dl", "dl2"));			/* a link to a link */
	snprintf(abs, sizeof(abs), "%s/a", scratch);
	CHECK_OK(symlink(abs, "al"));
	check_content("dl/f", "deep");
	check_content("dl2/f", "deep");
	check_content("al/d/f", "deep");
	check_content("al/../dl/f", "deep");
	CHECK_EQ(stat_of("dl/f").st_ino, stat_of("a/d/f").st_ino);
	/* ".." after a link is the parent of its target. */
	CHECK_EQ(stat_of("dl/..").st_ino, stat_of("a").st_ino);
	/* A link to a directory, with a trailing slash, is the directory. */
	CHECK(S_ISDIR(stat_of("dl/").st_mode));
	CHECK(S_ISDIR(lstat_of("dl/").st_mode));
	/* Making names through links. */
	make_file("dl/new", "new");
	check_content("a/d/new", "new");
	CHECK_OK(mkdir("dl2/sub", 0755));
	CHECK(S_ISDIR(stat_of("a/d/sub").st_mode));
	leave_scratch();
}

static void symlink_loop_is_eloop(void)
{
	struct stat st;

	enter_scratch();
	CHECK_OK(symlink("b", "a"));
	CHECK_OK(symlink("a", "b"));
	CHECK_OK(symlink("self", "self"));
	CHECK_ERR(open("a", O_RDONLY), ELOOP);
	CHECK_ERR(open("a", O_WRONLY | O_CREAT, 0644), ELOOP);
	CHECK_ERR(stat("a", &st), ELOOP);
	CHECK_ERR(stat("self", &st), ELOOP);
	CHECK_ERR(stat("a/x", &st), ELOOP);
	CHECK_ERR(chdir("self"), ELOOP);
	CHECK_ERR(access("b", F_OK), ELOOP);
	CHECK(S_ISLNK(lstat_of("a").st_mode));
	CHECK(S_ISLNK(lstat_of("self").st_mode));
	leave_scratch();
}

/* A lookup follows at most 40 links, as Linux does. */
static void symlink_chain_of_40_resolves(void)
{
	char name[16], prev[16];
	struct stat st;
	int i;

	enter_scratch();
	make_file("l0", "end");
	for (i = 1; i <= LINUX_SYMLOOP + 1; i++) {
		snprintf(prev, sizeof(prev), "l%d", i - 1);
		snprintf(name, sizeof(name), "l%d", i);
		CHECK_OK(symlink(prev, name));
	}
	snprintf(name, sizeof(name), "l%d", LINUX_SYMLOOP);
	check_content(name, "end");
	snprintf(name, sizeof(name), "l%d", LINUX_SYMLOOP + 1);
	CHECK_ERR(stat(name, &st), ELOOP);
	leave_scratch();
}

/* ---------------------------------------------------- working directory */

/* getcwd equals scratch + suffix; the system call returns its length
   with the NUL. */
static void check_cwd(const char *suffix)
{
	char want[256], got[256];
	long n;

	snprintf(want, sizeof(want), "%s%s", scratch, suffix);
	memset(got, 0, sizeof(got));
	n = syscall(SYS_getcwd, got, sizeof(got));
	if (n < 0)
		test_fail("getcwd: %s (expected %s)", strerror(errno), want);
	if (strcmp(got, want) || n != (long)strlen(want) + 1)
		test_fail("getcwd gives \"%s\" (returned %ld), expected "
			  "\"%s\"", got, n, want);
}

static void chdir_fchdir_getcwd(void)
{
	int fd;

	enter_scratch();
	check_cwd("");
	CHECK_OK(mkdir("a", 0755));
	CHECK_OK(mkdir("a/b", 0755));
	CHECK_OK(mkdir("a/b/c", 0755));
	CHECK_OK(chdir("a/b/c"));
	check_cwd("/a/b/c");
	make_file("here", "c");				/* relative to cwd */
	check_content("../../b/c/here", "c");
	CHECK_OK(chdir(".."));
	check_cwd("/a/b");
	CHECK_OK(chdir("./c/../.."));
	check_cwd("/a");
	OPEN_OK(fd, open("b", O_RDONLY | O_DIRECTORY));
	CHECK_OK(chdir(".."));
	check_cwd("");
	CHECK_OK(fchdir(fd));
	check_cwd("/a/b");
	check_content("c/here", "c");
	CHECK_OK(close(fd));
	/* Through a link: the cwd is the target directory. */
	CHECK_OK(chdir(scratch));
	CHECK_OK(symlink("a/b", "lb"));
	CHECK_OK(chdir("lb"));
	check_cwd("/a/b");
	CHECK_OK(chdir("/"));
	CHECK_EQ(syscall(SYS_getcwd, (char[8]){ 0 }, 8), 2);
	CHECK_OK(chdir(scratch));
	/* The errors leave the cwd alone. */
	make_file("f", "x");
	CHECK_ERR(chdir("f"), ENOTDIR);
	CHECK_ERR(chdir("missing"), ENOENT);
	OPEN_OK(fd, open("f", O_RDONLY));
	CHECK_ERR(fchdir(fd), ENOTDIR);
	CHECK_OK(close(fd));
	check_cwd("");
	leave_scratch();
}

/* A child's chdir is its own. */
static void chdir_is_per_process(void)
{
	pid_t pid;

	enter_scratch();
	CHECK_OK(mkdir("d", 0755));
	pid = test_fork();
	if (pid == 0)
		_exit(chdir("d") == 0 ? 0 : 1);
	CHECK_EXITED(test_wait(pid), 0);
	check_cwd("");
	CHECK_OK(chdir("d"));
	pid = test_fork();
	if (pid == 0)				/* inherited at fork */
		_exit(access("../d", F_OK) == 0 &&
		      open("here", O_WRONLY | O_CREAT, 0644) >= 0 ? 0 : 1);
	CHECK_EXITED(test_wait(pid), 0);
	CHECK_OK(access("here", F_OK));
	leave_scratch();
}

static void getcwd_small_buffer_is_erange(void)
{
	char buf[256];
	size_t len;

	enter_scratch();
	len = strlen(scratch);
	/* No room for the NUL. */
	CHECK_ERR(syscall(SYS_getcwd, buf, len), ERANGE);
	CHECK_ERR(syscall(SYS_getcwd, buf, 1), ERANGE);
	CHECK_ERR(syscall(SYS_getcwd, buf, 0), ERANGE);
	CHECK_EQ(syscall(SYS_getcwd, buf, len + 1), len + 1);
	CHECK(!strcmp(buf, scratch));
	leave_scratch();
}

/* ------------------------------------------------- access, umask, chmod */

static void access_checks_existence_and_modes(void)
{
	int dfd;

	enter_scratch();
	CHECK_ERR(access("missing", F_OK), ENOENT);
	CHECK_ERR(access("missing", R_OK), ENOENT);
	make_file("f", "x");				/* 0644 */
	CHECK_OK(access("f", F_OK));
	CHECK_OK(access("f", R_OK | W_OK));
	CHECK_ERR(access("f", X_OK), EACCES);		/* root too */
	CHECK_ERR(access("f", R_OK | X_OK), EACCES);
	CHECK_OK(chmod("f", 0));
	CHECK_OK(access("f", R_OK | W_OK));		/* root reads, writes */
	CHECK_ERR(access("f", X_OK), EACCES);
	CHECK_OK(chmod("f", 0010));			/* any x bit will do */
	CHECK_OK(access("f", X_OK));
	CHECK_OK(chmod("f", 0744));
	CHECK_OK(access("f", R_OK | W_OK | X_OK));
	CHECK_OK(mkdir("d", 0));
	CHECK_OK(access("d", R_OK | W_OK | X_OK));	/* root searches all */
	CHECK_ERR(access("f/x", F_OK), ENOTDIR);
	CHECK_ERR(syscall(SYS_access, "f", 8), EINVAL);	/* no such mode */
	OPEN_OK(dfd, open("d", O_RDONLY | O_DIRECTORY));
	CHECK_ERR(faccessat(dfd, "g", F_OK, 0), ENOENT);
	make_file("d/g", "x");
	CHECK_OK(faccessat(dfd, "g", R_OK | W_OK, 0));
	CHECK_ERR(faccessat(dfd, "g", X_OK, 0), EACCES);
	CHECK_OK(faccessat(AT_FDCWD, "d/g", F_OK, 0));
	CHECK_ERR(syscall(SYS_faccessat, dfd, "g", X_OK), EACCES);
	CHECK_OK(close(dfd));
	leave_scratch();
}

/* execve wants an x bit, even from root. */
static void exec_needs_an_x_bit(void)
{
	char *const argv[] = { "prog", "--no-such-case", NULL };
	char *const envp[] = { NULL };
	static char image[4 << 20];
	size_t n;
	pid_t pid;
	int in, out;

	/* Before leaving the directory argv[0] may be relative to. */
	in = open(test_argv0, O_RDONLY);
	if (in < 0)
		test_fail("open %s: %s", test_argv0, strerror(errno));
	n = read_full(in, image, sizeof(image));
	CHECK(n > 0 && n < sizeof(image));
	CHECK_OK(close(in));
	enter_scratch();
	OPEN_OK(out, open("prog", O_WRONLY | O_CREAT | O_EXCL, 0644));
	write_full(out, image, n);
	CHECK_OK(close(out));
	CHECK_ERR(execve("prog", argv, envp), EACCES);
	CHECK_ERR(execve(".", argv, envp), EACCES);	/* a directory */
	CHECK_OK(chmod("prog", 0744));
	pid = test_fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		if (null < 0 || dup2(null, 1) < 0)
			_exit(3);
		execve("prog", argv, envp);
		_exit(4);
	}
	CHECK_EXITED(test_wait(pid), 0);	/* it ran, no case matched */
	leave_scratch();
}

static void umask_returns_old_mask_and_applies(void)
{
	enter_scratch();
	CHECK_EQ(umask(027), 022);
	make_file("f", "x");				/* 0644 asked */
	CHECK_EQ(stat_of("f").st_mode, S_IFREG | 0640);
	CHECK_OK(close(open("g", O_WRONLY | O_CREAT, 0777)));
	CHECK_EQ(stat_of("g").st_mode, S_IFREG | 0750);
	CHECK_OK(mkdir("d", 0777));
	CHECK_EQ(stat_of("d").st_mode, S_IFDIR | 0750);
	CHECK_EQ(umask(0), 027);
	CHECK_OK(close(open("h", O_WRONLY | O_CREAT, 0666)));
	CHECK_EQ(stat_of("h").st_mode, S_IFREG | 0666);
	CHECK_OK(mkdir("e", 0777));
	CHECK_EQ(stat_of("e").st_mode, S_IFDIR | 0777);
	CHECK_EQ(umask(07777), 0);			/* only 0777 is kept */
	CHECK_EQ(umask(022), 0777);
	CHECK_OK(symlink("f", "l"));			/* links ignore it */
	CHECK_EQ(lstat_of("l").st_mode, S_IFLNK | 0777);
	leave_scratch();
}

/* The umask is inherited at fork, and a child's change is its own. */
static void umask_is_inherited_per_process(void)
{
	pid_t pid;

	umask(033);
	pid = test_fork();
	if (pid == 0)
		_exit(umask(0) == 033 ? 0 : 1);
	CHECK_EXITED(test_wait(pid), 0);
	CHECK_EQ(umask(022), 033);
}

static void chmod_and_fchmod_change_permissions(void)
{
	struct stat st;
	int fd;

	enter_scratch();
	make_file("f", "x");
	CHECK_OK(chmod("f", 0600));
	CHECK_EQ(stat_of("f").st_mode, S_IFREG | 0600);
	OPEN_OK(fd, open("f", O_RDONLY));
	CHECK_OK(fchmod(fd, 0755));
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_mode, S_IFREG | 0755);
	CHECK_OK(close(fd));
	CHECK_OK(chmod("f", 04711));			/* root keeps set-uid */
	CHECK_EQ(stat_of("f").st_mode, S_IFREG | 04711);
	CHECK_OK(mkdir("d", 0755));
	CHECK_OK(chmod("d", 01777));
	CHECK_EQ(stat_of("d").st_mode, S_IFDIR | 01777);
	CHECK_OK(chmod("d", 0));
	CHECK_EQ(stat_of("d").st_mode, S_IFDIR);
	CHECK_OK(symlink("f", "l"));			/* follows the link */
	CHECK_OK(chmod("l", 0640));
	CHECK_EQ(stat_of("f").st_mode, S_IFREG | 0640);
	CHECK(S_ISLNK(lstat_of("l").st_mode));
	CHECK_ERR(chmod("missing", 0644), ENOENT);
	CHECK_OK(fchmodat(AT_FDCWD, "f", 0604, 0));
	CHECK_EQ(stat_of("f").st_mode, S_IFREG | 0604);
	leave_scratch();
}

/* ---------------------------------------------------- truncate, sync */

static void truncate_shrinks_and_grows_with_zeros(void)
{
	static char buf[3 * TEST_PAGE];
	int fd;

	enter_scratch();
	OPEN_OK(fd, open("f", O_RDWR | O_CREAT | O_EXCL, 0644));
	memset(buf, 'x', sizeof(buf));
	write_full(fd, buf, 10000);
	CHECK_OK(truncate("f", 100));			/* shrink */
	CHECK_EQ(stat_of("f").st_size, 100);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 10000);	/* offset untouched */
	CHECK_OK(ftruncate(fd, 9000));			/* grow back */
	CHECK_EQ(stat_of("f").st_size, 9000);
	CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
	memset(buf, 0xaa, sizeof(buf));
	CHECK_EQ(read_full(fd, buf, sizeof(buf)), 9000);
	CHECK(all_bytes(buf, 'x', 100));
	CHECK(all_bytes(buf + 100, 0, 8900));	/* the old data is gone */
	CHECK_OK(ftruncate(fd, 0));
	CHECK_EQ(read(fd, buf, 1), 0);
	CHECK_OK(ftruncate(fd, 5000));
	CHECK_EQ(stat_of("f").st_size, 5000);
	CHECK_EQ(pread(fd, buf, sizeof(buf), 0), 5000);
	CHECK(all_bytes(buf, 0, 5000));
	CHECK_ERR(ftruncate(fd, -1), EINVAL);
	CHECK_ERR(truncate("f", -1), EINVAL);
	CHECK_EQ(stat_of("f").st_size, 5000);
	CHECK_OK(close(fd));
	CHECK_OK(mkdir("d", 0755));
	CHECK_ERR(truncate("d", 0), EISDIR);
	CHECK_ERR(truncate("missing", 0), ENOENT);
	OPEN_OK(fd, open("d", O_RDONLY | O_DIRECTORY));
	CHECK_ERR(ftruncate(fd, 0), EINVAL);		/* not a file */
	CHECK_OK(close(fd));
	OPEN_OK(fd, open("f", O_RDONLY));
	CHECK_ERR(ftruncate(fd, 0), EINVAL);		/* not open to write */
	CHECK_OK(close(fd));
	CHECK_EQ(stat_of("f").st_size, 5000);
	leave_scratch();
}

/*
 * A file's holes take no room: st_blocks counts the 512-byte units it
 * holds (a whole page each on tmpfs), not its size. A byte a terabyte in
 * is one page more; the hole before it reads as zeros.
 */
static void sparse_file_holds_only_its_pages(void)
{
	const off_t far = 1ll << 40;
	char buf[100];
	struct stat st;
	int fd;

	enter_scratch();
	OPEN_OK(fd, open("f", O_RDWR | O_CREAT | O_EXCL, 0644));
	CHECK_EQ(stat_of("f").st_blocks, 0);
	CHECK_EQ(write(fd, "a", 1), 1);
	st = stat_of("f");
	CHECK(st.st_blocks > 0 && st.st_blocks <= 8);
	CHECK_OK(ftruncate(fd, far));		/* one big hole */
	CHECK_EQ(stat_of("f").st_blocks, st.st_blocks);
	CHECK_EQ(pwrite(fd, "z", 1, far), 1);
	CHECK_EQ(stat_of("f").st_size, far + 1);
	CHECK(stat_of("f").st_blocks <= 2 * st.st_blocks + 8);
	memset(buf, 0xaa, sizeof(buf));
	CHECK_EQ(pread(fd, buf, sizeof(buf), far - 99), 100);
	CHECK(all_bytes(buf, 0, 99));
	CHECK_EQ(buf[99], 'z');
	CHECK_EQ(pread(fd, buf, 1, 0), 1);
	CHECK_EQ(buf[0], 'a');
	CHECK_OK(ftruncate(fd, 0));
	CHECK_EQ(stat_of("f").st_blocks, 0);
	CHECK_OK(close(fd));
	leave_scratch();
}

static void sync_and_fsync_succeed(void)
{
	int fd;

	enter_scratch();
	OPEN_OK(fd, open("f", O_RDWR | O_CREAT | O_EXCL, 0644));
	CHECK_EQ(write(fd, "data", 4), 4);
	CHECK_EQ(syscall(SYS_sync), 0);
	CHECK_OK(fsync(fd));
	CHECK_OK(close(fd));
	OPEN_OK(fd, open(".", O_RDONLY | O_DIRECTORY));
	CHECK_OK(fsync(fd));
	CHECK_OK(close(fd));
	check_content("f", "data");
	leave_scratch();
}

/* ---------------------------------------------------------------- /dev */

static void dev_null_reads_eof_and_takes_writes(void)
{
	char buf[256];
	int fd;

	OPEN_OK(fd, open("/dev/null", O_RDWR));
	CHECK_EQ(read(fd, buf, sizeof(buf)), 0);
	memset(buf, 'x', sizeof(buf));
	CHECK_EQ(write(fd, buf, sizeof(buf)), sizeof(buf));
	CHECK_EQ(read(fd, buf, sizeof(buf)), 0);
	CHECK_OK(close(fd));
}

static void dev_zero_reads_zeros(void)
{
	static char buf[3 * TEST_PAGE];
	int fd;

	OPEN_OK(fd, open("/dev/zero", O_RDWR));
	memset(buf, 0xaa, sizeof(buf));
	CHECK_EQ(read(fd, buf, sizeof(buf)), sizeof(buf));
	CHECK(all_bytes(buf, 0, sizeof(buf)));
	CHECK_EQ(write(fd, "x", 1), 1);
	CHECK_OK(close(fd));
}

static void dev_full_write_is_enospc(void)
{
	char buf[64];
	int fd;

	OPEN_OK(fd, open("/dev/full", O_RDWR));
	CHECK_ERR(write(fd, "x", 1), ENOSPC);
	memset(buf, 0xaa, sizeof(buf));
	CHECK_EQ(read(fd, buf, sizeof(buf)), sizeof(buf));
	CHECK(all_bytes(buf, 0, sizeof(buf)));
	CHECK_OK(close(fd));
}

static void read_random(const char *path, unsigned char *buf, size_t n)
{
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		test_fail("open %s: %s", path, strerror(errno));
	CHECK_EQ(read_full(fd, buf, n), n);
	CHECK_OK(close(fd));
	if (all_bytes(buf, buf[0], n))
		test_fail("%zu bytes of %s are all %#x", n, path, buf[0]);
}

static void dev_urandom_reads_varied_bytes(void)
{
	static unsigned char a[4096], b[4096];

	read_random("/dev/urandom", a, sizeof(a));
	read_random("/dev/urandom", b, sizeof(b));
	CHECK(memcmp(a, b, sizeof(a)));
	read_random("/dev/random", a, sizeof(a));
	CHECK(memcmp(a, b, sizeof(a)));
}

static const struct dev_node {
	const char *name;
	unsigned major, minor;		/* Linux's */
} dev_nodes[] = {
	{ "null", 1, 3 }, { "zero", 1, 5 }, { "full", 1, 7 },
	{ "random", 1, 8 }, { "urandom", 1, 9 }, { "kmsg", 1, 11 },
	{ "tty", 5, 0 }, { "console", 5, 1 },
};

/* Each node of /dev is a character device, listed as one. */
static void dev_nodes_are_char_devices(void)
{
	struct entry e[MAX_ENTRIES];
	const struct entry *d;
	char path[32];
	unsigned i;
	int n = list_dir("/dev", 8192, e);

	for (i = 0; i < sizeof(dev_nodes) / sizeof(dev_nodes[0]); i++) {
		snprintf(path, sizeof(path), "/dev/%s", dev_nodes[i].name);
		if (!S_ISCHR(stat_of(path).st_mode))
			test_fail("%s: mode %#o, not a character device", path,
				  stat_of(path).st_mode);
		d = find_entry(e, n, dev_nodes[i].name);
		if (!d || d->type != DT_CHR)
			test_fail("getdents64 of /dev: %s %s", path,
				  d ? "is not DT_CHR" : "is missing");
	}
}

/* The device numbers are Linux's (what stat(1), ls -l and udev show). */
static void dev_nodes_have_linux_numbers(void)
{
	char path[32], bad[512] = "";
	struct stat st;
	unsigned i;

	for (i = 0; i < sizeof(dev_nodes) / sizeof(dev_nodes[0]); i++) {
		const struct dev_node *d = &dev_nodes[i];
		size_t len = strlen(bad);

		snprintf(path, sizeof(path), "/dev/%s", d->name);
		st = stat_of(path);
		if (major(st.st_rdev) != d->major ||
		    minor(st.st_rdev) != d->minor)
			snprintf(bad + len, sizeof(bad) - len,
				 "%s%s is %u:%u, not %u:%u", len ? "; " : "",
				 path, major(st.st_rdev), minor(st.st_rdev),
				 d->major, d->minor);
	}
	if (bad[0])
		test_fail("%s", bad);
}

/* ------------------------------------------------------------- memory */

static void fill_file(const char *name, size_t size)
{
	int fd = open(name, O_WRONLY | O_CREAT | O_EXCL, 0644);

	if (fd < 0)
		test_fail("create %s: %s", name, strerror(errno));
	write_full(fd, bigbuf, size);
	CHECK_OK(close(fd));
}

/*
 * Failed lookups must not drop a reference they do not hold: open("f/")
 * once put f's inode twice, and after an unlink (or a rename over it)
 * the open descriptor read freed memory. Found by the fuzzer.
 */
static void failed_lookups_keep_open_files_whole(void)
{
	char buf[8];
	int fd, i;

	enter_scratch();
	OPEN_OK(fd, open("f", O_RDWR | O_CREAT | O_EXCL, 0644));
	CHECK_EQ(write(fd, "whole", 5), 5);
	for (i = 0; i < 3; i++) {
		CHECK_ERR(open("f/", O_RDONLY), ENOTDIR);
		CHECK_ERR(open("f/.", O_RDONLY), ENOTDIR);
		CHECK_ERR(mkdir("f/d", 0755), ENOTDIR);
		CHECK_ERR(rename("f/", "g"), ENOTDIR);
		CHECK_ERR(unlink("f/"), ENOTDIR);
	}
	CHECK_OK(symlink("/etc", "l"));
	CHECK_OK(rename("l", "f"));		/* f's inode: nlink 0, open */
	CHECK_EQ(pread(fd, buf, 5, 0), 5);
	CHECK(!memcmp(buf, "whole", 5));
	CHECK_EQ(pwrite(fd, "W", 1, 0), 1);
	CHECK_EQ(pread(fd, buf, 5, 0), 5);
	CHECK(!memcmp(buf, "Whole", 5));
	CHECK_OK(close(fd));
	CHECK_OK(unlink("f"));
	leave_scratch();
}

static void unlinked_file_lives_until_closed(void)
{
	struct test_meminfo before, held, after;
	struct stat st;
	char buf[16];
	int fd, fd2;

	enter_scratch();
	memset(bigbuf, 'm', sizeof(bigbuf));
	fill_file("warm", sizeof(bigbuf));	/* the allocators' first use */
	CHECK_OK(unlink("warm"));
	test_sleep_ms(100);	/* the harness's watchdog starts meanwhile */
	before = test_meminfo();
	OPEN_OK(fd, open("f", O_RDWR | O_CREAT | O_EXCL, 0644));
	write_full(fd, bigbuf, sizeof(bigbuf));
	CHECK_OK(unlink("f"));
	CHECK_ERR(stat("f", &st), ENOENT);
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_nlink, 0);
	CHECK_EQ(st.st_size, sizeof(bigbuf));
	CHECK_EQ(pread(fd, buf, 4, 1000), 4);		/* still readable */
	CHECK(!memcmp(buf, "mmmm", 4));
	CHECK_EQ(pwrite(fd, "new", 3, 0), 3);		/* and writable */
	CHECK_EQ(pread(fd, buf, 4, 0), 4);
	CHECK(!memcmp(buf, "newm", 4));
	/* The name is free for a new, different file. */
	OPEN_OK(fd2, open("f", O_RDWR | O_CREAT | O_EXCL, 0644));
	CHECK(stat_of("f").st_ino != st.st_ino);
	CHECK_EQ(read(fd2, buf, 4), 0);
	CHECK_OK(close(fd2));
	CHECK_OK(unlink("f"));
	held = test_meminfo();
	CHECK_OK(close(fd));
	after = test_meminfo();
	if (!test_on_host() && held.free + sizeof(bigbuf) > before.free)
		test_fail("an open unlinked file of %zu bytes: free memory "
			  "%llu before, %llu while open", sizeof(bigbuf),
			  (unsigned long long)before.free,
			  (unsigned long long)held.free);
	test_check_same_free(before, after, "an unlinked file closed");
	leave_scratch();
}

static void make_and_remove_files(int n)
{
	char name[16];
	int i;

	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "f%03d", i);
		fill_file(name, SMALL_SIZE);
	}
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "f%03d", i);
		CHECK_OK(unlink(name));
	}
}

static void deleted_files_return_their_memory(void)
{
	struct test_meminfo before, full, after;
	char name[16];
	int i;

	enter_scratch();
	memset(bigbuf, 'z', sizeof(bigbuf));
	make_and_remove_files(SMALL_FILES);	/* warm the allocators up */
	test_sleep_ms(100);	/* the harness's watchdog starts meanwhile */
	before = test_meminfo();
	for (i = 0; i < SMALL_FILES; i++) {
		snprintf(name, sizeof(name), "f%03d", i);
		fill_file(name, SMALL_SIZE);
	}
	full = test_meminfo();
	for (i = 0; i < SMALL_FILES; i++) {
		snprintf(name, sizeof(name), "f%03d", i);
		CHECK_EQ(stat_of(name).st_size, SMALL_SIZE);
		CHECK_OK(unlink(name));
	}
	after = test_meminfo();
	if (!test_on_host() &&
	    full.free + (uint64_t)SMALL_FILES * SMALL_SIZE > before.free)
		test_fail("%d files of %d bytes: free memory %llu before, "
			  "%llu with the files", SMALL_FILES, SMALL_SIZE,
			  (unsigned long long)before.free,
			  (unsigned long long)full.free);
	test_check_same_free(before, after, "100 files of 64 KiB made and "
			     "deleted");
	leave_scratch();
}

/*
 * A file loaded from the ESP (ESP_FILE, which the boot test puts there)
 * reads back whole, its last page shows zeros past the end when mapped,
 * and unlinking it gives its pages to the allocator: the RAM file system
 * took over the pages the loader read it into. A host has no such file.
 */
static void esp_file_pages_freed_on_unlink(void)
{
	static unsigned char buf[ESP_BYTES + 1];
	long pages = (ESP_BYTES + TEST_PAGE - 1) / TEST_PAGE, i;
	struct test_meminfo before, after;
	unsigned char *m;
	int fd;

	if (access(ESP_FILE, F_OK) != 0) {
		if (!test_on_host())
			test_fail("no %s: the boot test writes it", ESP_FILE);
		test_say("  %s: no %s on a host\n", test_name, ESP_FILE);
		return;
	}
	OPEN_OK(fd, open(ESP_FILE, O_RDONLY));
	CHECK_EQ(read_full(fd, buf, sizeof(buf)), ESP_BYTES);
	for (i = 0; i < ESP_BYTES; i++)
		if (buf[i] != i * 7 % 251)
			test_fail("byte %ld is %d, not %ld", i, buf[i],
				  i * 7 % 251);
	m = mmap(NULL, pages * TEST_PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
	CHECK(m != MAP_FAILED);
	for (i = ESP_BYTES; i < pages * TEST_PAGE; i++)
		if (m[i])
			test_fail("byte %ld, past the end, reads %d", i, m[i]);
	CHECK_OK(munmap(m, pages * TEST_PAGE));
	CHECK_OK(close(fd));
	before = test_meminfo();
	CHECK_OK(unlink(ESP_FILE));
	after = test_meminfo();
	CHECK_EQ((long)(after.free - before.free) / TEST_PAGE, pages);
}

static const struct test_case cases[] = {
	{ "open_creat_creates_regular_file", open_creat_creates_regular_file },
	{ "openat_resolves_against_dirfd", openat_resolves_against_dirfd },
	{ "creat_truncates_and_is_write_only",
	  creat_truncates_and_is_write_only },
	{ "o_excl_fails_on_existing_name", o_excl_fails_on_existing_name },
	{ "o_excl_has_one_winner_per_name", o_excl_has_one_winner_per_name },
	{ "o_trunc_empties_file", o_trunc_empties_file },
	{ "o_trunc_with_o_rdonly_truncates", o_trunc_with_o_rdonly_truncates },
	{ "o_append_writes_at_end", o_append_writes_at_end },
	{ "o_append_writers_do_not_overwrite",
	  o_append_writers_do_not_overwrite },
	{ "o_directory_on_file_is_enotdir", o_directory_on_file_is_enotdir },
	{ "open_dir_for_writing_is_eisdir", open_dir_for_writing_is_eisdir },
	{ "open_missing_is_enoent", open_missing_is_enoent },
	{ "path_through_file_is_enotdir", path_through_file_is_enotdir },
	{ "long_name_is_enametoolong", long_name_is_enametoolong },
	{ "long_path_is_enametoolong", long_path_is_enametoolong },
	{ "bad_path_pointers_are_efault", bad_path_pointers_are_efault },
	{ "bad_buffers_are_efault", bad_buffers_are_efault },
	{ "lseek_set_cur_end", lseek_set_cur_end },
	{ "lseek_negative_result_is_einval", lseek_negative_result_is_einval },
	{ "write_past_end_leaves_zero_hole", write_past_end_leaves_zero_hole },
	{ "large_file_round_trips", large_file_round_trips },
	{ "pread_pwrite_keep_offset", pread_pwrite_keep_offset },
	{ "stat_reports_type_mode_and_size", stat_reports_type_mode_and_size },
	{ "root_and_tmp_are_directories", root_and_tmp_are_directories },
	{ "dir_nlink_is_2_plus_subdirs", dir_nlink_is_2_plus_subdirs },
	{ "st_ino_is_stable_and_unique", st_ino_is_stable_and_unique },
	{ "times_move_forward_on_write", times_move_forward_on_write },
	{ "getdents_lists_exactly_the_entries",
	  getdents_lists_exactly_the_entries },
	{ "getdents_seeks_to_d_off", getdents_seeks_to_d_off },
	{ "getdents_small_buffer_is_einval", getdents_small_buffer_is_einval },
	{ "getdents_while_unlinking_sees_every_entry",
	  getdents_while_unlinking_sees_every_entry },
	{ "mkdir_mkdirat_make_directories", mkdir_mkdirat_make_directories },
	{ "rmdir_removes_only_empty_directories",
	  rmdir_removes_only_empty_directories },
	{ "rmdir_of_cwd_leaves_a_dead_directory",
	  rmdir_of_cwd_leaves_a_dead_directory },
	{ "unlink_removes_names_not_directories",
	  unlink_removes_names_not_directories },
	{ "rename_replaces_file_atomically", rename_replaces_file_atomically },
	{ "rename_moves_between_directories",
	  rename_moves_between_directories },
	{ "rename_errors", rename_errors },
	{ "symlink_readlink_round_trip", symlink_readlink_round_trip },
	{ "o_creat_through_dangling_symlink_makes_target",
	  o_creat_through_dangling_symlink_makes_target },
	{ "symlinks_in_the_middle_of_a_path",
	  symlinks_in_the_middle_of_a_path },
	{ "symlink_loop_is_eloop", symlink_loop_is_eloop },
	{ "symlink_chain_of_40_resolves", symlink_chain_of_40_resolves },
	{ "chdir_fchdir_getcwd", chdir_fchdir_getcwd },
	{ "chdir_is_per_process", chdir_is_per_process },
	{ "getcwd_small_buffer_is_erange", getcwd_small_buffer_is_erange },
	{ "access_checks_existence_and_modes",
	  access_checks_existence_and_modes },
	{ "exec_needs_an_x_bit", exec_needs_an_x_bit },
	{ "umask_returns_old_mask_and_applies",
	  umask_returns_old_mask_and_applies },
	{ "umask_is_inherited_per_process", umask_is_inherited_per_process },
	{ "chmod_and_fchmod_change_permissions",
	  chmod_and_fchmod_change_permissions },
	{ "truncate_shrinks_and_grows_with_zeros",
	  truncate_shrinks_and_grows_with_zeros },
	{ "sparse_file_holds_only_its_pages",
	  sparse_file_holds_only_its_pages },
	{ "sync_and_fsync_succeed", sync_and_fsync_succeed },
	{ "dev_null_reads_eof_and_takes_writes",
	  dev_null_reads_eof_and_takes_writes },
	{ "dev_zero_reads_zeros", dev_zero_reads_zeros },
	{ "dev_full_write_is_enospc", dev_full_write_is_enospc },
	{ "dev_urandom_reads_varied_bytes", dev_urandom_reads_varied_bytes },
	{ "dev_nodes_are_char_devices", dev_nodes_are_char_devices },
	{ "dev_nodes_have_linux_numbers", dev_nodes_have_linux_numbers },
	{ "failed_lookups_keep_open_files_whole",
	  failed_lookups_keep_open_files_whole },
	{ "unlinked_file_lives_until_closed",
	  unlinked_file_lives_until_closed },
	{ "deleted_files_return_their_memory",
	  deleted_files_return_their_memory },
	{ "esp_file_pages_freed_on_unlink", esp_file_pages_freed_on_unlink },
};

TEST_MAIN("test_fs", cases)
