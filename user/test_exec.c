/*
 * test_exec: execve. Arguments and environment arrive exactly (checked
 * by the helper echoargs against a checksum), big argument blocks, the
 * pid and parent survive, images that cannot run give ENOENT or ENOEXEC
 * and leave the caller running, a 32 MiB BSS (the helper bigbss),
 * fork+exec cycles that give back every frame they took, and ETXTBSY for
 * writing a running program's file or running a file open for writing.
 *
 * The helpers are found beside this program; the boot test also puts
 * there "notelf" (text) and "truncated" / "truncated_header" (an ELF
 * cut inside its program headers / inside its ELF header).
 */
#include <fcntl.h>
#include <stdlib.h>

#include "test.h"

#define MANY_ARGS	200
#define BLOCK_ARGS	100	/* of 1 KiB each: a 100 KiB block */
#define BLOCK_SIZE	(100 * 1024)
#define EXEC_CYCLES	100
#define EXEC_WARMUP	10

#define SCRATCH_PROG	"/tmp/test_exec.prog"

static char *const no_env[] = { NULL };

/* Copy the program at from to a new executable file to. */
static void copy_program(const char *from, const char *to)
{
	static char buf[64 * 1024];
	int in = open(from, O_RDONLY), out;
	ssize_t n;

	if (in < 0)
		test_fail("open %s: %s", from, strerror(errno));
	out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	if (out < 0)
		test_fail("create %s: %s", to, strerror(errno));
	while ((n = read(in, buf, sizeof(buf))) > 0)
		CHECK_EQ(write(out, buf, n), n);
	CHECK_EQ(n, 0);
	CHECK_OK(close(in));
	CHECK_OK(close(out));
}

/*
 * Fork a child that execs echoargs with args[0..nargs) after its
 * description and env as its environment; returns the child's status.
 * With ids, echoargs also checks that its pid and ppid are the child's.
 */
static int run_echoargs(char **args, int nargs, char *const *env, int ids,
			int code)
{
	char path[256], desc[128];
	pid_t pid;

	test_sibling("echoargs", path, sizeof(path));
	pid = test_fork();
	if (pid == 0) {
		char **argv = calloc(nargs + 3, sizeof(char *));
		int envc = 0;

		CHECK(argv != NULL);
		while (env[envc])
			envc++;
		argv[0] = path;
		argv[1] = desc;
		memcpy(argv + 2, args, nargs * sizeof(char *));
		snprintf(desc, sizeof(desc), "%d %llx %d %llx %d %d %d",
			 nargs + 2, test_args_hash(argv, nargs + 2, 1), envc,
			 test_args_hash(env, envc, -1), ids ? getpid() : -1,
			 ids ? getppid() : -1, code);
		execve(path, argv, env);
		test_fail("execve %s: %s", path, strerror(errno));
	}
	return test_wait(pid);
}

static void exec_passes_argv_and_envp(void)
{
	char *args[] = { "one", "", "two words", "tab\there", "\x01\x7f\xff",
			 "=", "last" };
	char *env[] = { "PATH=/bin", "HOME=/", "EMPTY=", "X=a=b=c", "NOEQ",
			NULL };

	CHECK_EXITED(run_echoargs(args, 7, env, 0, 0), 0);
}

static void exec_with_empty_environment(void)
{
	char *args[] = { "a" };

	CHECK_EXITED(run_echoargs(args, 1, no_env, 0, 0), 0);
	CHECK_EXITED(run_echoargs(NULL, 0, no_env, 0, 0), 0);
}

static void exec_passes_200_arguments(void)
{
	char *args[MANY_ARGS], *env[41];
	int i;

	for (i = 0; i < MANY_ARGS; i++) {
		args[i] = malloc(32);
		CHECK(args[i] != NULL);
		snprintf(args[i], 32, "arg-%d-%.*s", i, i % 17,
			 "xxxxxxxxxxxxxxxxx");
	}
	for (i = 0; i < 40; i++) {
		env[i] = malloc(32);
		CHECK(env[i] != NULL);
		snprintf(env[i], 32, "VAR%d=value %d", i, i * i);
	}
	env[40] = NULL;
	CHECK_EXITED(run_echoargs(args, MANY_ARGS, env, 0, 0), 0);
}

