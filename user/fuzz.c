/*
 * fuzz: a system-call fuzzer.
 *
 *   fuzz [-s SEED] [-n CALLS] [-p PROCS] [-b BATCH] [-w WORKER] [-v]
 *
 * The driver keeps PROCS worker processes running until CALLS calls have
 * been made. Worker number k makes up to BATCH calls drawn from a
 * generator seeded with (SEED, k), so a run is reproduced by its seed;
 * -w K runs worker K alone in the foreground and prints each call before
 * making it. A worker picks a number (every Linux x86_64 one up to
 * FUZZ_NR_MAX and beyond: 512-1023, 32- and 64-bit garbage), makes the
 * call by `syscall` or, one time in eight, `int $0x80`, with arguments
 * drawn by kind from values that break kernels: 0, -1, sizes around page
 * and integer limits, pointers that are unaligned, straddle into an
 * unmapped page, point at read-only or PROT_NONE memory, into the kernel
 * half or off the canonical range, descriptors good and bad, flags with
 * every bit set.
 *
 * What a worker may harm is confined to itself: paths that are written
 * are below its own directory (/tmp/fuzz.PID/wK), signals and
 * process-wide calls target only itself, its process group and its own
 * children (each worker leads a session of its own, without a terminal),
 * and calls that would only end the run or change the machine
 * (exit, reboot, settimeofday, mount, syslog's console level ...) are
 * never made. A fork-like call's child exits at once, in assembly. An
 * interval timer interrupts calls that block; the driver kills a worker
 * that makes no progress for FUZZ_STALL_MS.
 *
 * At the end the driver prints how the workers ended and checks that
 * free memory and the process count came back to where they started
 * (the kernel is expected to have freed everything the workers held);
 * it exits 1 if not.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define FUZZ_NR_MAX	470	/* above the highest Linux x86_64 number */
#define FUZZ_STALL_MS	3000	/* a worker this long without a call dies */
#define FUZZ_TICK_US	10000	/* the interval timer that ends blocking */
#define FUZZ_PAGE	4096
#define FUZZ_PG_PAGES	4	/* the playground: read-write pages, ... */
#define FUZZ_FREE_SLACK	64	/* pages free memory may differ at the end */
#define MAX_PROCS	32

/* ------------------------------------------------------ the generator */

static uint64_t rng;

static uint64_t next(void)			/* splitmix64 */
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static uint64_t below(uint64_t n)
{
	return next() % n;
}

#define PICK(a)	((a)[below(sizeof(a) / sizeof((a)[0]))])

/* ------------------------------------------------- what a worker holds */

static char *pg;		/* RW pages, then a PROT_NONE page, then RO */
static char *rodata_page;
static char workdir[64];	/* absolute: /tmp/fuzz.PID/wK */
static char pathbuf[4096];	/* the worker's own paths */
static char *paths[32];
static int npaths;
static int fds[16], nfds;
static pid_t self, last_child;
static volatile uint64_t *counter;	/* calls made, read by the driver */
static int verbose_fd = -1;

static const uint64_t interesting[] = {
	0, 1, 2, 3, 4, 7, 8, 15, 16, 31, 32, 63, 64, 127, 128, 255, 256,
	511, 512, 1023, 1024, 4095, 4096, 4097, 8191, 8192, 65535, 65536,
	0x7fff, 0x8000, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000,
	0x7fffffffffffffff, 0x8000000000000000, ~0ull, ~0ull - 1,
	-4095ull, -4096ull, 1ull << 31, 1ull << 40, 1ull << 47, 1ull << 48,
};

/* Addresses that are not the playground: none of them may be written. */
static const uint64_t bad_pointers[] = {
	0, 1, 8, 0x1000, 0x10000,
	0x00007ffffffff000, 0x00007fffffffffff,	/* the top of user space */
	0x0000800000000000, 0x7fffffffffffffff,	/* not canonical */
	0xffff800000000000, 0xffff800000001000,	/* the kernel half */
	0xffffffff80000000, 0xfffffffffffff000, ~0ull - 7,
};

