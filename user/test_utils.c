/*
 * test_utils: the command-line utilities of /bin, run the way a shell
 * runs them: ls cat echo mkdir rmdir rm cp mv ln touch head tail wc grep
 * sort uniq tee env sleep kill ps free uptime uname date dmesg clear stat
 * true false yes seq test [ xargs. Each case runs $UTILDIR/NAME (UTILDIR
 * from the environment, "/bin" without it) by fork and execve, with
 * stdin from a string (or /dev/null), reads its stdout and stderr through
 * pipes, and checks the exit status and stdout, byte for byte where GNU
 * coreutils and POSIX fix it. Error messages are only checked to go to
 * stderr and to name the operand: their wording is each tool's own.
 *
 * The expectations are those of the GNU tools (coreutils, grep,
 * findutils' xargs, procps, util-linux, ncurses' clear) in the C locale,
 * so the program passes on a host Linux with UTILDIR pointing at a
 * directory of links to them; there ps is a script running "ps -eo
 * pid,ppid,stat,time,comm", the columns this project's ps prints by
 * default. The children get LC_ALL=C and a PATH that starts with
 * UTILDIR. Each case works in a scratch directory of its own, made by
 * mkdtemp under /tmp and removed when the case passes; the cases pass
 * as root and as any other user.
 */
#define TEST_CASE_SEC	60

#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "test.h"

#define SCRATCH_TEMPLATE "/tmp/test_utils.XXXXXX"
#define MAX_ARGS	32
#define ANY_FAILURE	(-1)	/* expect_err: any non-zero status */
#define SHOW_MAX	300	/* bytes of an output shown on a failure */
#define OLD_TIME	1000000000	/* 2001-09-09, for touch */
#define TIME_SLACK	5	/* seconds between a stamp and time() */

extern char **environ;

static const char *utildir = "/bin";
static char scratch[sizeof(SCRATCH_TEMPLATE)];

/* What a utility did: its output, NUL-terminated, and how it ended. */
struct out {
	char *out, *err;
	size_t outlen, errlen, outcap, errcap;
	int status;		/* the wait status */
	char cmd[256];		/* the command line, for messages */
};

static struct out res;		/* the last EXPECT's result */

/* ---------------------------------------------------------------- helpers */

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

static int remove_entry(const char *path, const struct stat *st, int type,
			struct FTW *ftw)
{
	int r = type == FTW_DP ? rmdir(path) : unlink(path);

	if (r < 0)
		test_fail("cleanup: remove %s: %s", path, strerror(errno));
	return 0;
}

/* The case passed: remove its scratch directory and all below it. */
static void leave_scratch(void)
{
	CHECK_OK(chdir("/"));
	if (nftw(scratch, remove_entry, 16, FTW_DEPTH | FTW_PHYS) < 0)
		test_fail("cleanup: nftw %s: %s", scratch, strerror(errno));
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

static int exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

static struct stat lstat_of(const char *path)
{
	struct stat st;

	if (lstat(path, &st) < 0)
		test_fail("lstat %s: %s", path, strerror(errno));
	return st;
}

static unsigned mode_of(const char *path)
{
	return lstat_of(path).st_mode & 07777;
}

/* $UTILDIR/name, allocated (a case's process is short-lived). */
static char *util(const char *name)
{
	size_t n = strlen(utildir) + strlen(name) + 2;
	char *p = malloc(n);

	if (!p)
		test_fail("out of memory");
	snprintf(p, n, "%s/%s", utildir, name);
	return p;
}

/* s with C escapes, at most SHOW_MAX bytes of it, into buf. */
static const char *esc(const char *s, size_t n, char *buf, size_t size)
{
	size_t i, o = 0;

	for (i = 0; i < n && i < SHOW_MAX && o + 8 < size; i++) {
		unsigned char c = s[i];

		if (c == '\n')
			o += snprintf(buf + o, size - o, "\\n");
		else if (c == '\t')
			o += snprintf(buf + o, size - o, "\\t");
		else if (c == '\\')
			o += snprintf(buf + o, size - o, "\\\\");
		else if (c < 32 || c >= 127)
			o += snprintf(buf + o, size - o, "\\%03o", c);
		else
			buf[o++] = c;
	}
	buf[o] = 0;
	if (i < n && o + 4 < size)
		strcpy(buf + o, "...");
	return buf;
}

/* Print what the last command wrote, then fail with why. */
static _Noreturn void fail_run(int line, const struct out *o,
			       const char *why, const char *want)
{
	char b[SHOW_MAX * 4 + 8];

	test_say("  %s: `%s`\n", test_name, o->cmd);
	test_say("  stdout: \"%s\"\n", esc(o->out, o->outlen, b, sizeof(b)));
	if (want)
		test_say("  wanted: \"%s\"\n",
			 esc(want, strlen(want), b, sizeof(b)));
	test_say("  stderr: \"%s\"\n", esc(o->err, o->errlen, b, sizeof(b)));
	test_fail("line %d: `%.200s`: %s", line, o->cmd, why);
}

static void append(char **buf, size_t *len, size_t *cap, const char *p,
		   size_t n)
{
	if (*len + n + 1 > *cap) {
		size_t c = *cap ? *cap : 4096;
		char *b;

		while (*len + n + 1 > c)
			c *= 2;
		b = realloc(*buf, c);
		if (!b)
			test_fail("out of memory for %zu bytes of output", c);
		*buf = b;
		*cap = c;
	}
	memcpy(*buf + *len, p, n);
	*len += n;
	(*buf)[*len] = 0;
}

static int status_code(int st)
{
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return -1;
}

/* The child's side of run: stdin, stdout, stderr, then the program.
   If execve fails, its errno goes back through xfd (close-on-exec). */
static _Noreturn void exec_child(int in, int out, int err, int xfd,
				 const char *path, char **argv)
{
	int e;

	if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
		_exit(126);
	signal(SIGPIPE, SIG_DFL);	/* the case ignores it */
	execve(path, argv, environ);
	e = errno;
	(void)!write(xfd, &e, sizeof(e));
	_exit(127);
}

/*
 * Run $UTILDIR/argv[0] with the arguments argv[1..] (NULL-terminated),
 * stdin reading the inlen bytes at in (NULL: /dev/null), stdout and
 * stderr into o. Returns the exit status, or 128 + the signal that
 * killed it.
 */
static int run_argv(const char *in, size_t inlen, struct out *o,
		    char **argv)
{
	char *args[MAX_ARGS + 1], *path = util(argv[0]);
	const char *q;
	int ip[2] = { -1, -1 }, op[2], ep[2], xp[2], e, i;
	size_t inoff = 0, c = 0;
	int infd, fds[2];
	pid_t pid;

	signal(SIGPIPE, SIG_IGN);	/* a child that does not read stdin */
	o->outlen = o->errlen = 0;
	append(&o->out, &o->outlen, &o->outcap, "", 0);
	append(&o->err, &o->errlen, &o->errcap, "", 0);
	for (i = 0; argv[i]; i++) {
		if (i == MAX_ARGS)
			test_fail("run %s: over %d arguments", argv[0],
				  MAX_ARGS);
		args[i] = i ? argv[i] : path;
		q = i && (!*argv[i] || strpbrk(argv[i], " \t")) ? "'" : "";
		c += snprintf(o->cmd + c, sizeof(o->cmd) - c, "%s%s%s%s",
			      i ? " " : "", q, argv[i], q);
		if (c >= sizeof(o->cmd))
			c = sizeof(o->cmd) - 1;
	}
	args[i] = NULL;
	if (in)
		CHECK_OK(pipe2(ip, O_CLOEXEC));
	else
		CHECK_OK(ip[0] = open("/dev/null", O_RDONLY | O_CLOEXEC));
	CHECK_OK(pipe2(op, O_CLOEXEC));
	CHECK_OK(pipe2(ep, O_CLOEXEC));
	CHECK_OK(pipe2(xp, O_CLOEXEC));
	pid = test_fork();
	if (pid == 0)
		exec_child(ip[0], op[1], ep[1], xp[1], path, args);
	close(ip[0]);
	close(op[1]);
	close(ep[1]);
	close(xp[1]);
	if (read(xp[0], &e, sizeof(e)) == sizeof(e))
		test_fail("cannot run %s: %s", path, strerror(e));
	close(xp[0]);

	/* Feed stdin and drain stdout and stderr together: a child may
	   fill one pipe while we wait on another. */
	infd = in && inlen ? ip[1] : -1;
	if (in && !inlen)
		close(ip[1]);
	fds[0] = op[0];
	fds[1] = ep[0];
	while (fds[0] >= 0 || fds[1] >= 0) {
		struct pollfd pf[3];
		char buf[4096];
		int n = 0, k;
		ssize_t r;

		for (k = 0; k < 2; k++)
			if (fds[k] >= 0)
				pf[n++] = (struct pollfd){ fds[k], POLLIN, 0 };
		if (infd >= 0)
			pf[n++] = (struct pollfd){ infd, POLLOUT, 0 };
		if (poll(pf, n, -1) < 0) {
			if (errno == EINTR)
				continue;
			test_fail("poll: %s", strerror(errno));
		}
		for (k = 0; k < n; k++) {
			if (!pf[k].revents)
				continue;
			if (pf[k].fd == infd) {
				size_t len = inlen - inoff;

				r = write(infd, in + inoff,
					  len > 512 ? 512 : len);
				if (r > 0)
					inoff += r;
				/* r < 0: EPIPE, the child is gone */
				if (r < 0 || inoff == inlen) {
					close(infd);
					infd = -1;
				}
				continue;
			}
			r = read(pf[k].fd, buf, sizeof(buf));
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0) {
				close(pf[k].fd);
				if (pf[k].fd == fds[0])
					fds[0] = -1;
				else
					fds[1] = -1;
			} else if (pf[k].fd == fds[0]) {
				append(&o->out, &o->outlen, &o->outcap, buf,
				       r);
			} else {
				append(&o->err, &o->errlen, &o->errcap, buf,
				       r);
			}
		}
	}
	if (infd >= 0)
		close(infd);
	o->status = test_wait(pid);
	return status_code(o->status);
}

static int vrun(const char *in, struct out *o, const char *prog,
		va_list ap)
{
	char *argv[MAX_ARGS + 1];
	int n = 0;

	argv[n++] = (char *)prog;
	while ((argv[n] = va_arg(ap, char *)))
		if (++n == MAX_ARGS)
			test_fail("run %s: over %d arguments", prog,
				  MAX_ARGS);
	return run_argv(in, in ? strlen(in) : 0, o, argv);
}

/* run(stdin text or NULL, &o, name, arg..., NULL): see run_argv. */
static int run(const char *in, struct out *o, const char *prog, ...)
{
	va_list ap;
	int st;

	va_start(ap, prog);
	st = vrun(in, o, prog, ap);
	va_end(ap);
	return st;
}

/* s with each line's blanks collapsed: no leading or trailing ones,
   runs of spaces and tabs as one space; newlines kept. Allocated. */