/* A string of n bytes that differs from its neighbours. */
static char *pattern(size_t n, unsigned seed)
{
	char *s = malloc(n + 1);
	size_t i;

	CHECK(s != NULL);
	for (i = 0; i < n; i++)
		s[i] = 'A' + (i * 7 + seed) % 58;
	s[n] = 0;
	return s;
}

static void exec_passes_100k_argument_block(void)
{
	char *args[BLOCK_ARGS], *env[] = { NULL, NULL };
	int i;

	for (i = 0; i < BLOCK_ARGS; i++)
		args[i] = pattern(BLOCK_SIZE / BLOCK_ARGS - 1, i);
	env[0] = pattern(8000, 99);
	CHECK_EXITED(run_echoargs(args, BLOCK_ARGS, env, 0, 0), 0);
}

static void exec_passes_100k_single_argument(void)
{
	char *args[] = { pattern(BLOCK_SIZE, 1), "after" };

	CHECK_EXITED(run_echoargs(args, 2, no_env, 0, 0), 0);
}

static void exec_keeps_pid_and_ppid(void)
{
	char *args[] = { "ids" };

	CHECK_EXITED(run_echoargs(args, 1, no_env, 1, 0), 0);
}

static void exec_exit_status_reaches_parent(void)
{
	CHECK_EXITED(run_echoargs(NULL, 0, no_env, 1, 42), 42);
	CHECK_EXITED(run_echoargs(NULL, 0, no_env, 1, 255), 255);
}

/*
 * execve(name) fails with err, and the caller runs on: its memory and
 * pid are what they were, and it can still fork and exec.
 */
static void exec_fails_and_caller_runs_on(const char *name, int err)
{
	volatile uint64_t canary[64];
	static uint64_t global = 0x1234;
	char path[256], *argv[] = { path, "x", NULL };
	pid_t me = getpid();
	int i;

	for (i = 0; i < 64; i++)
		canary[i] = i * 0x0101010101010101ull;
	test_sibling(name, path, sizeof(path));
	CHECK_ERR(execve(path, argv, no_env), err);
	CHECK_EQ(getpid(), me);
	CHECK_EQ(global, 0x1234);
	for (i = 0; i < 64; i++)
		CHECK_EQ(canary[i], i * 0x0101010101010101ull);
	CHECK_EXITED(run_echoargs(NULL, 0, no_env, 1, 0), 0);
}

static void exec_missing_file_gives_enoent(void)
{
	char *argv[] = { "x", NULL };

	exec_fails_and_caller_runs_on("no-such-program", ENOENT);
	CHECK_ERR(execve("/no/such/dir/prog", argv, no_env), ENOENT);
	CHECK_ERR(execve("", argv, no_env), ENOENT);
}

static void exec_non_elf_gives_enoexec(void)
{
	exec_fails_and_caller_runs_on("notelf", ENOEXEC);
}

static void exec_truncated_elf_gives_enoexec(void)
{
	exec_fails_and_caller_runs_on("truncated", ENOEXEC);
	exec_fails_and_caller_runs_on("truncated_header", ENOEXEC);
}

static void exec_image_with_32m_bss(void)
{
	char path[256], *argv[] = { path, NULL };
	pid_t pid;

	test_sibling("bigbss", path, sizeof(path));
	pid = test_fork();
	if (pid == 0) {
		execve(path, argv, no_env);
		test_fail("execve %s: %s", path, strerror(errno));
	}
	CHECK_EXITED(test_wait(pid), 0);
}

/* The parent's memory is its own while and after its child execs. */
static void exec_after_fork_leaves_parent_alone(void)
{
	static char data[3 * TEST_PAGE] = "parent";
	char *heap = malloc(TEST_PAGE);
	int i;

	CHECK(heap != NULL);
	memset(heap, 0x5a, TEST_PAGE);
	for (i = 0; i < 4; i++)
		CHECK_EXITED(run_echoargs(NULL, 0, no_env, 1, 0), 0);
	CHECK(strcmp(data, "parent") == 0);
	for (i = 0; i < TEST_PAGE; i++)
		CHECK_EQ(heap[i], 0x5a);
}

/* A process with much memory of its own execs: all of it goes. */
static void exec_from_a_big_process(void)
{
	size_t n = 16 << 20;
	char *big = malloc(n);
	size_t i;

	CHECK(big != NULL);
	for (i = 0; i < n; i += TEST_PAGE)
		big[i] = 1;
	CHECK_EXITED(run_echoargs(NULL, 0, no_env, 1, 0), 0);
}