static uint64_t pointer(void)
{
	switch (below(10)) {
	case 0:
	case 1:
		return (uint64_t)pg + below(FUZZ_PG_PAGES * FUZZ_PAGE);
	case 2:
	case 3:
		return (uint64_t)pg + FUZZ_PAGE * below(FUZZ_PG_PAGES);
	case 4:			/* the last bytes before the PROT_NONE page */
		return (uint64_t)pg + FUZZ_PG_PAGES * FUZZ_PAGE - 1 - below(64);
	case 5:
		return (uint64_t)rodata_page + below(FUZZ_PAGE);
	case 6:
		return (uint64_t)&next;		/* the program's text */
	case 7:
		return PICK(bad_pointers) + (below(4) ? 0 : below(4096));
	default:
		return PICK(bad_pointers);
	}
}

static uint64_t length(void)
{
	switch (below(6)) {
	case 0:
		return below(64);
	case 1:
		return FUZZ_PAGE * below(8) + (below(2) ? below(16) : 0);
	case 2:
		return 1ull << below(64);
	case 3:
		return PICK(interesting);
	default:
		return below(2 * FUZZ_PAGE);
	}
}

static uint64_t flags(void)
{
	switch (below(5)) {
	case 0:
		return 0;
	case 1:
		return below(2) ? ~0ull : 0xffffffff;
	case 2:
		return 1ull << below(32);
	case 3:
		return (1ull << below(32)) | (1ull << below(32)) | below(8);
	default:
		return next() & 0xffffffff;
	}
}

static uint64_t fd(void)
{
	static const int64_t bad[] = { -1, -100, 1023, 1024, 65536, 0x7fffffff };

	if (nfds == 0 || below(8) == 0)		/* none yet: set-up */
		return (uint64_t)PICK(bad);
	if (below(16) == 0)	/* high bits: an int argument drops them */
		return (next() << 32) | (uint32_t)fds[below(nfds)];
	return (uint64_t)fds[below(nfds)];
}

static uint64_t dir_fd(void)
{
	return below(3) ? (uint64_t)(int64_t)AT_FDCWD : fd();
}

/* Paths below the worker's directory, absolute or relative to it. */
static uint64_t own_path(void)
{
	return below(16) ? (uint64_t)paths[below(npaths)] : pointer();
}

/* Anything for calls that only look: stat, readlink, access ... */
static uint64_t any_path(void)
{
	static const char *const sys[] = {
		"/", "/tmp", "/bin/true", "/dev/null", "/dev/zero",
		"/proc/self/status", "/proc/meminfo", "/proc/self/fd/0",
		"/etc", "/nonexistent/x", "/bin/true/x",
	};

	return below(2) ? (uint64_t)PICK(sys) : own_path();
}

static uint64_t exec_path(void)
{
	static const char *const p[] = { "/bin/true", "a", "dir", "nothing",
					 "/tmp", "/dev/null" };

	return below(8) ? (uint64_t)PICK(p) : pointer();
}

/* Processes a worker may signal: itself, its group, its children. */
static uint64_t pid(void)
{
	static const int64_t far[] = { 0x7fffffff, -0x7fffffff, 0x40000000,
				       99999999 };

	switch (below(6)) {
	case 0:
		return 0;
	case 1:
		return (uint64_t)(int64_t)-self;
	case 2:
		return (uint64_t)last_child;
	case 3:
		return (uint64_t)PICK(far);
	default:
		return (uint64_t)self;
	}
}

static uint64_t signo(void)
{
	static const uint64_t odd[] = { 0, 65, 128, ~0ull, 0x100000009 };

	return below(8) ? 1 + below(64) : PICK(odd);
}