static char *collapse(const char *s)
{
	char *r = malloc(strlen(s) + 1), *o = r;
	int blank = 0;

	if (!r)
		test_fail("out of memory");
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t') {
			blank = 1;
			continue;
		}
		if (blank && o > r && o[-1] != '\n' && *s != '\n')
			*o++ = ' ';
		blank = 0;
		*o++ = *s;
	}
	*o = 0;
	return r;
}

/* o's stdout is exactly want (with blanks collapsed if ws). */
static void check_stdout(int line, const struct out *o, const char *want,
			 int ws)
{
	const char *got = ws ? collapse(o->out) : o->out;
	size_t n = ws ? strlen(got) : o->outlen;

	if (n != strlen(want) || memcmp(got, want, n))
		fail_run(line, o, ws ? "stdout differs (blanks collapsed)" :
			 "stdout differs", want);
}

#define CHECK_STDOUT(o, want)	check_stdout(__LINE__, o, want, 0)
#define CHECK_STDOUT_WS(o, want) check_stdout(__LINE__, o, want, 1)

static struct out *vexpect(int line, int ws, const char *in, int st,
			   const char *want, const char *prog, va_list ap)
{
	char why[80];
	int got = vrun(in, &res, prog, ap);

	if (got != st) {
		snprintf(why, sizeof(why), "status %d, expected %d", got, st);
		fail_run(line, &res, why, want);
	}
	if (want)
		check_stdout(line, &res, want, ws);
	if (res.errlen)
		fail_run(line, &res, "wrote on stderr", want);
	return &res;
}

/* Run prog with its arguments (and stdin in, NULL: /dev/null): it exits
   with status st, prints exactly want on stdout (NULL: anything) and
   nothing on stderr. Returns the result for more checks. */
static struct out *expect(int line, int ws, const char *in, int st,
			  const char *want, const char *prog, ...)
{
	struct out *o;
	va_list ap;

	va_start(ap, prog);
	o = vexpect(line, ws, in, st, want, prog, ap);
	va_end(ap);
	return o;
}

#define EXPECT(in, st, want, ...)					\
	expect(__LINE__, 0, in, st, want, __VA_ARGS__, (char *)NULL)
/* The same, comparing stdout with blanks collapsed (see collapse). */
#define EXPECT_WS(in, st, want, ...)					\
	expect(__LINE__, 1, in, st, want, __VA_ARGS__, (char *)NULL)

/* Run prog: it exits with status st (ANY_FAILURE: any but 0), not by a
   signal, and says why on stderr, naming operand (NULL: saying
   anything). Returns the result, for checks of stdout. */
static struct out *expect_err(int line, const char *in, int st,
			      const char *operand, const char *prog, ...)
{
	char why[120];
	va_list ap;
	int got;

	va_start(ap, prog);
	got = vrun(in, &res, prog, ap);
	va_end(ap);
	if (!WIFEXITED(res.status) || (st == ANY_FAILURE ? got == 0 :
				       got != st)) {
		snprintf(why, sizeof(why), "status %d, expected %s%d", got,
			 st == ANY_FAILURE ? "not " : "",
			 st == ANY_FAILURE ? 0 : st);
		fail_run(line, &res, why, NULL);
	}
	if (!res.errlen)
		fail_run(line, &res, "no message on stderr", NULL);
	if (operand && !strstr(res.err, operand)) {
		snprintf(why, sizeof(why), "stderr does not name \"%.60s\"",
			 operand);
		fail_run(line, &res, why, NULL);
	}
	return &res;
}

#define EXPECT_ERR(in, st, operand, ...)				\
	expect_err(__LINE__, in, st, operand, __VA_ARGS__, (char *)NULL)

/* Line i (from 0) of text, without its newline, into buf; 0 if there
   are not that many lines. */
static int get_line(const char *text, int i, char *buf, size_t size)
{
	const char *end;

	for (; i > 0; i--) {
		text = strchr(text, '\n');
		if (!text)
			return 0;
		text++;
	}
	if (!*text)
		return 0;
	end = strchr(text, '\n');
	if (!end)
		end = text + strlen(text);
	snprintf(buf, size, "%.*s", (int)(end - text), text);
	return 1;
}

static int count_lines(const char *text)
{
	int n = 0;

	for (; *text; text++)
		n += *text == '\n';
	return n;
}

/* text has a line that is exactly line. */
static int has_line(const char *text, const char *line)
{
	size_t n = strlen(line);
	const char *p = text;

	while ((p = strstr(p, line))) {
		if ((p == text || p[-1] == '\n') &&
		    (p[n] == '\n' || p[n] == 0))
			return 1;
		p++;
	}
	return 0;
}

/* Split s in place at blanks into at most max fields; returns the count. */
static int split_ws(char *s, char **tok, int max)
{
	int n = 0;

	for (;;) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s || n == max)
			return n;
		tok[n++] = s;
		while (*s && *s != ' ' && *s != '\t')
			s++;
		if (*s)
			*s++ = 0;
	}
}