static void exec_cycles_keep_free_memory(void)
{
	char *args[] = { "cycle" };
	struct test_meminfo before, after;
	int i;

	for (i = 0; i < EXEC_WARMUP; i++)
		CHECK_EXITED(run_echoargs(args, 1, no_env, 0, 0), 0);
	test_sleep_ms(100);
	before = test_meminfo();
	for (i = 0; i < EXEC_CYCLES; i++)
		CHECK_EXITED(run_echoargs(args, 1, no_env, 0, 0), 0);
	test_sleep_ms(100);
	after = test_meminfo();
	test_check_same_free(before, after, "100 fork+exec+exit+wait cycles");
}

/*
 * A running program's file cannot be written (its pages are the
 * program's): opening it for writing, truncating it and O_TRUNC give
 * ETXTBSY, reading does not; nor can a file open for writing be run.
 * Once the program is gone, the file is writable again. The program is
 * a copy of sleep, run until killed; a close-on-exec pipe says when its
 * exec is done (end of file) or failed (the errno).
 */
static void running_program_file_is_busy(void)
{
	char *argv[] = { SCRATCH_PROG, "100", NULL };
	int p[2], fd, err = 0;
	pid_t pid;

	copy_program("/bin/sleep", SCRATCH_PROG);
	CHECK_OK(pipe2(p, O_CLOEXEC));
	pid = test_fork();
	if (pid == 0) {
		execve(SCRATCH_PROG, argv, no_env);
		err = errno;
		(void)!write(p[1], &err, sizeof(err));
		_exit(127);
	}
	CHECK_OK(close(p[1]));
	CHECK_EQ(read(p[0], &err, sizeof(err)), 0);	/* exec'd */
	CHECK_OK(close(p[0]));
	CHECK_ERR(open(SCRATCH_PROG, O_WRONLY), ETXTBSY);
	CHECK_ERR(open(SCRATCH_PROG, O_RDWR), ETXTBSY);
	CHECK_ERR(open(SCRATCH_PROG, O_RDONLY | O_TRUNC), ETXTBSY);
	CHECK_ERR(truncate(SCRATCH_PROG, 0), ETXTBSY);
	fd = open(SCRATCH_PROG, O_RDONLY);
	CHECK(fd >= 0);
	CHECK_OK(close(fd));
	CHECK_OK(kill(pid, SIGKILL));
	CHECK_SIGNALED(test_wait(pid), SIGKILL);
	/* Open for writing, it cannot be run. */
	fd = open(SCRATCH_PROG, O_WRONLY);
	CHECK(fd >= 0);
	CHECK_ERR(execve(SCRATCH_PROG, argv, no_env), ETXTBSY);
	CHECK_OK(close(fd));
	CHECK_OK(unlink(SCRATCH_PROG));
}

static const struct test_case cases[] = {
	{ "exec_passes_argv_and_envp", exec_passes_argv_and_envp },
	{ "exec_with_empty_environment", exec_with_empty_environment },
	{ "exec_passes_200_arguments", exec_passes_200_arguments },
	{ "exec_passes_100k_argument_block", exec_passes_100k_argument_block },
	{ "exec_passes_100k_single_argument",
	  exec_passes_100k_single_argument },
	{ "exec_keeps_pid_and_ppid", exec_keeps_pid_and_ppid },
	{ "exec_exit_status_reaches_parent", exec_exit_status_reaches_parent },
	{ "exec_missing_file_gives_enoent", exec_missing_file_gives_enoent },
	{ "exec_non_elf_gives_enoexec", exec_non_elf_gives_enoexec },
	{ "exec_truncated_elf_gives_enoexec",
	  exec_truncated_elf_gives_enoexec },
	{ "exec_image_with_32m_bss", exec_image_with_32m_bss },
	{ "exec_after_fork_leaves_parent_alone",
	  exec_after_fork_leaves_parent_alone },
	{ "exec_from_a_big_process", exec_from_a_big_process },
	{ "exec_cycles_keep_free_memory", exec_cycles_keep_free_memory },
	{ "running_program_file_is_busy", running_program_file_is_busy },
};

TEST_MAIN("test_exec", cases)