static uint64_t any(void)
{
	switch (below(8)) {
	case 0:
	case 1:
		return pointer();
	case 2:
		return fd();
	case 3:
		return length();
	case 4:
		return flags();
	case 5:
		return next();
	default:
		return PICK(interesting);
	}
}

/*
 * Argument kinds per call, one letter each: p pointer, l length, o
 * offset, F flags, f descriptor, d directory descriptor, P the worker's
 * own path, R any path (for calls that only look), X a program, i a
 * process it may touch, s a signal, w getpriority's which (not
 * PRIO_USER: that is every process), y a harmless syslog action, a
 * anything. "!" is never called. A number not listed takes six a's.
 */
static const char *const kinds[FUZZ_NR_MAX] = {
	[0] = "fpl", [1] = "fpl", [2] = "PFa", [3] = "f", [4] = "Rp",
	[5] = "fp", [6] = "Rp", [7] = "pla", [8] = "foa", [9] = "plaFfo",
	[10] = "pla", [11] = "pl", [12] = "p", [13] = "sppl", [14] = "appl",
	[15] = "", [16] = "fap", [17] = "fplo", [18] = "fplo", [19] = "fpl",
	[20] = "fpl", [21] = "Ra", [22] = "p", [23] = "lpppp", [24] = "",
	[25] = "pllFp", [26] = "plF", [27] = "plp", [28] = "pla", [32] = "f",
	[33] = "ff", [34] = "", [35] = "pp", [36] = "ap", [37] = "a",
	[38] = "app", [39] = "", [40] = "ffpl", [56] = "Fppaa", [57] = "",
	[58] = "", [59] = "Xpp", [60] = "!", [61] = "ipap", [62] = "is",
	[63] = "p", [72] = "faa", [73] = "fa", [74] = "f", [75] = "f",
	[76] = "Po", [77] = "fo", [78] = "fpl", [79] = "pl", [80] = "P",
	[81] = "f", [82] = "PP", [83] = "Pa", [84] = "P", [85] = "Pa",
	[86] = "PP", [87] = "P", [88] = "RP", [89] = "Rpl", [90] = "Pa",
	[91] = "fa", [92] = "Paa", [93] = "faa", [94] = "Paa", [95] = "a",
	[96] = "pp", [97] = "ap", [98] = "ap", [99] = "p", [100] = "p",
	[101] = "aipp", [103] = "ypl", [109] = "ii", [121] = "i",
	[124] = "i", [127] = "pl", [128] = "pppl", [129] = "isp",
	[130] = "pl", [131] = "pp", [132] = "Pp", [133] = "Paa", [137] = "Rp",
	[138] = "fp", [140] = "wi", [141] = "wia", [142] = "ip",
	[143] = "ip", [144] = "iap", [145] = "i", [153] = "!", [155] = "!",
	[158] = "ap", [159] = "!", [160] = "ap", [161] = "P", [163] = "!",
	[164] = "!", [165] = "!", [166] = "!", [167] = "!", [168] = "!",
	[169] = "!", [170] = "!", [171] = "!", [172] = "!", [173] = "!",
	[175] = "!", [176] = "!", [200] = "is", [201] = "p", [202] = "paapap",
	[203] = "ilp", [204] = "ilp", [218] = "p", [227] = "!", [228] = "ap",
	[229] = "ap", [230] = "aapp", [231] = "!", [234] = "iis",
	[235] = "Pp", [247] = "aipap", [257] = "dPFa", [258] = "dPa",
	[259] = "dPaa", [260] = "dPaaa", [262] = "dRpa", [263] = "dPa",
	[264] = "dPdP", [265] = "dPdPa", [266] = "RdP", [267] = "dRpl",
	[268] = "dPa", [269] = "dRa", [270] = "lppppp", [271] = "plppl",
	[273] = "pl", [274] = "ipp", [280] = "dPpa", [292] = "ffa",
	[293] = "pa", [297] = "iisp", [300] = "!", [302] = "iapp",
	[304] = "!", [305] = "!", [309] = "ppp", [310] = "ipapaa",
	[311] = "ipapaa", [313] = "!", [316] = "dPdPa", [318] = "pla",
	[320] = "!", [321] = "!", [322] = "dXppa", [332] = "dRaap",
	[424] = "fspa", [428] = "!", [429] = "!", [430] = "!", [431] = "!",
	[432] = "!", [434] = "ia", [435] = "pl", [439] = "dRaa",
};