static int is_number(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* ---------------------------------------------------------------- ls */

/* ls lists a directory's names sorted by strcmp, one a line into a
   pipe, -1 the same; -a adds the dot files and "." and "..", -A the dot
   files only; a file operand lists its name, -d a directory's own. */
static void ls_lists_names_sorted(void)
{
	const char *all = "C\n_u\na\na1\nb\nd\n";

	enter_scratch();
	make_file("b", "");
	make_file("a", "");
	make_file("C", "");
	make_file("_u", "");
	make_file("a1", "");
	make_file(".hidden", "");
	CHECK_OK(mkdir("d", 0755));
	EXPECT(NULL, 0, all, "ls");
	EXPECT(NULL, 0, all, "ls", "-1");
	EXPECT(NULL, 0, ".\n..\n.hidden\nC\n_u\na\na1\nb\nd\n", "ls", "-a");
	EXPECT(NULL, 0, ".hidden\nC\n_u\na\na1\nb\nd\n", "ls", "-A");
	EXPECT(NULL, 0, "", "ls", "d");
	make_file("d/y", "");
	make_file("d/x", "");
	EXPECT(NULL, 0, "x\ny\n", "ls", "d");
	EXPECT(NULL, 0, "x\ny\n", "ls", "-1", "d/");
	EXPECT(NULL, 0, "a\n", "ls", "a");
	EXPECT(NULL, 0, "d\n", "ls", "-d", "d");
	EXPECT(NULL, 0, ".\n", "ls", "-d");
	leave_scratch();
}

/* Several operands: the files first, sorted, then each directory's
   listing under a "dir:" header, blank lines between the groups. */
static void ls_lists_files_then_directories(void)
{
	enter_scratch();
	make_file("a", "");
	make_file("b", "");
	CHECK_OK(mkdir("d", 0755));
	CHECK_OK(mkdir("e", 0755));
	make_file("d/x", "");
	make_file("e/y", "");
	EXPECT(NULL, 0, "a\nb\n\nd:\nx\n\ne:\ny\n", "ls", "e", "b", "d",
	       "a");
	EXPECT(NULL, 0, "d:\nx\n\ne:\ny\n", "ls", "e", "d");
	EXPECT(NULL, 0, "a\nd\ne\n", "ls", "-d", "e", "a", "d");
	leave_scratch();
}

/* -R lists each directory under its path, then its subdirectories in
   order, depth first. */
static void ls_R_recurses(void)
{
	enter_scratch();
	CHECK_OK(mkdir("t", 0755));
	CHECK_OK(mkdir("t/sub", 0755));
	CHECK_OK(mkdir("t/sub/deep", 0755));
	make_file("t/z", "");
	make_file("t/a", "");
	make_file("t/sub/b", "");
	make_file("t/sub/deep/c", "");
	EXPECT(NULL, 0, "t:\na\nsub\nz\n\nt/sub:\nb\ndeep\n\nt/sub/deep:\nc\n",
	       "ls", "-R", "t");
	CHECK_OK(chdir("t/sub"));
	EXPECT(NULL, 0, ".:\nb\ndeep\n\n./deep:\nc\n", "ls", "-R");
	leave_scratch();
}

/* One line of ls -l, split at blanks: the mode string (a mark for an ACL
   or a security context may follow it), the link count (-1: any), the
   size (-1: any), the name and " -> target" of a symbolic link (target
   NULL: not one). Owner, group and date are only counted as fields. */
static void check_long(int line, const struct out *o, const char *text,
		       const char *mode, int nlink, long size,
		       const char *name, const char *target)
{
	char buf[512], why[160], *tok[16];
	int n, want = target ? 11 : 9;
	size_t ml;

	snprintf(buf, sizeof(buf), "%s", text);
	n = split_ws(buf, tok, 16);
	if (n != want) {
		snprintf(why, sizeof(why), "\"%.80s\": %d fields, expected "
			 "%d", text, n, want);
		fail_run(line, o, why, NULL);
	}
	ml = strlen(tok[0]);
	if (strncmp(tok[0], mode, 10) || ml < 10 ||
	    (ml > 10 && (ml != 11 || !strchr(".+@", tok[0][10])))) {
		snprintf(why, sizeof(why), "mode \"%s\", expected \"%s\"",
			 tok[0], mode);
		fail_run(line, o, why, NULL);
	}
	if (!is_number(tok[1]) || (nlink >= 0 && atoi(tok[1]) != nlink)) {
		snprintf(why, sizeof(why), "\"%.80s\": link count \"%s\", "
			 "expected %d", text, tok[1], nlink);
		fail_run(line, o, why, NULL);
	}
	if (!is_number(tok[4]) || (size >= 0 && atol(tok[4]) != size)) {
		snprintf(why, sizeof(why), "\"%.80s\": size \"%s\", expected "
			 "%ld", text, tok[4], size);
		fail_run(line, o, why, NULL);
	}
	if (strcmp(tok[8], name) ||
	    (target && (strcmp(tok[9], "->") || strcmp(tok[10], target)))) {
		snprintf(why, sizeof(why), "\"%.80s\": expected the name "
			 "%s%s%s", text, name, target ? " -> " : "",
			 target ? target : "");
		fail_run(line, o, why, NULL);
	}
}

/* ls -l: a "total" line, then per entry the type and permissions as
   "drwxr-x---", the link count, owner, group, size, date and name; a
   symbolic link as "name -> target". A file operand has no total. */
static void ls_l_long_format(void)
{
	char ln[256], *tok[4];
	struct out *o;

	enter_scratch();
	CHECK_OK(mkdir("t", 0755));
	make_file("t/f", "hello");
	CHECK_OK(chmod("t/f", 0644));
	make_file("t/x", "#!/bin/sh\n");
	CHECK_OK(chmod("t/x", 0755));
	make_file("t/p", "");
	CHECK_OK(chmod("t/p", 0600));
	CHECK_OK(link("t/f", "t/h"));
	CHECK_OK(symlink("f", "t/l"));
	CHECK_OK(mkdir("t/d", 0755));
	CHECK_OK(chmod("t/d", 0750));
	o = EXPECT(NULL, 0, NULL, "ls", "-l", "t");
	CHECK_EQ(count_lines(o->out), 7);
	CHECK(get_line(o->out, 0, ln, sizeof(ln)));
	CHECK_EQ(split_ws(ln, tok, 4), 2);
	CHECK(!strcmp(tok[0], "total") && is_number(tok[1]));
	CHECK(get_line(o->out, 1, ln, sizeof(ln)));
	check_long(__LINE__, o, ln, "drwxr-x---", -1, -1, "d", NULL);
	CHECK(get_line(o->out, 2, ln, sizeof(ln)));
	check_long(__LINE__, o, ln, "-rw-r--r--", 2, 5, "f", NULL);
	CHECK(get_line(o->out, 3, ln, sizeof(ln)));
	check_long(__LINE__, o, ln, "-rw-r--r--", 2, 5, "h", NULL);
	CHECK(get_line(o->out, 4, ln, sizeof(ln)));
	check_long(__LINE__, o, ln, "lrwxrwxrwx", 1, 1, "l", "f");
	CHECK(get_line(o->out, 5, ln, sizeof(ln)));
	check_long(__LINE__, o, ln, "-rw-------", 1, 0, "p", NULL);
	CHECK(get_line(o->out, 6, ln, sizeof(ln)));
	check_long(__LINE__, o, ln, "-rwxr-xr-x", 1, 10, "x", NULL);

	o = EXPECT(NULL, 0, NULL, "ls", "-l", "t/x");
	CHECK_EQ(count_lines(o->out), 1);
	CHECK(get_line(o->out, 0, ln, sizeof(ln)));
	check_long(__LINE__, o, ln, "-rwxr-xr-x", 1, 10, "t/x", NULL);
	o = EXPECT(NULL, 0, NULL, "ls", "-ld", "t/d");
	CHECK_EQ(count_lines(o->out), 1);
	CHECK(get_line(o->out, 0, ln, sizeof(ln)));
	check_long(__LINE__, o, ln, "drwxr-x---", -1, -1, "t/d", NULL);
	leave_scratch();
}

/* A missing operand: exit status 2 and a message naming it, while the
   other operands are still listed. */
static void ls_missing_operand_is_status_2(void)
{
	struct out *o;

	enter_scratch();
	make_file("a", "");
	o = EXPECT_ERR(NULL, 2, "nosuch", "ls", "a", "nosuch");
	CHECK_STDOUT(o, "a\n");
	o = EXPECT_ERR(NULL, 2, "nosuch", "ls", "nosuch");
	CHECK_STDOUT(o, "");
	leave_scratch();
}

/* ---------------------------------------------------------------- cat */

/* cat copies its files in order, "-" and no operand meaning stdin;
   lines without a final newline stay as they are. */
static void cat_concatenates_files_and_stdin(void)
{
	enter_scratch();
	make_file("a", "A\n");
	make_file("b", "B1\nB2");
	make_file("e", "");
	EXPECT(NULL, 0, "A\n", "cat", "a");
	EXPECT(NULL, 0, "A\nB1\nB2A\n", "cat", "a", "e", "b", "a");
	EXPECT("in\n", 0, "A\nin\nB1\nB2", "cat", "a", "-", "b");
	EXPECT("just stdin", 0, "just stdin", "cat");
	EXPECT("x\ny\n", 0, "x\ny\n", "cat", "-");
	EXPECT(NULL, 0, "", "cat", "e");
	leave_scratch();
}

/* -n numbers every line, empty ones too, as "%6d\t". */
static void cat_n_numbers_lines(void)
{
	enter_scratch();
	make_file("f", "one\n\nthree");
	EXPECT(NULL, 0, "     1\tone\n     2\t\n     3\tthree", "cat", "-n",
	       "f");
	EXPECT("a\nb\n", 0, "     1\ta\n     2\tb\n", "cat", "-n");
	leave_scratch();
}

/* A missing file: status 1 and a message naming it; the other files are
   still copied. */
static void cat_missing_file_is_status_1(void)
{
	struct out *o;

	enter_scratch();
	make_file("a", "A\n");
	make_file("b", "B\n");
	o = EXPECT_ERR(NULL, 1, "nosuch", "cat", "a", "nosuch", "b");
	CHECK_STDOUT(o, "A\nB\n");
	CHECK(!strstr(o->err, "A\n"));
	leave_scratch();
}

/* ---------------------------------------------------------------- echo */

/* echo joins its arguments with single spaces and a newline; -n leaves
   the newline out; -e understands \n \t \\ and \c (stop here, no
   newline). Other words starting with "-", "--" included, are printed. */
static void echo_prints_arguments(void)
{
	enter_scratch();
	EXPECT(NULL, 0, "\n", "echo");
	EXPECT(NULL, 0, "a b   c\n", "echo", "a", "b ", " c");
	EXPECT(NULL, 0, "hello world\n", "echo", "hello", "world");
	EXPECT(NULL, 0, "", "echo", "-n");
	EXPECT(NULL, 0, "x y", "echo", "-n", "x", "y");
	EXPECT(NULL, 0, "a\tb\nc\\d\n", "echo", "-e", "a\\tb\\nc\\\\d");
	EXPECT(NULL, 0, "ab", "echo", "-e", "ab\\cde", "more");
	EXPECT(NULL, 0, "1\n2", "echo", "-n", "-e", "1\\n2");
	EXPECT(NULL, 0, "-x a\n", "echo", "-x", "a");
	EXPECT(NULL, 0, "-- a\n", "echo", "--", "a");
	leave_scratch();
}

/* ---------------------------------------------------------------- mkdir */

/* mkdir makes directories (mode 0777 less the umask); an existing one
   is status 1 unless -p, which also makes the missing parents; -m sets
   the mode. */
static void mkdir_p_and_m(void)
{
	struct stat st;

	enter_scratch();
	EXPECT(NULL, 0, "", "mkdir", "a");
	st = lstat_of("a");
	CHECK(S_ISDIR(st.st_mode));
	CHECK_EQ(st.st_mode & 07777, 0755);
	EXPECT(NULL, 0, "", "mkdir", "b", "c");
	CHECK(S_ISDIR(lstat_of("b").st_mode));
	CHECK(S_ISDIR(lstat_of("c").st_mode));
	EXPECT_ERR(NULL, 1, "a", "mkdir", "a");
	EXPECT(NULL, 0, "", "mkdir", "-p", "a");
	EXPECT_ERR(NULL, 1, "x/y", "mkdir", "x/y");
	CHECK(!exists("x"));
	EXPECT(NULL, 0, "", "mkdir", "-p", "x/y/z");
	CHECK(S_ISDIR(lstat_of("x/y/z").st_mode));
	EXPECT(NULL, 0, "", "mkdir", "-p", "x/y/z", "x/w");
	CHECK(S_ISDIR(lstat_of("x/w").st_mode));
	EXPECT(NULL, 0, "", "mkdir", "-m", "700", "m");
	CHECK_EQ(mode_of("m"), 0700);
	EXPECT(NULL, 0, "", "mkdir", "-m", "0751", "m2");
	CHECK_EQ(mode_of("m2"), 0751);
	make_file("f", "");
	EXPECT_ERR(NULL, 1, "f", "mkdir", "f");
	leave_scratch();
}

/* ---------------------------------------------------------------- rmdir */

/* rmdir removes empty directories only; -p removes the named one, then
   each parent in its path. */
static void rmdir_empty_and_p(void)
{
	enter_scratch();
	CHECK_OK(mkdir("e", 0755));
	EXPECT(NULL, 0, "", "rmdir", "e");
	CHECK(!exists("e"));
	CHECK_OK(mkdir("n", 0755));
	make_file("n/f", "");
	EXPECT_ERR(NULL, 1, "n", "rmdir", "n");
	CHECK(exists("n/f"));
	EXPECT_ERR(NULL, 1, "nosuch", "rmdir", "nosuch");
	make_file("f", "");
	EXPECT_ERR(NULL, 1, "f", "rmdir", "f");
	CHECK(exists("f"));
	CHECK_OK(mkdir("a", 0755));
	CHECK_OK(mkdir("a/b", 0755));
	CHECK_OK(mkdir("a/b/c", 0755));
	EXPECT(NULL, 0, "", "rmdir", "-p", "a/b/c");
	CHECK(!exists("a"));
	leave_scratch();
}

/* ---------------------------------------------------------------- rm */

/* rm removes files; a missing one is status 1 with a message, but not
   with -f, which says nothing. */
static void rm_files_and_f(void)
{
	enter_scratch();
	make_file("a", "");
	make_file("b", "");
	make_file("c", "");
	EXPECT(NULL, 0, "", "rm", "a");
	CHECK(!exists("a"));
	EXPECT(NULL, 0, "", "rm", "b", "c");
	CHECK(!exists("b") && !exists("c"));
	EXPECT_ERR(NULL, 1, "nosuch", "rm", "nosuch");
	EXPECT(NULL, 0, "", "rm", "-f", "nosuch");
	EXPECT(NULL, 0, "", "rm", "-f");
	make_file("d", "");
	EXPECT(NULL, 0, "", "rm", "-f", "nosuch", "d");
	CHECK(!exists("d"));
	CHECK_OK(symlink("nowhere", "l"));
	EXPECT(NULL, 0, "", "rm", "l");		/* a dangling link */
	CHECK(!exists("l"));
	leave_scratch();
}

/* A directory without -r is status 1 and stays; -r and -R remove whole
   trees; a symbolic link to a directory goes, not what it points to. */
static void rm_r_removes_trees(void)
{
	enter_scratch();
	CHECK_OK(mkdir("d", 0755));
	make_file("d/f", "");
	EXPECT_ERR(NULL, 1, "d", "rm", "d");
	CHECK(exists("d/f"));
	CHECK_OK(mkdir("d/s", 0755));
	CHECK_OK(mkdir("d/s/t", 0755));
	make_file("d/s/t/g", "x");
	make_file("d/s/h", "y");
	EXPECT(NULL, 0, "", "rm", "-r", "d");
	CHECK(!exists("d"));
	CHECK_OK(mkdir("e", 0755));
	CHECK_OK(mkdir("e/s", 0755));
	make_file("e/s/f", "");
	EXPECT(NULL, 0, "", "rm", "-R", "e");
	CHECK(!exists("e"));
	CHECK_OK(mkdir("k", 0755));
	make_file("k/keep", "");
	CHECK_OK(symlink("k", "lk"));
	EXPECT(NULL, 0, "", "rm", "-r", "lk");
	CHECK(!exists("lk"));
	CHECK(exists("k/keep"));
	EXPECT(NULL, 0, "", "rm", "-rf", "k", "nosuch");
	CHECK(!exists("k"));
	leave_scratch();
}

/* ---------------------------------------------------------------- cp */

/* cp copies a file to a new name, over an existing file, and into a
   directory (one or several); -p keeps the permission bits. */
static void cp_copies_files(void)
{
	enter_scratch();
	make_file("a", "alpha\n");
	make_file("b", "beta\n");
	EXPECT(NULL, 0, "", "cp", "a", "c");
	check_content("c", "alpha\n");
	check_content("a", "alpha\n");
	EXPECT(NULL, 0, "", "cp", "b", "c");
	check_content("c", "beta\n");
	CHECK_OK(mkdir("d", 0755));
	EXPECT(NULL, 0, "", "cp", "a", "d");
	check_content("d/a", "alpha\n");
	EXPECT(NULL, 0, "", "cp", "a", "b", "d/");
	check_content("d/b", "beta\n");
	EXPECT(NULL, 0, "", "cp", "a", "d/renamed");
	check_content("d/renamed", "alpha\n");
	CHECK_OK(chmod("b", 0751));
	EXPECT(NULL, 0, "", "cp", "-p", "b", "p");
	check_content("p", "beta\n");
	CHECK_EQ(mode_of("p"), 0751);
	make_file("e", "");
	EXPECT(NULL, 0, "", "cp", "e", "e2");
	check_content("e2", "");
	leave_scratch();
}

/* -r copies a tree to a new name, or into an existing directory; a
   directory without -r, or a missing source, is status 1. */
static void cp_r_copies_trees(void)
{
	struct out *o;

	enter_scratch();
	CHECK_OK(mkdir("src", 0755));
	CHECK_OK(mkdir("src/sub", 0755));
	make_file("src/f", "f\n");
	make_file("src/sub/g", "g\n");
	EXPECT(NULL, 0, "", "cp", "-r", "src", "dst");
	check_content("dst/f", "f\n");
	check_content("dst/sub/g", "g\n");
	CHECK(S_ISDIR(lstat_of("dst/sub").st_mode));
	check_content("src/sub/g", "g\n");
	EXPECT(NULL, 0, "", "cp", "-r", "src", "dst");
	check_content("dst/src/f", "f\n");
	check_content("dst/src/sub/g", "g\n");
	o = EXPECT_ERR(NULL, 1, "src", "cp", "src", "x");
	CHECK_STDOUT(o, "");
	CHECK(!exists("x"));
	EXPECT_ERR(NULL, 1, "nosuch", "cp", "nosuch", "y");
	CHECK(!exists("y"));
	leave_scratch();
}

/* ---------------------------------------------------------------- mv */

/* mv renames (the inode stays), moves into a directory, replaces an
   existing file; a missing source is status 1. */
static void mv_renames_and_moves(void)
{
	ino_t ino;

	enter_scratch();
	make_file("a", "A");
	ino = lstat_of("a").st_ino;
	EXPECT(NULL, 0, "", "mv", "a", "b");
	CHECK(!exists("a"));
	check_content("b", "A");
	CHECK_EQ(lstat_of("b").st_ino, ino);
	CHECK_OK(mkdir("d", 0755));
	EXPECT(NULL, 0, "", "mv", "b", "d");
	check_content("d/b", "A");
	CHECK(!exists("b"));
	make_file("c", "C");
	make_file("e", "E");
	ino = lstat_of("c").st_ino;
	EXPECT(NULL, 0, "", "mv", "c", "e");
	check_content("e", "C");
	CHECK_EQ(lstat_of("e").st_ino, ino);
	CHECK(!exists("c"));
	make_file("x", "X");
	make_file("y", "Y");
	EXPECT(NULL, 0, "", "mv", "x", "y", "d");
	check_content("d/x", "X");
	check_content("d/y", "Y");
	CHECK_OK(mkdir("d2", 0755));
	EXPECT(NULL, 0, "", "mv", "d", "d2");
	check_content("d2/d/b", "A");
	EXPECT(NULL, 0, "", "mv", "d2", "d3");
	check_content("d3/d/x", "X");
	EXPECT_ERR(NULL, 1, "nosuch", "mv", "nosuch", "z");
	CHECK(!exists("z"));
	leave_scratch();
}

/* ---------------------------------------------------------------- ln */

/* ln -s makes a symbolic link holding the target as given; an existing
   name is status 1 unless -f replaces it; ln without -s makes a hard
   link: the same inode, two links. */
static void ln_s_f_and_hard(void)
{
	struct stat a, b;
	char buf[64];
	ssize_t n;

	enter_scratch();
	make_file("f", "data");
	make_file("g", "other");
	EXPECT(NULL, 0, "", "ln", "-s", "target", "l");
	n = readlink("l", buf, sizeof(buf));
	CHECK(n == 6 && !memcmp(buf, "target", 6));
	EXPECT_ERR(NULL, 1, "l", "ln", "-s", "f", "l");
	n = readlink("l", buf, sizeof(buf));
	CHECK(n == 6 && !memcmp(buf, "target", 6));
	EXPECT(NULL, 0, "", "ln", "-sf", "f", "l");
	n = readlink("l", buf, sizeof(buf));
	CHECK(n == 1 && buf[0] == 'f');
	check_content("l", "data");
	EXPECT(NULL, 0, "", "ln", "-s", "-f", "g", "l");
	check_content("l", "other");

	EXPECT(NULL, 0, "", "ln", "f", "h");
	a = lstat_of("f");
	b = lstat_of("h");
	CHECK(S_ISREG(b.st_mode));
	CHECK_EQ(a.st_ino, b.st_ino);
	CHECK_EQ(a.st_nlink, 2);
	CHECK_EQ(b.st_nlink, 2);
	EXPECT_ERR(NULL, 1, "h", "ln", "g", "h");
	CHECK_EQ(lstat_of("h").st_ino, a.st_ino);
	EXPECT(NULL, 0, "", "ln", "-f", "g", "h");
	CHECK_EQ(lstat_of("h").st_ino, lstat_of("g").st_ino);
	CHECK_EQ(lstat_of("f").st_nlink, 1);
	CHECK_OK(mkdir("d", 0755));
	EXPECT(NULL, 0, "", "ln", "f", "d");
	CHECK_EQ(lstat_of("d/f").st_ino, a.st_ino);
	EXPECT_ERR(NULL, 1, "nosuch", "ln", "nosuch", "m");
	leave_scratch();
}

/* ---------------------------------------------------------------- touch */

/* touch creates empty files, sets an existing file's times to now
   without touching its data, and with -c creates nothing. */
static void touch_creates_and_updates(void)
{
	struct timespec old[2] = { { OLD_TIME, 0 }, { OLD_TIME, 0 } };
	struct stat st;
	time_t now;

	enter_scratch();
	EXPECT(NULL, 0, "", "touch", "new");
	st = lstat_of("new");
	CHECK(S_ISREG(st.st_mode));
	CHECK_EQ(st.st_size, 0);
	EXPECT(NULL, 0, "", "touch", "x", "y");
	CHECK(exists("x") && exists("y"));
	make_file("old", "keep");
	CHECK_OK(utimensat(AT_FDCWD, "old", old, 0));
	CHECK_EQ(lstat_of("old").st_mtime, OLD_TIME);
	now = time(NULL);
	EXPECT(NULL, 0, "", "touch", "old");
	st = lstat_of("old");
	CHECK(st.st_mtime >= now - TIME_SLACK);
	CHECK(st.st_mtime <= time(NULL) + TIME_SLACK);
	CHECK(st.st_atime >= now - TIME_SLACK);
	check_content("old", "keep");
	EXPECT(NULL, 0, "", "touch", "-c", "absent");
	CHECK(!exists("absent"));
	CHECK_OK(utimensat(AT_FDCWD, "old", old, 0));
	EXPECT(NULL, 0, "", "touch", "-c", "old");
	CHECK(lstat_of("old").st_mtime >= now - TIME_SLACK);
	EXPECT_ERR(NULL, 1, "nodir/f", "touch", "nodir/f");
	leave_scratch();
}

/* ---------------------------------------------------------------- head */

static const char twelve[] =
	"1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n";

/* head prints the first 10 lines, -n N and -N the first N, -c N the
   first N bytes; a short input is printed whole. */
static void head_lines_and_bytes(void)
{
	enter_scratch();
	EXPECT(twelve, 0, "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n", "head");
	EXPECT(twelve, 0, "1\n2\n3\n", "head", "-n", "3");
	EXPECT(twelve, 0, "1\n2\n3\n", "head", "-n3");
	EXPECT(twelve, 0, "1\n2\n3\n", "head", "-3");
	EXPECT(twelve, 0, "1\n2\n3", "head", "-c", "5");
	EXPECT(twelve, 0, "", "head", "-n", "0");
	EXPECT(twelve, 0, twelve, "head", "-n", "20");
	EXPECT("a\nb", 0, "a\nb", "head");
	make_file("f", twelve);
	EXPECT(NULL, 0, "1\n2\n", "head", "-n", "2", "f");
	EXPECT(NULL, 0, "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n", "head", "f");
	leave_scratch();
}

/* Several files: each under a "==> name <==" header, a blank line
   between them; a missing file is status 1 with a message naming it. */
static void head_headers_and_missing_file(void)
{
	enter_scratch();
	make_file("a", "a1\na2\na3\n");
	make_file("b", "b1\n");
	EXPECT(NULL, 0, "==> a <==\na1\na2\n\n==> b <==\nb1\n", "head", "-n",
	       "2", "a", "b");
	EXPECT_ERR(NULL, 1, "nosuch", "head", "nosuch");
	leave_scratch();
}

/* ---------------------------------------------------------------- tail */

/* tail prints the last 10 lines, -n N the last N, -n +N from line N on,
   -c N the last N bytes, from a pipe and from a file; a last line
   without its newline counts as a line. */
static void tail_lines_and_bytes(void)
{
	enter_scratch();
	EXPECT(twelve, 0, "3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n", "tail");
	EXPECT(twelve, 0, "11\n12\n", "tail", "-n", "2");
	EXPECT(twelve, 0, "11\n12\n", "tail", "-n", "+11");
	EXPECT(twelve, 0, twelve, "tail", "-n", "+1");
	EXPECT(twelve, 0, "12\n", "tail", "-c", "3");
	EXPECT(twelve, 0, "", "tail", "-n", "0");
	EXPECT(twelve, 0, twelve, "tail", "-n", "50");
	EXPECT("a\nb\nc", 0, "b\nc", "tail", "-n", "2");
	EXPECT("a\nb\nc", 0, "c", "tail", "-n", "1");
	EXPECT("a\nb\nc", 0, "b\nc", "tail", "-n", "+2");
	make_file("f", twelve);
	EXPECT(NULL, 0, "10\n11\n12\n", "tail", "-n", "3", "f");
	EXPECT(NULL, 0, "11\n12\n", "tail", "-c", "6", "f");
	EXPECT(NULL, 0, "3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n", "tail", "f");
	make_file("g", "x\ny");
	EXPECT(NULL, 0, "y", "tail", "-n", "1", "g");
	EXPECT_ERR(NULL, 1, "nosuch", "tail", "nosuch");
	leave_scratch();
}

/* ---------------------------------------------------------------- wc */

/* wc counts lines, words and bytes (in that order by default), -l -w -c
   one each; named files are named, stdin is not; several files end with
   a "total" line. Compared with the padding collapsed. */
static void wc_counts(void)
{
	static const char text[] = "one two\nthree\n  four five \n";

	enter_scratch();
	make_file("f", text);		/* 3 lines, 5 words, 27 bytes */
	make_file("g", "x\ny z");		/* 1 line, 3 words, 5 bytes */
	EXPECT_WS(NULL, 0, "3 5 27 f\n", "wc", "f");
	EXPECT_WS(NULL, 0, "3 f\n", "wc", "-l", "f");
	EXPECT_WS(NULL, 0, "5 f\n", "wc", "-w", "f");
	EXPECT_WS(NULL, 0, "27 f\n", "wc", "-c", "f");
	EXPECT_WS(NULL, 0, "1 3 5 g\n", "wc", "g");
	EXPECT_WS(NULL, 0, "3 5 27 f\n1 3 5 g\n4 8 32 total\n", "wc", "f",
		  "g");
	EXPECT_WS(NULL, 0, "3 f\n1 g\n4 total\n", "wc", "-l", "f", "g");
	EXPECT_WS(text, 0, "3 5 27\n", "wc");
	EXPECT_WS(text, 0, "3\n", "wc", "-l");
	EXPECT_WS(text, 0, "27\n", "wc", "-c");
	EXPECT_WS("", 0, "0 0 0\n", "wc");
	EXPECT_ERR(NULL, 1, "nosuch", "wc", "nosuch");
	leave_scratch();
}

/* ---------------------------------------------------------------- grep */

static const char grep_text[] =
	"abc\n"
	"a.c\n"
	"Hello World\n"
	"xxy\n"
	"azz\n"
	"foo bar\n"
	"foobar\n"
	"a+b\n"
	"-x\n";

/* -F matches fixed strings; a basic regular expression has . ^ $ * and
   \{n\}, with + literal; status 0 on a match, 1 on none. */
static void grep_fixed_and_basic(void)
{
	enter_scratch();
	EXPECT(grep_text, 0, "a.c\n", "grep", "-F", "a.c");
	EXPECT(grep_text, 0, "abc\na.c\n", "grep", "a.c");
	EXPECT(grep_text, 0, "a.c\n", "grep", "a\\.c");
	EXPECT(grep_text, 0, "azz\n", "grep", "^a.*z$");
	EXPECT(grep_text, 0, "xxy\n", "grep", "x\\{2\\}");
	EXPECT(grep_text, 0, "a+b\n", "grep", "a+b");
	EXPECT(grep_text, 0, "foo bar\nfoobar\n", "grep", "^fo*");
	EXPECT(grep_text, 0, "abc\nazz\n", "grep", "^a[bz]");
	EXPECT(grep_text, 1, "", "grep", "nothing");
	EXPECT(grep_text, 1, "", "grep", "-F", "a.*");
	leave_scratch();
}

/* -E: extended regular expressions, with + ? | {n} and groups. */
static void grep_extended(void)
{
	enter_scratch();
	EXPECT(grep_text, 0, "abc\nfoo bar\n", "grep", "-E", "ab+c|^fo+ ");
	EXPECT(grep_text, 0, "xxy\n", "grep", "-E", "x{2}");
	EXPECT(grep_text, 0, "foo bar\nfoobar\n", "grep", "-E",
	       "^(foo)+ ?bar$");
	EXPECT(grep_text, 0, "azz\n", "grep", "-E", "^a(z|q)+$");
	EXPECT(grep_text, 1, "", "grep", "-E", "a\\+c");
	leave_scratch();
}

/* -i ignores case, -v selects the other lines, -c counts, -n numbers,
   -w and -x match whole words and whole lines. */
static void grep_i_v_c_n_w_x(void)
{
	enter_scratch();
	EXPECT(grep_text, 0, "Hello World\n", "grep", "-i", "hello");
	EXPECT(grep_text, 0, "Hello World\n", "grep", "-i", "WORLD$");
	EXPECT(grep_text, 0, "Hello World\nxxy\n-x\n", "grep", "-v", "a");
	EXPECT(grep_text, 0, "6\n", "grep", "-c", "a");
	EXPECT(grep_text, 0, "3\n", "grep", "-vc", "a");
	EXPECT(grep_text, 1, "0\n", "grep", "-c", "nothing");
	EXPECT(grep_text, 0, "6:foo bar\n7:foobar\n", "grep", "-n", "foo");
	EXPECT(grep_text, 0, "foo bar\n", "grep", "-w", "foo");
	EXPECT("foo_x\nx-foo\nfoo\n", 0, "x-foo\nfoo\n", "grep", "-w",
	       "foo");
	EXPECT(grep_text, 0, "abc\n", "grep", "-x", "abc");
	EXPECT(grep_text, 1, "", "grep", "-x", "ab");
	EXPECT(grep_text, 0, "foo bar\n", "grep", "-x", "-E", "fo+ .*");
	leave_scratch();
}

/* With several files each line is prefixed "name:", -h drops and -H
   adds the prefix; -l prints the names of files that match, -q nothing;
   each -e adds a pattern, which may start with "-". */
static void grep_files_l_q_h_H_e(void)
{
	enter_scratch();
	make_file("a", "one\ntwo\n");
	make_file("b", "two\nthree\n");
	EXPECT(NULL, 0, "a:two\nb:two\n", "grep", "two", "a", "b");
	EXPECT(NULL, 0, "two\ntwo\n", "grep", "-h", "two", "a", "b");
	EXPECT(NULL, 0, "one\n", "grep", "one", "a");
	EXPECT(NULL, 0, "a:one\n", "grep", "-H", "one", "a");
	EXPECT(NULL, 0, "a\nb\n", "grep", "-l", "two", "a", "b");
	EXPECT(NULL, 0, "b\n", "grep", "-l", "thr", "a", "b");
	EXPECT(NULL, 1, "", "grep", "-l", "four", "a", "b");
	EXPECT(NULL, 0, "a:1\nb:0\n", "grep", "-c", "one", "a", "b");
	EXPECT(NULL, 0, "", "grep", "-q", "two", "a", "b");
	EXPECT(NULL, 1, "", "grep", "-q", "four", "a", "b");
	EXPECT(NULL, 0, "b:2:three\n", "grep", "-n", "-H", "th", "b");
	EXPECT(grep_text, 0, "abc\nazz\n", "grep", "-e", "abc", "-e", "azz");
	EXPECT(grep_text, 0, "-x\n", "grep", "-e", "-x");
	EXPECT(NULL, 0, "a:one\na:two\nb:two\n", "grep", "-e", "one", "-e",
	       "two", "a", "b");
	leave_scratch();
}

/* A missing file is status 2 with a message naming it, matches in the
   other files still printed; -s drops the message, not the status. A
   bad regular expression is status 2 as well. */
static void grep_errors_are_status_2(void)
{
	struct out *o;

	enter_scratch();
	make_file("a", "one\n");
	o = EXPECT_ERR(NULL, 2, "nosuch", "grep", "one", "a", "nosuch");
	CHECK_STDOUT(o, "a:one\n");
	EXPECT(NULL, 2, "", "grep", "-s", "one", "nosuch");
	EXPECT(NULL, 2, "a:one\n", "grep", "-s", "one", "a", "nosuch");
	EXPECT_ERR("a\n", 2, NULL, "grep", "a\\{1");
	EXPECT_ERR("a\n", 2, NULL, "grep", "[");
	EXPECT_ERR("a\n", 2, NULL, "grep", "-E", "(");
	leave_scratch();
}

/* ---------------------------------------------------------------- sort */

/* sort orders lines by bytes; -r reverses, -u keeps one of equal lines;
   several files are sorted together. */
static void sort_default_r_u(void)
{
	enter_scratch();
	EXPECT("b\na\nc\nB\n_\n", 0, "B\n_\na\nb\nc\n", "sort");
	EXPECT("b\na\nc\n", 0, "c\nb\na\n", "sort", "-r");
	EXPECT("b\na\nb\nc\na\n", 0, "a\nb\nc\n", "sort", "-u");
	EXPECT("b\na\nb\na\n", 0, "a\na\nb\nb\n", "sort");
	EXPECT("ab\na\nabc\n\n", 0, "\na\nab\nabc\n", "sort");
	EXPECT("no newline\na", 0, "a\nno newline\n", "sort");
	make_file("f", "z\nm\n");
	make_file("g", "a\nq\n");
	EXPECT(NULL, 0, "a\nm\nq\nz\n", "sort", "f", "g");
	EXPECT("k\n", 0, "a\nk\nm\nq\nz\n", "sort", "f", "-", "g");
	EXPECT_ERR(NULL, 2, "nosuch", "sort", "nosuch");
	leave_scratch();
}

/* -n compares numbers, -f folds case, -k N -t C compare from field N
   on; lines equal by their keys are ordered by the whole line. */
static void sort_n_f_k_t(void)
{
	enter_scratch();
	EXPECT("10\n9\n-1\n2.5\n0\n", 0, "-1\n0\n2.5\n9\n10\n", "sort", "-n");
	EXPECT("10\n9\n100\n", 0, "10\n100\n9\n", "sort");
	EXPECT("10\n9\n100\n", 0, "100\n10\n9\n", "sort", "-rn");
	EXPECT("2 b\n2 a\n1 z\n", 0, "1 z\n2 a\n2 b\n", "sort", "-n");
	EXPECT("b\nA\na\nB\n", 0, "A\nB\na\nb\n", "sort");
	EXPECT("b\nA\na\nB\n", 0, "A\na\nB\nb\n", "sort", "-f");
	EXPECT("a:3\nb:1\nc:2\n", 0, "b:1\nc:2\na:3\n", "sort", "-t", ":",
	       "-k", "2");
	EXPECT("b:1\na:1\nc:0\n", 0, "c:0\na:1\nb:1\n", "sort", "-t", ":",
	       "-k", "2");
	EXPECT("x,10\ny,9\nz,100\n", 0, "y,9\nx,10\nz,100\n", "sort", "-t",
	       ",", "-k", "2", "-n");
	EXPECT("a 3\nb 1\nc 2\n", 0, "b 1\nc 2\na 3\n", "sort", "-k", "2");
	EXPECT("a 3\nb 1\nc 2\n", 0, "a 3\nc 2\nb 1\n", "sort", "-r", "-k2");
	leave_scratch();
}

/* ---------------------------------------------------------------- uniq */

/* uniq drops adjacent repeated lines; -c counts them ("%7d %s"), -d
   prints only repeated lines, -u only unrepeated ones. */
static void uniq_c_d_u(void)
{
	static const char in[] = "a\na\nb\nc\nc\nc\na\n";

	enter_scratch();
	EXPECT(in, 0, "a\nb\nc\na\n", "uniq");
	EXPECT_WS(in, 0, "2 a\n1 b\n3 c\n1 a\n", "uniq", "-c");
	EXPECT(in, 0, "a\nc\n", "uniq", "-d");
	EXPECT(in, 0, "b\na\n", "uniq", "-u");
	EXPECT("x\nx", 0, "x\n", "uniq");
	EXPECT("", 0, "", "uniq");
	make_file("f", in);
	EXPECT(NULL, 0, "a\nb\nc\na\n", "uniq", "f");
	EXPECT(NULL, 0, "", "uniq", "f", "g");
	check_content("g", "a\nb\nc\na\n");
	EXPECT_ERR(NULL, 1, "nosuch", "uniq", "nosuch");
	leave_scratch();
}

/* ---------------------------------------------------------------- tee */

/* tee copies stdin to stdout and to each file, -a appending; a file it
   cannot create is status 1, the others are still written. */
static void tee_copies_to_files(void)
{
	struct out *o;

	enter_scratch();
	EXPECT("hello\nworld\n", 0, "hello\nworld\n", "tee", "f1", "f2");
	check_content("f1", "hello\nworld\n");
	check_content("f2", "hello\nworld\n");
	EXPECT("more\n", 0, "more\n", "tee", "-a", "f1");
	check_content("f1", "hello\nworld\nmore\n");
	EXPECT("new\n", 0, "new\n", "tee", "f2");
	check_content("f2", "new\n");
	EXPECT("x", 0, "x", "tee");
	o = EXPECT_ERR("data\n", 1, "nodir/x", "tee", "nodir/x", "f3");
	CHECK_STDOUT(o, "data\n");
	check_content("f3", "data\n");
	leave_scratch();
}

/* ---------------------------------------------------------------- env */

/* env prints the environment as NAME=VALUE lines; NAME=VALUE operands
   add to it for the command; -i starts empty; a command not found is
   status 127. */
static void env_prints_and_runs(void)
{
	char *envp = util("env");
	struct out *o;

	enter_scratch();
	CHECK_OK(setenv("TEST_UTILS_VAR", "a value", 1));
	o = EXPECT(NULL, 0, NULL, "env");
	CHECK(has_line(o->out, "TEST_UTILS_VAR=a value"));
	o = EXPECT(NULL, 0, NULL, "env", "EXTRA=1", envp);
	CHECK(has_line(o->out, "EXTRA=1"));
	CHECK(has_line(o->out, "TEST_UTILS_VAR=a value"));
	EXPECT(NULL, 0, "A=1\n", "env", "-i", "A=1", envp);
	EXPECT(NULL, 0, "A=1\nB=x y\n", "env", "-i", "A=1", "B=x y", envp);
	EXPECT(NULL, 0, "", "env", "-i", envp);
	EXPECT(NULL, 0, "", "env", "-i");
	EXPECT(NULL, 0, "hi\n", "env", util("echo"), "hi");
	EXPECT_ERR(NULL, 127, "no_such_command_xyz", "env",
		   "no_such_command_xyz");
	EXPECT_ERR(NULL, 127, "/nonexistent/cmd", "env", "/nonexistent/cmd");
	leave_scratch();
}

/* ---------------------------------------------------------------- sleep */

/* sleep 0.2 takes at least 0.2 s; a bad interval fails with a message. */
static void sleep_waits_and_rejects_junk(void)
{
	uint64_t start;

	enter_scratch();
	start = test_now_ms();
	EXPECT(NULL, 0, "", "sleep", "0.2");
	CHECK(test_now_ms() - start >= 199);	/* ms clock truncates */
	EXPECT(NULL, 0, "", "sleep", "0");
	EXPECT_ERR(NULL, ANY_FAILURE, "abc", "sleep", "abc");
	EXPECT_ERR(NULL, ANY_FAILURE, NULL, "sleep");
	leave_scratch();
}

/* ---------------------------------------------------------------- kill */

/* kill -l lists the signal names; kill -l N names signal N. */
static void kill_l_lists_signals(void)
{
	struct out *o;

	enter_scratch();
	o = EXPECT(NULL, 0, NULL, "kill", "-l");
	CHECK(strstr(o->out, "HUP"));
	CHECK(strstr(o->out, "KILL"));
	CHECK(strstr(o->out, "TERM"));
	EXPECT(NULL, 0, "KILL\n", "kill", "-l", "9");
	EXPECT(NULL, 0, "TERM\n", "kill", "-l", "15");
	leave_scratch();
}

/* kill sends SIGTERM by default, or the signal given as -N, -NAME or
   -s NAME; a pid that names no process, or no number, fails. */
static void kill_sends_signals(void)
{
	static const struct {
		const char *a, *b;
		int sig;
	} forms[] = {
		{ "-9", NULL, SIGKILL },
		{ "-s", "TERM", SIGTERM },
		{ "-TERM", NULL, SIGTERM },
		{ "-HUP", NULL, SIGHUP },
		{ "-s", "USR1", SIGUSR1 },
		{ NULL, NULL, SIGTERM },
	};
	char num[16];
	unsigned i;
	pid_t pid;

	enter_scratch();
	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		pid = test_sleeper();
		snprintf(num, sizeof(num), "%d", (int)pid);
		if (!forms[i].a)
			EXPECT(NULL, 0, "", "kill", num);
		else if (!forms[i].b)
			EXPECT(NULL, 0, "", "kill", forms[i].a, num);
		else
			EXPECT(NULL, 0, "", "kill", forms[i].a, forms[i].b,
			       num);
		CHECK_SIGNALED(test_wait(pid), forms[i].sig);
	}
	pid = test_fork();		/* a pid that is gone */
	if (pid == 0)
		_exit(0);
	CHECK_EXITED(test_wait(pid), 0);
	snprintf(num, sizeof(num), "%d", (int)pid);
	EXPECT_ERR(NULL, ANY_FAILURE, num, "kill", num);
	EXPECT_ERR(NULL, ANY_FAILURE, "abc", "kill", "abc");
	leave_scratch();
}

/* ---------------------------------------------------------------- ps */

/* ps with no operand lists every process under a header naming PID and
   PPID: a sleeping child appears as "PID PPID ...". */
static void ps_lists_a_child(void)
{
	char ln[512], *tok[4], me[16], kid[16];
	struct out ps = { 0 }, *o = &ps;
	int i, found = 0;
	pid_t pid;

	enter_scratch();
	pid = test_sleeper();
	snprintf(kid, sizeof(kid), "%d", (int)pid);
	snprintf(me, sizeof(me), "%d", (int)getpid());
	if (run(NULL, o, "ps", (char *)NULL) != 0 || o->errlen)
		fail_run(__LINE__, o, "failed", NULL);
	CHECK(get_line(o->out, 0, ln, sizeof(ln)));
	CHECK(strstr(ln, "PID"));
	CHECK(strstr(ln, "PPID"));
	for (i = 1; get_line(o->out, i, ln, sizeof(ln)); i++)
		if (split_ws(ln, tok, 4) >= 2 && !strcmp(tok[0], kid) &&
		    !strcmp(tok[1], me))
			found = 1;
	if (!found)
		fail_run(__LINE__, o, "no line \"CHILD PARENT ...\"", NULL);
	CHECK_OK(kill(pid, SIGKILL));
	CHECK_SIGNALED(test_wait(pid), SIGKILL);
	leave_scratch();
}