/* 103 syslog: read (2, 3), size (10), unread count (9). Not 1, 4-8:
   they clear the log or silence the console. */
static uint64_t syslog_action(void)
{
	static const uint64_t ok[] = { 0, 3, 9, 10, 11, 100, ~0ull };

	return PICK(ok);
}

static uint64_t arg(char kind)
{
	switch (kind) {
	case 'p': return pointer();
	case 'l': return length();
	case 'o': return below(2) ? PICK(interesting) : next();
	case 'F': return flags();
	case 'f': return fd();
	case 'd': return dir_fd();
	case 'P': return own_path();
	case 'R': return any_path();
	case 'X': return exec_path();
	case 'i': return pid();
	case 's': return signo();
	case 'w': return below(2) ? below(2) : 3 + below(100);
	case 'y': return syslog_action();
	default:  return any();
	}
}

static uint64_t number(void)
{
	switch (below(32)) {
	case 0:
		return 512 + below(512);
	case 1:
		return below(2) ? next() : next() & 0xffffffff;
	case 2:		/* the x32 bit, and -1 */
		return below(2) ? 0x40000000 | below(FUZZ_NR_MAX) : ~0ull;
	default:
		return below(FUZZ_NR_MAX);
	}
}

static int is_forklike(uint64_t nr)
{
	return nr == 56 || nr == 57 || nr == 58 || nr == 435;
}

/* ----------------------------------------------------------- the call */

/*
 * One system call. A fork-like call's child (RAX 0) calls exit at once,
 * without touching memory: it may share this stack.
 */
static long raw_call(uint64_t nr, const uint64_t a[6], int int80, int forklike)
{
	register uint64_t r10 __asm__("r10") = a[3];
	register uint64_t r8 __asm__("r8") = a[4];
	register uint64_t r9 __asm__("r9") = a[5];
	uint64_t ret = nr;

	if (forklike)
		__asm__ volatile("syscall\n\t"
				 "test %%rax, %%rax\n\t"
				 "jnz 1f\n\t"
				 "mov $60, %%eax\n\t"
				 "xor %%edi, %%edi\n\t"
				 "syscall\n\t"
				 "ud2\n"
				 "1:"
				 : "+a"(ret)
				 : "D"(a[0]), "S"(a[1]), "d"(a[2]), "r"(r10),
				   "r"(r8), "r"(r9)
				 : "rcx", "r11", "memory");
	else if (int80)
		__asm__ volatile("int $0x80"
				 : "+a"(ret)
				 : "D"(a[0]), "S"(a[1]), "d"(a[2]), "r"(r10),
				   "r"(r8), "r"(r9)
				 : "rcx", "r11", "memory");
	else
		__asm__ volatile("syscall"
				 : "+a"(ret)
				 : "D"(a[0]), "S"(a[1]), "d"(a[2]), "r"(r10),
				   "r"(r8), "r"(r9)
				 : "rcx", "r11", "memory");
	return (long)ret;
}

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void one_call(void)
{
	uint64_t nr = number(), a[6];
	const char *k = nr < FUZZ_NR_MAX && kinds[nr] ? kinds[nr] : "aaaaaa";
	int i, n = (int)strlen(k);
	long ret;

	if (*k == '!')
		return;
	for (i = 0; i < 6; i++)
		a[i] = i < n ? arg(k[i]) : any();
	if (verbose_fd >= 0)
		say("%lu(%#lx, %#lx, %#lx, %#lx, %#lx, %#lx)", nr, a[0], a[1],
		    a[2], a[3], a[4], a[5]);
	ret = raw_call(nr, a, below(8) == 0, is_forklike(nr));
	if (is_forklike(nr) && ret > 0)
		last_child = (pid_t)ret;
	if (verbose_fd >= 0)
		say("  = %ld", ret);
}