/* ---------------------------------------------------------------- free */

/* The "Mem:" line's first number, its total (0: no such line). */
static long free_total(const struct out *o)
{
	char ln[512], *tok[4];
	int i;

	for (i = 0; get_line(o->out, i, ln, sizeof(ln)); i++)
		if (split_ws(ln, tok, 4) >= 2 && !strcmp(tok[0], "Mem:") &&
		    is_number(tok[1]))
			return atol(tok[1]);
	return 0;
}

/* free: a header naming "total" and a "Mem:" line of numbers, in KiB
   with -k, MiB with -m; an unknown option fails. */
static void free_reports_memory(void)
{
	char ln[512];
	struct out *o;
	long k, m;

	enter_scratch();
	o = EXPECT(NULL, 0, NULL, "free");
	CHECK(get_line(o->out, 0, ln, sizeof(ln)));
	CHECK(strstr(ln, "total"));
	CHECK(free_total(o) > 0);
	k = free_total(EXPECT(NULL, 0, NULL, "free", "-k"));
	m = free_total(EXPECT(NULL, 0, NULL, "free", "-m"));
	CHECK(k > 0 && m > 0);
	CHECK(k / 1024 - m <= 1 && m - k / 1024 <= 1);
	EXPECT_ERR(NULL, ANY_FAILURE, NULL, "free", "-Z");
	leave_scratch();
}

/* ---------------------------------------------------------------- uptime */

/* uptime: one line saying "up" and giving the "load average"; an
   unknown option fails. */
static void uptime_one_line(void)
{
	struct out *o;

	enter_scratch();
	o = EXPECT(NULL, 0, NULL, "uptime");
	CHECK_EQ(count_lines(o->out), 1);
	CHECK(strstr(o->out, "up"));
	CHECK(strstr(o->out, "load average"));
	EXPECT_ERR(NULL, ANY_FAILURE, NULL, "uptime", "-Z");
	leave_scratch();
}

/* ---------------------------------------------------------------- uname */

/* uname: -s (the default) "Linux", -m "x86_64", -r and -n one word
   each, -a all on one line; the fields come in their fixed order. */
static void uname_fields(void)
{
	struct out *o;

	enter_scratch();
	EXPECT(NULL, 0, "Linux\n", "uname");
	EXPECT(NULL, 0, "Linux\n", "uname", "-s");
	EXPECT(NULL, 0, "x86_64\n", "uname", "-m");
	EXPECT(NULL, 0, "Linux x86_64\n", "uname", "-m", "-s");
	o = EXPECT(NULL, 0, NULL, "uname", "-r");
	CHECK_EQ(count_lines(o->out), 1);
	CHECK(o->outlen > 1 && !strchr(o->out, ' '));
	o = EXPECT(NULL, 0, NULL, "uname", "-n");
	CHECK_EQ(count_lines(o->out), 1);
	CHECK(o->outlen > 1);
	o = EXPECT(NULL, 0, NULL, "uname", "-a");
	CHECK_EQ(count_lines(o->out), 1);
	CHECK(!strncmp(o->out, "Linux ", 6));
	CHECK(strstr(o->out, "x86_64"));
	EXPECT_ERR(NULL, ANY_FAILURE, NULL, "uname", "-Z");
	leave_scratch();
}

/* ---------------------------------------------------------------- date */

/* strftime(fmt) of t, in UTC or local time, into buf. */
static const char *fmt_time(const char *fmt, time_t t, int utc, char *buf,
			    size_t size)
{
	struct tm tm;

	if (utc)
		gmtime_r(&t, &tm);
	else
		localtime_r(&t, &tm);
	strftime(buf, size, fmt, &tm);
	return buf;
}

/* date: one line by default; +FORMAT formats now (%Y the year of
   time(), %s the seconds within 2 s of it), -u in UTC; an unknown
   option fails. */