/* ---------------------------------------------------------- a worker */

static void say(const char *fmt, ...)
{
	char line[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(line) - 2)
		n = sizeof(line) - 2;
	line[n++] = '\n';
	(void)!write(verbose_fd >= 0 ? verbose_fd : 1, line, n);
}

static void on_tick(int sig)
{
	(void)sig;		/* only ends a blocking call with EINTR */
}

/*
 * (Re)map the playground: FUZZ_PG_PAGES read-write pages of random
 * bytes with interesting values and pointers scattered over them (so
 * that structures the kernel reads, iovecs, sigactions, pollfds, hold
 * pointers and sizes too), then a PROT_NONE page, then a read-only one.
 * Calls may have unmapped or protected any of it; only here does the
 * worker itself touch it.
 */
static int map_playground(void)
{
	size_t len = (FUZZ_PG_PAGES + 2) * FUZZ_PAGE;
	uint64_t *w;
	int i;

	pg = mmap(pg, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS |
		  (pg ? MAP_FIXED : 0), -1, 0);
	if (pg == MAP_FAILED)
		return -1;
	w = (uint64_t *)pg;
	for (i = 0; i < (int)(len / 8); i++)
		w[i] = next();
	for (i = 0; i < 64; i++)
		w[below(FUZZ_PG_PAGES * FUZZ_PAGE / 8)] = any();
	rodata_page = pg + (FUZZ_PG_PAGES + 1) * FUZZ_PAGE;
	if (mprotect(pg + FUZZ_PG_PAGES * FUZZ_PAGE, FUZZ_PAGE, PROT_NONE) < 0 ||
	    mprotect(rodata_page, FUZZ_PAGE, PROT_READ) < 0)
		return -1;
	return 0;
}

/* Undo what random calls may have done to the worker's means: the
   playground, the tick and its handler, SIGPIPE ignored. */