static void date_formats_now(void)
{
	char a[64], b[64], c[64];
	struct out *o;
	time_t t0, t1;
	long s;

	enter_scratch();
	t0 = time(NULL);
	o = EXPECT(NULL, 0, NULL, "date");
	CHECK_EQ(count_lines(o->out), 1);
	CHECK(o->outlen > 8);
	o = EXPECT(NULL, 0, NULL, "date", "+%Y");
	t1 = time(NULL);
	if (o->outlen != 5 ||
	    (strncmp(o->out, fmt_time("%Y", t0, 0, a, sizeof(a)), 4) &&
	     strncmp(o->out, fmt_time("%Y", t1, 0, b, sizeof(b)), 4) &&
	     strncmp(o->out, fmt_time("%Y", t1, 1, c, sizeof(c)), 4)))
		fail_run(__LINE__, o, "not this year", a);
	o = EXPECT(NULL, 0, NULL, "date", "+%s");
	s = atol(o->out);
	CHECK(s >= (long)time(NULL) - 2 && s <= (long)time(NULL) + 2);
	t0 = time(NULL);
	o = EXPECT(NULL, 0, NULL, "date", "-u", "+%Y-%m-%d %H:%M");
	t1 = time(NULL);
	fmt_time("%Y-%m-%d %H:%M\n", t0, 1, a, sizeof(a));
	fmt_time("%Y-%m-%d %H:%M\n", t1, 1, b, sizeof(b));
	if (strcmp(o->out, a) && strcmp(o->out, b))
		fail_run(__LINE__, o, "not the UTC time now", a);
	o = EXPECT(NULL, 0, NULL, "date", "-u");
	CHECK_EQ(count_lines(o->out), 1);
	EXPECT(NULL, 0, "x%y\n", "date", "+x%%y");
	EXPECT_ERR(NULL, ANY_FAILURE, NULL, "date", "-Z");
	leave_scratch();
}

/* ---------------------------------------------------------------- dmesg */

/* dmesg prints the kernel's log. Only run as root: a host Linux may
   keep the log from other users (dmesg_restrict). */
static void dmesg_prints_the_log(void)
{
	struct out *o;

	enter_scratch();
	if (getuid() == 0) {
		o = EXPECT(NULL, 0, NULL, "dmesg");
		CHECK(o->outlen > 0);
	} else {
		test_say("  %s: not run, not root\n", test_name);
	}
	leave_scratch();
}

/* ---------------------------------------------------------------- clear */

/* clear writes an escape sequence, "ESC [". */
static void clear_writes_escape(void)
{
	struct out *o;

	enter_scratch();
	CHECK_OK(setenv("TERM", "xterm", 1));	/* for ncurses' clear */
	o = EXPECT(NULL, 0, NULL, "clear");
	CHECK(o->outlen >= 3 && !memcmp(o->out, "\033[", 2));
	leave_scratch();
}

/* ---------------------------------------------------------------- stat */

/* stat: by default a description with "File:" and "Size:"; -c FORMAT
   gives %s the size, %n the name, %a the octal permissions, %F the type,
   %h the links, %i the inode; a missing file is status 1. */
static void stat_formats(void)
{
	char want[64];
	struct out *o;

	enter_scratch();
	make_file("f", "hello");
	CHECK_OK(chmod("f", 0640));
	CHECK_OK(mkdir("d", 0755));
	CHECK_OK(symlink("f", "l"));
	o = EXPECT(NULL, 0, NULL, "stat", "f");
	CHECK(strstr(o->out, "File:"));
	CHECK(strstr(o->out, "Size:"));
	CHECK(strstr(o->out, "f"));
	EXPECT(NULL, 0, "5\n", "stat", "-c", "%s", "f");
	EXPECT(NULL, 0, "f\n", "stat", "-c", "%n", "f");
	EXPECT(NULL, 0, "640\n", "stat", "-c", "%a", "f");
	EXPECT(NULL, 0, "regular file\n", "stat", "-c", "%F", "f");
	EXPECT(NULL, 0, "directory\n", "stat", "-c", "%F", "d");
	EXPECT(NULL, 0, "symbolic link\n", "stat", "-c", "%F", "l");
	EXPECT(NULL, 0, "1\n", "stat", "-c", "%h", "f");
	CHECK_OK(link("f", "f2"));
	EXPECT(NULL, 0, "2\n", "stat", "-c", "%h", "f");
	snprintf(want, sizeof(want), "%llu\n",
		 (unsigned long long)lstat_of("f").st_ino);
	EXPECT(NULL, 0, want, "stat", "-c", "%i", "f");
	EXPECT(NULL, 0, "f 5 640\n", "stat", "-c", "%n %s %a", "f");
	EXPECT(NULL, 0, "f 640\nd 755\n", "stat", "-c", "%n %a", "f", "d");
	EXPECT_ERR(NULL, 1, "nosuch", "stat", "nosuch");
	leave_scratch();
}

/* ---------------------------------------------------------------- true */

/* true exits 0 and false 1, whatever their arguments, printing nothing. */
static void true_and_false(void)
{
	enter_scratch();
	EXPECT(NULL, 0, "", "true");
	EXPECT(NULL, 0, "", "true", "x", "-y");
	EXPECT(NULL, 1, "", "false");
	EXPECT(NULL, 1, "", "false", "x", "-y");
	leave_scratch();
}

/* ---------------------------------------------------------------- yes */

/* Run yes (with arg, if not NULL) into a pipe, read 3 lines of line and
   close the pipe: yes then dies of SIGPIPE, or exits non-zero. */