static void rearm(void)
{
	struct sigaction sa;
	struct itimerval it = { { 0, FUZZ_TICK_US }, { 0, FUZZ_TICK_US } };
	sigset_t none;

	if (map_playground() < 0)
		_exit(3);		/* out of memory: counted as "other" */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_tick;
	sigaction(SIGALRM, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
}

static void add_path(char **at, const char *s)
{
	size_t n = strlen(s) + 1;

	memcpy(*at, s, n);
	paths[npaths++] = *at;
	*at += n;
}

/* The playground, the worker's directory with a few files in it, and
   the descriptors calls draw from (0-2 become /dev/null). */
static int set_up(const char *base, uint64_t k)
{
	static const char *const rel[] = {
		"a", "b", "dir", "dir/x", "ln", "nothing", "", ".", "a/",
		"ln/x", "dir/../a", "fifo", "dir/y/z",
	};
	char *at, name[96], big[FUZZ_PAGE / 2 + 8];
	int i, p[2], f;

	if (map_playground() < 0)
		return -1;
	snprintf(workdir, sizeof(workdir), "%s/w%lu", base, (unsigned long)k);
	if (mkdir(workdir, 0755) < 0 || chdir(workdir) < 0 ||
	    mkdir("dir", 0755) < 0)
		return -1;
	f = open("a", O_CREAT | O_RDWR, 0644);
	if (f < 0 || write(f, pg, FUZZ_PAGE) != FUZZ_PAGE)
		return -1;
	close(f);
	(void)!symlink("a", "ln");

	at = pathbuf;
	for (i = 0; i < (int)(sizeof(rel) / sizeof(rel[0])); i++)
		add_path(&at, rel[i]);
	snprintf(name, sizeof(name), "%s/a", workdir);
	add_path(&at, name);
	snprintf(name, sizeof(name), "%s/dir", workdir);
	add_path(&at, name);
	memset(big, 'x', sizeof(big) - 1);	/* a 2 KiB name */
	big[sizeof(big) - 1] = 0;
	add_path(&at, big);
	for (i = 0; i < 600; i++)		/* deep: dir/dir/dir/... */
		at[i] = "dir/"[i % 4];
	at[599] = 0;
	paths[npaths++] = at;

	for (i = 0; i < 1024; i++)	/* the driver's, and 0-2: /dev/null */
		if (i != verbose_fd)
			close(i);
	for (i = 0; i < 3; i++)
		if (open("/dev/null", O_RDWR) != i)
			return -1;
	fds[nfds++] = 0;
	fds[nfds++] = open("a", O_RDWR);
	fds[nfds++] = open("a", O_RDONLY | O_APPEND);
	fds[nfds++] = open(".", O_RDONLY | O_DIRECTORY);
	fds[nfds++] = open("/dev/zero", O_RDONLY);
	fds[nfds++] = open("/proc/meminfo", O_RDONLY);
	fds[nfds++] = open("/proc/self/status", O_RDONLY);
	if (pipe(p) == 0) {
		fds[nfds++] = p[0];
		fds[nfds++] = p[1];
	}
	if (pipe(p) == 0) {			/* a pipe with no reader */
		fds[nfds++] = p[1];
		close(p[0]);
	}
	for (i = 0; i < nfds; i++)
		if (fds[i] < 0)
			return -1;
	return 0;
}

static uint64_t worker_seed(uint64_t seed, uint64_t k)
{
	rng = seed ^ (k * 0xd1342543de82ef95ull);
	return next();
}

static void worker(const char *base, uint64_t seed, uint64_t k, int batch)
{
	int i;

	rng = worker_seed(seed, k);
	self = getpid();
	last_child = self;
	setsid();		/* its own group, no terminal: see strays() */
	if (set_up(base, k) < 0) {
		perror("fuzz: worker set-up");
		_exit(2);
	}
	for (i = 0; i < batch; i++) {
		if (i % 16 == 0)
			rearm();
		one_call();
		++*counter;
	}
	_exit(0);
}

/* ---------------------------------------------------------- the driver */

struct slot {
	pid_t pid;
	uint64_t worker, batch, seen;
	long long since;		/* ms: when seen last changed */
};

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static int rm_one(const char *path, const struct stat *st, int type,
		  struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (type == FTW_DP)
		chmod(path, 0700), rmdir(path);
	else
		unlink(path);
	return 0;
}

static void remove_tree(const char *path)
{
	nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

struct tally {
	uint64_t calls, workers, clean, stalled, by_signal[65], no_setup,
		 other, strays;
};

static void count_end(struct tally *t, int st, uint64_t calls)
{
	t->calls += calls;
	t->workers++;
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		t->clean++;
	else if (WIFEXITED(st) && WEXITSTATUS(st) == 2)
		t->no_setup++;
	else if (WIFSIGNALED(st) && WTERMSIG(st) < 65)
		t->by_signal[WTERMSIG(st)]++;
	else
		t->other++;
}

static struct sysinfo info(void)
{
	struct sysinfo si;

	if (sysinfo(&si) < 0) {
		perror("fuzz: sysinfo");
		exit(1);
	}
	return si;
}

/*
 * What the workers (each the leader of its own session) left behind, such
 * as a child stopped before its exit: processes named fuzz, in another
 * session, orphaned (their parent init, or this driver when it is init).
 * kill: end them; else list them.
 */
static int strays(int kill_them)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	char path[64], line[160], *r;
	int f, n, pid, ppid, pgrp, sid, found = 0;
	char state;

	while (d && (e = readdir(d))) {
		if ((pid = atoi(e->d_name)) <= 0 || pid == getpid())
			continue;
		snprintf(path, sizeof(path), "/proc/%d/stat", pid);
		if ((f = open(path, O_RDONLY)) < 0)
			continue;
		n = read(f, line, sizeof(line) - 1);
		close(f);
		line[n > 0 ? n : 0] = 0;
		line[strcspn(line, "\n")] = 0;
		if (!strstr(line, " (fuzz) ") || !(r = strrchr(line, ')')) ||
		    sscanf(r + 1, " %c %d %d %d", &state, &ppid, &pgrp, &sid) != 4 ||
		    sid == getsid(0) || (ppid != 1 && ppid != getpid()))
			continue;
		found++;
		if (kill_them)
			kill(pid, SIGKILL);
		else
			printf("fuzz: still there: %.60s\n", line);
	}
	if (d)
		closedir(d);
	return found;
}

/* Free memory and the process count back where they were? Orphans of
   the workers are init's to reap, so give it a moment. */
static int check_returned(struct sysinfo before)
{
	struct sysinfo after;
	long long pages;
	int tries;

	for (tries = 0; tries < 50; tries++) {
		sleep_ms(100);
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;		/* orphans, if the driver is init */
		after = info();
		pages = ((long long)after.freeram - (long long)before.freeram) *
			after.mem_unit / FUZZ_PAGE;
		if (after.procs == before.procs &&
		    pages >= -FUZZ_FREE_SLACK && pages <= FUZZ_FREE_SLACK)
			break;
	}
	printf("fuzz: free memory %lu KiB before, %lu KiB after (%+lld "
	       "pages); %d processes before, %d after\n",
	       (unsigned long)(before.freeram * before.mem_unit / 1024),
	       (unsigned long)(after.freeram * after.mem_unit / 1024), pages,
	       before.procs, after.procs);
	if (after.procs != before.procs ||
	    pages < -FUZZ_FREE_SLACK || pages > FUZZ_FREE_SLACK) {
		printf("fuzz: FAIL: the kernel did not give back what the "
		       "workers held\n");
		strays(0);
		return 0;
	}
	return 1;
}

static void report(const struct tally *t, long long ms, uint64_t seed)
{
	int sig;

	printf("fuzz: seed %lu: %lu calls by %lu workers in %lld ms; %lu "
	       "finished, %lu stalled and killed, %lu failed to set up, %lu "
	       "other", (unsigned long)seed, (unsigned long)t->calls,
	       (unsigned long)t->workers, ms, (unsigned long)t->clean,
	       (unsigned long)t->stalled, (unsigned long)t->no_setup,
	       (unsigned long)t->other);
	for (sig = 1; sig < 65; sig++)
		if (t->by_signal[sig])
			printf(", %lu by signal %d", (unsigned long)t->by_signal[sig],
			       sig);
	printf("; %lu processes left behind, killed\n",
	       (unsigned long)t->strays);
}

static int drive(const char *base, uint64_t seed, uint64_t total, int procs,
		 int batch, int verbose)
{
	struct slot slots[MAX_PROCS];
	struct tally t;
	volatile uint64_t *counters;
	uint64_t next_worker = 0, planned = 0;
	long long start = now_ms();
	int i, running = 0;

	memset(slots, 0, sizeof(slots));
	memset(&t, 0, sizeof(t));
	counters = mmap(NULL, FUZZ_PAGE, PROT_READ | PROT_WRITE,
			MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (counters == MAP_FAILED) {
		perror("fuzz: mmap");
		return 0;
	}
	while (planned < total || running > 0) {
		pid_t w;
		int st;

		for (i = 0; i < procs && planned < total; i++) {
			struct slot *s = &slots[i];

			if (s->pid)
				continue;
			s->worker = next_worker++;
			s->batch = total - planned < (uint64_t)batch ?
				   total - planned : (uint64_t)batch;
			s->seen = counters[i] = 0;
			s->since = now_ms();
			planned += s->batch;
			fflush(stdout);
			s->pid = fork();
			if (s->pid < 0) {
				perror("fuzz: fork");
				return 0;
			}
			if (s->pid == 0) {
				counter = &counters[i];
				worker(base, seed, s->worker, (int)s->batch);
			}
			if (verbose)
				printf("fuzz: worker %lu is pid %d\n",
				       (unsigned long)s->worker, s->pid);
			running++;
		}
		sleep_ms(20);
		while ((w = waitpid(-1, &st, WNOHANG)) > 0) {
			for (i = 0; i < procs && slots[i].pid != w; i++)
				;
			if (i == procs)
				continue;	/* CLONE_PARENT made it ours */
			count_end(&t, st, counters[i]);
			planned -= slots[i].batch - counters[i];
			slots[i].pid = 0;
			running--;
		}
		for (i = 0; i < procs; i++) {
			struct slot *s = &slots[i];

			if (!s->pid)
				continue;
			if (counters[i] != s->seen) {
				s->seen = counters[i];
				s->since = now_ms();
			} else if (now_ms() - s->since > FUZZ_STALL_MS) {
				kill(s->pid, SIGKILL);
				s->since = now_ms();	/* once */
				t.stalled++;
				if (verbose)
					printf("fuzz: worker %lu stalled\n",
					       (unsigned long)s->worker);
			}
		}
	}
	t.strays = strays(1);
	report(&t, now_ms() - start, seed);
	if (t.no_setup * 2 > t.workers) {
		printf("fuzz: FAIL: most workers could not set up\n");
		return 0;
	}
	return 1;
}

static void usage(void)
{
	fprintf(stderr, "usage: fuzz [-s SEED] [-n CALLS] [-p PROCS] "
		"[-b BATCH] [-w WORKER] [-v]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	uint64_t seed = 0, total = 100000, one = ~0ull;
	int procs = 4, batch = 1000, verbose = 0, c, have_seed = 0, ok;
	char base[48];
	struct sysinfo before;

	while ((c = getopt(argc, argv, "s:n:p:b:w:v")) != -1) {
		switch (c) {
		case 's': seed = strtoull(optarg, NULL, 0); have_seed = 1; break;
		case 'n': total = strtoull(optarg, NULL, 0); break;
		case 'p': procs = atoi(optarg); break;
		case 'b': batch = atoi(optarg); break;
		case 'w': one = strtoull(optarg, NULL, 0); break;
		case 'v': verbose = 1; break;
		default: usage();
		}
	}
	if (optind != argc || procs < 1 || procs > MAX_PROCS || batch < 1)
		usage();
	if (!have_seed) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		seed = (uint64_t)ts.tv_sec * 1000000007ull ^ (uint64_t)ts.tv_nsec;
	}
	snprintf(base, sizeof(base), "/tmp/fuzz.%d", getpid());
	if (mkdir(base, 0755) < 0) {
		perror(base);
		return 1;
	}
	if (one != ~0ull) {		/* one worker, every call shown */
		static uint64_t count;
		pid_t w;
		int st;

		printf("fuzz: seed %lu, worker %lu\n", (unsigned long)seed,
		       (unsigned long)one);
		fflush(stdout);
		if ((w = fork()) == 0) {
			verbose_fd = dup2(1, 200);
			counter = &count;
			worker(base, seed, one, batch);
		}
		if (w < 0 || waitpid(w, &st, 0) != w)
			return 1;
		printf("fuzz: worker %lu ended with status %#x\n",
		       (unsigned long)one, st);
		remove_tree(base);
		return 0;
	}
	printf("fuzz: seed %lu, %lu calls, %d processes, %d calls each\n",
	       (unsigned long)seed, (unsigned long)total, procs, batch);
	fflush(stdout);
	sleep_ms(200);
	before = info();
	ok = drive(base, seed, total, procs, batch, verbose);
	remove_tree(base);
	ok = ok && check_returned(before);
	printf("fuzz: %s\n", ok ? "done" : "FAILED");
	return ok ? 0 : 1;
}