static void yes_into_closed_pipe(const char *arg, const char *line)
{
	char buf[4096], *path = util("yes");
	size_t len = strlen(line), need = 3 * (len + 1), got = 0, i;
	int p[2], st;
	pid_t pid;
	ssize_t r;

	CHECK_OK(pipe2(p, O_CLOEXEC));
	pid = test_fork();
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);

		dup2(null, 0);
		dup2(p[1], 1);
		dup2(null, 2);
		signal(SIGPIPE, SIG_DFL);
		execl(path, path, arg, (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	while (got < need) {
		r = read(p[0], buf + got, sizeof(buf) - got);
		if (r <= 0)
			test_fail("yes: %s after %zu bytes",
				  r < 0 ? strerror(errno) : "end of file",
				  got);
		got += r;
	}
	for (i = 0; i < got; i++)	/* all of it: line\n line\n ... */
		if (buf[i] != (i % (len + 1) == len ? '\n' :
				line[i % (len + 1)]))
			test_fail("yes %s: byte %zu is %#x", arg ? arg : "",
				  i, (unsigned char)buf[i]);
	close(p[0]);
	st = test_wait(pid);
	if (!(WIFSIGNALED(st) && WTERMSIG(st) == SIGPIPE) &&
	    !(WIFEXITED(st) && WEXITSTATUS(st) != 0)) {
		char b[80];

		test_fail("yes %s then %s", arg ? arg : "",
			  test_status_str(st, b, sizeof(b)));
	}
}

/* yes repeats "y", or its argument, one a line, until the reader goes. */
static void yes_repeats_until_pipe_closes(void)
{
	enter_scratch();
	yes_into_closed_pipe(NULL, "y");
	yes_into_closed_pipe("abc", "abc");
	leave_scratch();
}

/* ---------------------------------------------------------------- seq */

/* seq LAST, FIRST LAST, FIRST INC LAST (a negative INC counts down), -s
   separates with a string, -w pads with zeros to equal width; nothing
   when FIRST is past LAST; a bad number fails. */
static void seq_counts(void)
{
	enter_scratch();
	EXPECT(NULL, 0, "1\n2\n3\n", "seq", "3");
	EXPECT(NULL, 0, "1\n", "seq", "1");
	EXPECT(NULL, 0, "", "seq", "0");
	EXPECT(NULL, 0, "2\n3\n4\n", "seq", "2", "4");
	EXPECT(NULL, 0, "1\n3\n5\n7\n", "seq", "1", "2", "7");
	EXPECT(NULL, 0, "1\n3\n5\n", "seq", "1", "2", "6");
	EXPECT(NULL, 0, "5\n3\n1\n", "seq", "5", "-2", "1");
	EXPECT(NULL, 0, "3\n2\n1\n0\n", "seq", "3", "-1", "0");
	EXPECT(NULL, 0, "", "seq", "3", "1");
	EXPECT(NULL, 0, "1,2,3\n", "seq", "-s", ",", "3");
	EXPECT(NULL, 0, "1 - 2\n", "seq", "-s", " - ", "1", "2");
	EXPECT(NULL, 0, "08\n09\n10\n", "seq", "-w", "8", "10");
	EXPECT(NULL, 0, "098\n099\n100\n", "seq", "-w", "98", "100");
	EXPECT(NULL, 0, "09:10:11\n", "seq", "-w", "-s", ":", "9", "11");
	EXPECT_ERR(NULL, ANY_FAILURE, "abc", "seq", "abc");
	EXPECT_ERR(NULL, ANY_FAILURE, NULL, "seq");
	leave_scratch();
}

/* ---------------------------------------------------------------- test */

/* The file primaries: -e -f -d -s -L, and -r -w -x by access rights
   (root may read and write anything, but executes only with an x bit). */
static void test_file_primaries(void)
{
	int root = getuid() == 0;

	enter_scratch();
	make_file("f", "data");
	make_file("e", "");
	make_file("x", "");
	CHECK_OK(chmod("x", 0755));
	make_file("ro", "r");
	CHECK_OK(chmod("ro", 0444));
	make_file("none", "n");
	CHECK_OK(chmod("none", 0));
	CHECK_OK(mkdir("d", 0755));
	CHECK_OK(symlink("f", "l"));
	CHECK_OK(symlink("nowhere", "dl"));
	EXPECT(NULL, 0, "", "test", "-e", "f");
	EXPECT(NULL, 0, "", "test", "-e", "d");
	EXPECT(NULL, 1, "", "test", "-e", "nosuch");
	EXPECT(NULL, 1, "", "test", "-e", "dl");
	EXPECT(NULL, 0, "", "test", "-f", "f");
	EXPECT(NULL, 0, "", "test", "-f", "l");
	EXPECT(NULL, 1, "", "test", "-f", "d");
	EXPECT(NULL, 1, "", "test", "-f", "nosuch");
	EXPECT(NULL, 0, "", "test", "-d", "d");
	EXPECT(NULL, 1, "", "test", "-d", "f");
	EXPECT(NULL, 0, "", "test", "-s", "f");
	EXPECT(NULL, 1, "", "test", "-s", "e");
	EXPECT(NULL, 1, "", "test", "-s", "nosuch");
	EXPECT(NULL, 0, "", "test", "-L", "l");
	EXPECT(NULL, 0, "", "test", "-L", "dl");
	EXPECT(NULL, 1, "", "test", "-L", "f");
	EXPECT(NULL, 0, "", "test", "-r", "f");
	EXPECT(NULL, root ? 0 : 1, "", "test", "-r", "none");
	EXPECT(NULL, 1, "", "test", "-r", "nosuch");
	EXPECT(NULL, 0, "", "test", "-w", "f");
	EXPECT(NULL, root ? 0 : 1, "", "test", "-w", "ro");
	EXPECT(NULL, 0, "", "test", "-x", "x");
	EXPECT(NULL, 0, "", "test", "-x", "d");
	EXPECT(NULL, 1, "", "test", "-x", "f");
	EXPECT(NULL, 1, "", "test", "-x", "nosuch");
	EXPECT(NULL, 0, "", "test", "!", "-e", "nosuch");
	EXPECT(NULL, 0, "", "[", "-f", "f", "]");
	EXPECT(NULL, 1, "", "[", "-d", "f", "]");
	leave_scratch();
}

/* Strings (-z -n = != and a lone operand), integers (-eq -ne -lt -le
   -gt -ge, negative ones too), !, -a, -o and parentheses. */
static void test_strings_numbers_logic(void)
{
	enter_scratch();
	EXPECT(NULL, 1, "", "test");
	EXPECT(NULL, 0, "", "test", "abc");
	EXPECT(NULL, 1, "", "test", "");
	EXPECT(NULL, 0, "", "test", "-n");	/* a non-empty string */
	EXPECT(NULL, 0, "", "test", "-z", "");
	EXPECT(NULL, 1, "", "test", "-z", "a");
	EXPECT(NULL, 0, "", "test", "-n", "a");
	EXPECT(NULL, 1, "", "test", "-n", "");
	EXPECT(NULL, 0, "", "test", "a", "=", "a");
	EXPECT(NULL, 1, "", "test", "a", "=", "b");
	EXPECT(NULL, 0, "", "test", "a", "!=", "b");
	EXPECT(NULL, 1, "", "test", "a", "!=", "a");
	EXPECT(NULL, 0, "", "test", "1", "-eq", "1");
	EXPECT(NULL, 1, "", "test", "1", "-eq", "2");
	EXPECT(NULL, 0, "", "test", "1", "-ne", "2");
	EXPECT(NULL, 1, "", "test", "1", "-ne", "1");
	EXPECT(NULL, 0, "", "test", "1", "-lt", "2");
	EXPECT(NULL, 1, "", "test", "2", "-lt", "2");
	EXPECT(NULL, 0, "", "test", "2", "-le", "2");
	EXPECT(NULL, 1, "", "test", "3", "-le", "2");
	EXPECT(NULL, 0, "", "test", "10", "-gt", "9");
	EXPECT(NULL, 1, "", "test", "9", "-gt", "10");
	EXPECT(NULL, 0, "", "test", "3", "-ge", "3");
	EXPECT(NULL, 1, "", "test", "2", "-ge", "3");
	EXPECT(NULL, 0, "", "test", "-12", "-lt", "3");
	EXPECT(NULL, 0, "", "test", "!", "a", "=", "b");
	EXPECT(NULL, 1, "", "test", "!", "abc");
	EXPECT(NULL, 1, "", "test", "1", "-eq", "1", "-a", "2", "-eq", "3");
	EXPECT(NULL, 0, "", "test", "1", "-eq", "1", "-a", "2", "-eq", "2");
	EXPECT(NULL, 0, "", "test", "1", "-eq", "2", "-o", "2", "-eq", "2");
	EXPECT(NULL, 1, "", "test", "1", "-eq", "2", "-o", "2", "-eq", "3");
	EXPECT(NULL, 0, "", "test", "1", "-eq", "2", "-o", "1", "-eq", "1",
	       "-a", "2", "-eq", "2");
	EXPECT(NULL, 1, "", "test", "(", "1", "-eq", "2", "-o", "1", "-eq",
	       "1", ")", "-a", "a", "=", "b");
	EXPECT(NULL, 0, "", "test", "(", "a", "=", "a", ")");
	EXPECT(NULL, 1, "", "test", "!", "(", "1", "-eq", "1", ")");
	leave_scratch();
}

/* [ is test with a closing "]"; without it, and on other syntax errors
   (a missing operand, a word where an integer goes, an unclosed
   parenthesis), the status is 2 with a message. */
static void test_bracket_and_syntax_errors(void)
{
	enter_scratch();
	EXPECT(NULL, 0, "", "[", "1", "-eq", "1", "]");
	EXPECT(NULL, 1, "", "[", "a", "=", "b", "]");
	EXPECT(NULL, 1, "", "[", "]");
	EXPECT(NULL, 0, "", "[", "a", "]");
	EXPECT(NULL, 0, "", "[", "-z", "", "]");
	EXPECT(NULL, 0, "", "[", "(", "1", "-lt", "2", ")", "]");
	EXPECT_ERR(NULL, 2, NULL, "[", "1", "-eq", "1");
	EXPECT_ERR(NULL, 2, NULL, "[");
	EXPECT_ERR(NULL, 2, NULL, "test", "1", "-eq");
	EXPECT_ERR(NULL, 2, "a", "test", "a", "-eq", "1");
	EXPECT_ERR(NULL, 2, NULL, "test", "(", "1", "-eq", "1");
	leave_scratch();
}

/* ---------------------------------------------------------------- xargs */

/* xargs appends the words of stdin to the command (echo if none); -n N
   takes N words per run, -0 NUL-separated arguments, -I {} runs once a
   line with {} replaced. A failing command makes the status 123, one
   not found 127. */
static void xargs_builds_commands(void)
{
	static const char nul_sep[] = "a b\0c\0";	/* two arguments */
	char *echo = util("echo");
	char *zero[] = { "xargs", "-0", echo, NULL };
	char *zero_n1[] = { "xargs", "-0", "-n", "1", echo, NULL };

	enter_scratch();
	EXPECT("a b\nc\n", 0, "a b c\n", "xargs", echo);
	EXPECT("a b\nc\n", 0, "x a b c\n", "xargs", echo, "x");
	EXPECT("a  b\n\n c\n", 0, "a b c\n", "xargs");
	EXPECT("a b c d e\n", 0, "a b\nc d\ne\n", "xargs", "-n", "2", echo);
	EXPECT("a b\nc\n", 0, "a\nb\nc\n", "xargs", "-n1", echo);
	CHECK_EQ(run_argv(nul_sep, sizeof(nul_sep) - 1, &res, zero), 0);
	CHECK_STDOUT(&res, "a b c\n");
	CHECK(!res.errlen);
	CHECK_EQ(run_argv(nul_sep, sizeof(nul_sep) - 1, &res, zero_n1), 0);
	CHECK_STDOUT(&res, "a b\nc\n");
	CHECK(!res.errlen);
	EXPECT("a b\nc\n", 0, "[a b]\n[c]\n", "xargs", "-I", "{}", echo,
	       "[{}]");
	EXPECT("a\nb\n", 0, "a-a\nb-b\n", "xargs", "-I", "{}", echo, "{}-{}");
	EXPECT("a\n", 123, "", "xargs", util("false"));
	EXPECT_ERR("a\n", 127, "no_such_command_xyz", "xargs",
		   "no_such_command_xyz");
	leave_scratch();
}

/* ---------------------------------------------------------------- main */

static const struct test_case cases[] = {
	{ "ls_lists_names_sorted", ls_lists_names_sorted },
	{ "ls_lists_files_then_directories", ls_lists_files_then_directories },
	{ "ls_R_recurses", ls_R_recurses },
	{ "ls_l_long_format", ls_l_long_format },
	{ "ls_missing_operand_is_status_2", ls_missing_operand_is_status_2 },
	{ "cat_concatenates_files_and_stdin",
	  cat_concatenates_files_and_stdin },
	{ "cat_n_numbers_lines", cat_n_numbers_lines },
	{ "cat_missing_file_is_status_1", cat_missing_file_is_status_1 },
	{ "echo_prints_arguments", echo_prints_arguments },
	{ "mkdir_p_and_m", mkdir_p_and_m },
	{ "rmdir_empty_and_p", rmdir_empty_and_p },
	{ "rm_files_and_f", rm_files_and_f },
	{ "rm_r_removes_trees", rm_r_removes_trees },
	{ "cp_copies_files", cp_copies_files },
	{ "cp_r_copies_trees", cp_r_copies_trees },
	{ "mv_renames_and_moves", mv_renames_and_moves },
	{ "ln_s_f_and_hard", ln_s_f_and_hard },
	{ "touch_creates_and_updates", touch_creates_and_updates },
	{ "head_lines_and_bytes", head_lines_and_bytes },
	{ "head_headers_and_missing_file", head_headers_and_missing_file },
	{ "tail_lines_and_bytes", tail_lines_and_bytes },
	{ "wc_counts", wc_counts },
	{ "grep_fixed_and_basic", grep_fixed_and_basic },
	{ "grep_extended", grep_extended },
	{ "grep_i_v_c_n_w_x", grep_i_v_c_n_w_x },
	{ "grep_files_l_q_h_H_e", grep_files_l_q_h_H_e },
	{ "grep_errors_are_status_2", grep_errors_are_status_2 },
	{ "sort_default_r_u", sort_default_r_u },
	{ "sort_n_f_k_t", sort_n_f_k_t },
	{ "uniq_c_d_u", uniq_c_d_u },
	{ "tee_copies_to_files", tee_copies_to_files },
	{ "env_prints_and_runs", env_prints_and_runs },
	{ "sleep_waits_and_rejects_junk", sleep_waits_and_rejects_junk },
	{ "kill_l_lists_signals", kill_l_lists_signals },
	{ "kill_sends_signals", kill_sends_signals },
	{ "ps_lists_a_child", ps_lists_a_child },
	{ "free_reports_memory", free_reports_memory },
	{ "uptime_one_line", uptime_one_line },
	{ "uname_fields", uname_fields },
	{ "date_formats_now", date_formats_now },
	{ "dmesg_prints_the_log", dmesg_prints_the_log },
	{ "clear_writes_escape", clear_writes_escape },
	{ "stat_formats", stat_formats },
	{ "true_and_false", true_and_false },
	{ "yes_repeats_until_pipe_closes", yes_repeats_until_pipe_closes },
	{ "seq_counts", seq_counts },
	{ "test_file_primaries", test_file_primaries },
	{ "test_strings_numbers_logic", test_strings_numbers_logic },
	{ "test_bracket_and_syntax_errors", test_bracket_and_syntax_errors },
	{ "xargs_builds_commands", xargs_builds_commands },
};

/* The utilities' directory from UTILDIR; the children get the C locale
   and a PATH that finds the utilities first. */
int main(int argc, char **argv)
{
	static char path[512];
	const char *dir = getenv("UTILDIR");

	if (dir && *dir)
		utildir = dir;
	snprintf(path, sizeof(path), "%s:/bin:/usr/bin", utildir);
	setenv("PATH", path, 1);
	setenv("LC_ALL", "C", 1);
	unsetenv("POSIXLY_CORRECT");
	return test_main("test_utils", cases,
			 (int)(sizeof(cases) / sizeof(cases[0])), argc, argv);
}
