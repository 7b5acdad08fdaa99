/*
 * test_mmap: the address space beyond what test_mem covers. Mappings
 * split by munmap and mprotect, guard pages, shared and private anonymous
 * memory across fork, MAP_FIXED and MAP_FIXED_NOREPLACE, hints, mremap,
 * madvise(MADV_DONTNEED), file mappings (private and shared), argument
 * errors, W^X, sbrk and faults on addresses no mapping covers.
 *
 * Faults are caught in the case's own process by a SIGSEGV/SIGBUS handler
 * that siglongjmps back, so that si_addr and si_code can be checked. The
 * error cases call the kernel through syscall(2): musl's mmap and mremap
 * check some arguments themselves (a huge length, an unaligned offset),
 * which would hide what the kernel does. musl's sbrk() refuses any
 * non-zero increment, so sbrk here is built on the brk system call.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <setjmp.h>
#include <sys/mman.h>

#include "test.h"

#define P	TEST_PAGE
#define FAR_AWAY	0x100000000000ULL	/* 16 TiB: nothing there */
#define FAR_PAGES	16

enum { RD, WR, EX };			/* how touch() accesses memory */

static sigjmp_buf fault_env;
static volatile int fault_sig, fault_code;
static void *volatile fault_addr;

static void on_fault(int sig, siginfo_t *si, void *ctx)
{
	(void)ctx;
	fault_sig = sig;
	fault_code = si->si_code;
	fault_addr = si->si_addr;
	siglongjmp(fault_env, 1);
}

/* Read, write (0x5a) or call addr; returns the signal raised, 0 if none.
   The signal's si_code and si_addr are left in fault_code, fault_addr. */
static int touch(int how, void *addr)
{
	struct sigaction sa, old_segv, old_bus;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_fault;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &sa, &old_segv);
	sigaction(SIGBUS, &sa, &old_bus);
	fault_sig = fault_code = 0;
	fault_addr = NULL;
	if (sigsetjmp(fault_env, 1) == 0) {
		if (how == RD)
			(void)*(volatile char *)addr;
		else if (how == WR)
			*(volatile char *)addr = 0x5a;
		else
			((void (*)(void))addr)();
	}
	sigaction(SIGSEGV, &old_segv, NULL);
	sigaction(SIGBUS, &old_bus, NULL);
	return fault_sig;
}

static const char *how_str[] = { "read", "write", "call" };

/* Accessing addr raises sig with si_code code and si_addr addr. */
#define CHECK_FAULT(how, addr, sig, code)				\
	do {								\
		void *a_ = (void *)(addr);				\
		int s_ = touch((how), a_);				\
		if (s_ != (sig) || fault_addr != a_ || fault_code != (code)) \
			test_fail("line %d: %s of %p: signal %d code %d " \
				  "at %p, expected signal %d code %d (%s)", \
				  __LINE__, how_str[how], a_, s_,	\
				  fault_code, fault_addr, (sig), (code), \
				  #code);				\
	} while (0)

/* Accessing addr raises no signal (touch() returns the one raised). */
#define CHECK_NO_FAULT(how, addr) CHECK_EQ(touch((how), (void *)(addr)), 0)

/* The raw system call's result as a pointer (MAP_FAILED on an error). */
#define sys_mmap(addr, len, prot, flags, fd, off)			\
	((void *)syscall(SYS_mmap, addr, len, prot, flags, fd, off))

/* The mmap system call fails with err. */
#define MMAP_ERR(addr, len, prot, flags, fd, off, err)			\
	CHECK_ERR(syscall(SYS_mmap, addr, len, prot, flags, fd, off), err)

static char *map(size_t len, int prot, int flags)
{
	void *p = mmap(NULL, len, prot, flags | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		test_fail("mmap %zu bytes: %s", len, strerror(errno));
	return p;
}

static char *map_rw(size_t len)
{
	return map(len, PROT_READ | PROT_WRITE, MAP_PRIVATE);
}

/* Page i of a region holds v + i in every byte. */
static void fill(char *p, size_t n, int v)
{
	size_t i;

	for (i = 0; i < n; i += P)
		memset(p + i, v + (int)(i / P), n - i < P ? n - i : P);
}

static void check_fill(const char *p, size_t n, int v)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != (char)(v + i / P))
			test_fail("byte %zu of %p is %#x, expected %#x", i,
				  (void *)p, (unsigned char)p[i],
				  (unsigned char)(v + i / P));
}

static void check_zero(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i])
			test_fail("byte %zu of %p is %#x, expected 0", i,
				  (void *)p, (unsigned char)p[i]);
}

/* ---------------------------------------------------- munmap and mprotect */

static void munmap_middle_splits_mapping(void)
{
	char *p = map_rw(3 * P);

	fill(p, 3 * P, 'a');
	CHECK_OK(munmap(p + P, P));
	check_fill(p, P, 'a');
	check_fill(p + 2 * P, P, 'a' + 2);
	fill(p, P, 'x');
	fill(p + 2 * P, P, 'y');
	check_fill(p, P, 'x');
	check_fill(p + 2 * P, P, 'y');
	CHECK_FAULT(RD, p + P, SIGSEGV, SEGV_MAPERR);
	CHECK_FAULT(WR, p + 2 * P - 1, SIGSEGV, SEGV_MAPERR);
	/* Unmapping a hole again is no error; mprotect over one is. */
	CHECK_OK(munmap(p + P, P));
	CHECK_ERR(mprotect(p, 3 * P, PROT_READ), ENOMEM);
}

/* The PageTables line of /proc/meminfo, in kB. */
static long page_tables_kb(void)
{
	return test_file_number("/proc/meminfo", "PageTables:");
}

/*
 * Pages 1 GiB apart each need their own page directory and page table;
 * unmapping them gives those back (as Linux's free_pgtables does), so
 * the page tables are what they were. Each round uses new addresses:
 * tables left over from the first would otherwise serve the second.
 * (Free memory is no measure here: it moved by a kernel-heap page in CI
 * runs, as the heap keeps or returns empty slab pages.)
 */
static void munmap_frees_page_tables(void)
{
	int fl = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE;
	long tables = 0, during = 0;
	uintptr_t base;
	char *p;
	int round, i;

	for (round = 0; round < 2; round++) {
		base = FAR_AWAY + ((uintptr_t)round << 40);
		if (round == 1)
			tables = page_tables_kb();
		for (i = 0; i < FAR_PAGES; i++) {
			p = sys_mmap((char *)(base + ((uintptr_t)i << 30)), P,
				     PROT_READ | PROT_WRITE, fl, -1, 0);
			CHECK(p == (char *)(base + ((uintptr_t)i << 30)));
			p[0] = 1;
		}
		during = page_tables_kb();
		for (i = 0; i < FAR_PAGES; i++)
			CHECK_OK(munmap((char *)(base + ((uintptr_t)i << 30)),
					P));
	}
	if (test_on_host())
		return;			/* other processes' tables come and go */
	/* A PDPT, and a page directory and table per page. */
	CHECK_EQ(during - tables, (1 + 2 * FAR_PAGES) * 4);
	CHECK_EQ(page_tables_kb(), tables);
}

static void mprotect_middle_page(void)
{
	char *p = map_rw(3 * P);

	fill(p, 3 * P, 'm');
	CHECK_OK(mprotect(p + P, P, PROT_READ));
	CHECK_FAULT(WR, p + P + 5, SIGSEGV, SEGV_ACCERR);
	CHECK_NO_FAULT(WR, p + P - 1);
	CHECK_NO_FAULT(WR, p + 2 * P);
	CHECK_EQ(p[P + 5], 'm' + 1);		/* the write did not land */
	CHECK_OK(mprotect(p + P, P, PROT_READ | PROT_WRITE));
	fill(p, 3 * P, 'n');
	check_fill(p, 3 * P, 'n');
	/* The whole range in one call, whether one region or three. */
	CHECK_OK(mprotect(p, 3 * P, PROT_READ));
	CHECK_FAULT(WR, p, SIGSEGV, SEGV_ACCERR);
	CHECK_FAULT(WR, p + P, SIGSEGV, SEGV_ACCERR);
	CHECK_FAULT(WR, p + 3 * P - 1, SIGSEGV, SEGV_ACCERR);
	check_fill(p, 3 * P, 'n');
	CHECK_OK(mprotect(p, 3 * P, PROT_READ | PROT_WRITE));
	fill(p, 3 * P, 'o');
	check_fill(p, 3 * P, 'o');
}

static void prot_none_guard_page(void)
{
	char *p = map_rw(3 * P);

	fill(p, 3 * P, 'g');
	CHECK_OK(mprotect(p + P, P, PROT_NONE));
	CHECK_FAULT(RD, p + P, SIGSEGV, SEGV_ACCERR);
	CHECK_FAULT(WR, p + P + 100, SIGSEGV, SEGV_ACCERR);
	CHECK_FAULT(RD, p + 2 * P - 1, SIGSEGV, SEGV_ACCERR);
	check_fill(p, P, 'g');
	check_fill(p + 2 * P, P, 'g' + 2);
	CHECK_OK(mprotect(p + P, P, PROT_READ));
	check_fill(p + P, P, 'g' + 1);		/* kept while inaccessible */
}

/* ---------------------------------------------------- sharing across fork */

static void shared_anon_seen_both_ways(void)
{
	char *s = map(2 * P, PROT_READ | PROT_WRITE, MAP_SHARED);
	pid_t gate, pid;

	fill(s, 2 * P, 's');
	gate = test_gate_open();
	pid = test_fork();
	if (pid == 0) {
		check_fill(s, P, 's');		/* page 1 is the parent's */
		fill(s, P, 'c');
		test_gate_wait(gate);		/* the parent has written */
		check_fill(s + P, P, 'p');
		CHECK_OK(munmap(s, 2 * P));	/* not the parent's */
		_exit(0);
	}
	fill(s + P, P, 'p');
	test_gate_release(gate);
	CHECK_EXITED(test_wait(pid), 0);
	check_fill(s, P, 'c');
	check_fill(s + P, P, 'p');
}

static void private_anon_is_copy_on_write(void)
{
	char *q = map_rw(2 * P), *s = map(P, PROT_READ | PROT_WRITE,
					  MAP_SHARED);
	pid_t pid;

	fill(q, 2 * P, 'q');
	s[0] = 0;
	pid = test_fork();
	if (pid == 0) {
		fill(q, 2 * P, 'c');
		check_fill(q, 2 * P, 'c');
		s[0] = 1;
		_exit(0);
	}
	CHECK_EXITED(test_wait(pid), 0);
	CHECK_EQ(s[0], 1);			/* the child did write */
	check_fill(q, 2 * P, 'q');
}

static void shared_anon_reaches_grandchild(void)
{
	char *s = map(P, PROT_READ | PROT_WRITE, MAP_SHARED);
	pid_t pid;

	s[0] = 'p';
	pid = test_fork();
	if (pid == 0) {
		pid_t g = test_fork();

		if (g == 0) {
			CHECK_EQ(s[0], 'p');
			s[1] = 'g';
			_exit(0);
		}
		CHECK_EXITED(test_wait(g), 0);
		CHECK_EQ(s[1], 'g');
		_exit(0);
	}
	CHECK_EXITED(test_wait(pid), 0);
	CHECK_EQ(s[1], 'g');
}

/* -------------------------------------------------------------- placement */

/* MAP_FIXED over a mapping, a hole and a mapping: one zeroed region. */
static void mmap_fixed_replaces_across_hole(void)
{
	char *p = map_rw(3 * P), *q;

	fill(p, 3 * P, 'f');
	CHECK_OK(munmap(p + P, P));
	q = mmap(p, 3 * P, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK(q == p);
	check_zero(p, 3 * P);
	fill(p, 3 * P, 'F');
	check_fill(p, 3 * P, 'F');
}

static void mmap_fixed_noreplace(void)
{
	char *p = map_rw(4 * P), *q;
	int fl = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE;

	CHECK_OK(munmap(p + 3 * P, P));		/* p + 3P is free */
	fill(p, 3 * P, 'n');
	MMAP_ERR(p + P, P, PROT_READ, fl, -1, 0, EEXIST);
	/* Only partly over the mapping: refused all the same. */
	MMAP_ERR(p + 2 * P, 2 * P, PROT_READ, fl, -1, 0, EEXIST);
	check_fill(p, 3 * P, 'n');
	CHECK_FAULT(RD, p + 3 * P, SIGSEGV, SEGV_MAPERR);
	q = sys_mmap(p + 3 * P, P, PROT_READ | PROT_WRITE, fl, -1, 0);
	CHECK(q == p + 3 * P);
	check_zero(q, P);
	q[0] = 1;
	check_fill(p, 3 * P, 'n');
}

static void mmap_hint_honoured_when_free(void)
{
	char *p = map_rw(4 * P), *q;

	fill(p, P, 'h');
	CHECK_OK(munmap(p + P, 3 * P));
	q = mmap(p + 2 * P, P, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(q == p + 2 * P);
	/* A hint on a mapping is only a hint: it goes elsewhere. */
	q = mmap(p, P, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		 -1, 0);
	CHECK(q != MAP_FAILED && q != p);
	check_fill(p, P, 'h');
}

/* ----------------------------------------------------------------- mremap */

static void mremap_grows_in_place(void)
{
	char *p = map_rw(4 * P);

	CHECK_OK(munmap(p + 2 * P, 2 * P));
	fill(p, 2 * P, 'r');
	CHECK(mremap(p, 2 * P, 4 * P, 0) == p);
	check_fill(p, 2 * P, 'r');
	check_zero(p + 2 * P, 2 * P);
	fill(p, 4 * P, 'R');
	check_fill(p, 4 * P, 'R');
}

/* p: 2 pages read-write; p + 2P: another (PROT_NONE) mapping. */
static char *blocked_region(void)
{
	char *p = map_rw(3 * P);

	CHECK_OK(mprotect(p + 2 * P, P, PROT_NONE));
	fill(p, 2 * P, 'b');
	return p;
}

static void mremap_blocked_needs_maymove(void)
{
	char *p = blocked_region(), *q;

	CHECK(mremap(p, 2 * P, 3 * P, 0) == MAP_FAILED && errno == ENOMEM);
	check_fill(p, 2 * P, 'b');
	q = mremap(p, 2 * P, 3 * P, MREMAP_MAYMOVE);
	CHECK(q != MAP_FAILED && q != p);
	check_fill(q, 2 * P, 'b');
	check_zero(q + 2 * P, P);
	CHECK_FAULT(RD, p, SIGSEGV, SEGV_MAPERR);
	CHECK_FAULT(WR, p + 2 * P - 1, SIGSEGV, SEGV_MAPERR);
	CHECK_FAULT(RD, p + 2 * P, SIGSEGV, SEGV_ACCERR);	/* the guard */
	fill(q, 3 * P, 'B');
	check_fill(q, 3 * P, 'B');
}

static void mremap_shrinks(void)
{
	char *p = map_rw(4 * P);

	fill(p, 4 * P, 's');
	CHECK(mremap(p, 4 * P, P, 0) == p);
	check_fill(p, P, 's');
	CHECK_FAULT(RD, p + P, SIGSEGV, SEGV_MAPERR);
	CHECK_FAULT(WR, p + 4 * P - 1, SIGSEGV, SEGV_MAPERR);
}

/* MREMAP_FIXED replaces what is at the target, as MAP_FIXED does. */
static void mremap_fixed_moves_to_address(void)
{
	char *p = map_rw(2 * P), *t = map_rw(3 * P);

	fill(p, 2 * P, 'p');
	fill(t, 3 * P, 't');
	CHECK(mremap(p, 2 * P, 2 * P, MREMAP_MAYMOVE | MREMAP_FIXED, t) ==
	      t);
	check_fill(t, 2 * P, 'p');
	check_fill(t + 2 * P, P, 't' + 2);
	CHECK_FAULT(RD, p, SIGSEGV, SEGV_MAPERR);
	CHECK_FAULT(RD, p + P, SIGSEGV, SEGV_MAPERR);
}

static void mremap_bad_arguments(void)
{
	char *p = map_rw(4 * P), *u = map_rw(P);
	long mm = MREMAP_MAYMOVE, fx = MREMAP_FIXED;

	CHECK_OK(munmap(u, P));
	CHECK_ERR(syscall(SYS_mremap, p + 1, P, 2 * P, mm), EINVAL);
	CHECK_ERR(syscall(SYS_mremap, p, P, 0, mm), EINVAL);
	CHECK_ERR(syscall(SYS_mremap, p, P, 2 * P, 0x100), EINVAL);
	/* MREMAP_FIXED without MREMAP_MAYMOVE, an unaligned or an
	   overlapping target. */
	CHECK_ERR(syscall(SYS_mremap, p, P, P, fx, p + 2 * P), EINVAL);
	CHECK_ERR(syscall(SYS_mremap, p, P, P, mm | fx, p + 2 * P + 1),
		  EINVAL);
	CHECK_ERR(syscall(SYS_mremap, p, 2 * P, 2 * P, mm | fx, p + P),
		  EINVAL);
	CHECK_ERR(syscall(SYS_mremap, u, P, 2 * P, mm), EFAULT);
	p[4 * P - 1] = 1;			/* still there */
}

/* ---------------------------------------------------------------- madvise */

static void madvise_dontneed_private_zeroes(void)
{
	char *p = map_rw(4 * P);

	fill(p, 4 * P, 'd');
	CHECK_OK(madvise(p + P, 2 * P, MADV_DONTNEED));
	check_fill(p, P, 'd');
	check_zero(p + P, 2 * P);
	check_fill(p + 3 * P, P, 'd' + 3);
	fill(p, 4 * P, 'D');			/* still mapped, writable */
	check_fill(p, 4 * P, 'D');
}

/* The pages belong to the shared object: dropping them from this
   process's page tables loses nothing. */
static void madvise_dontneed_shared_keeps(void)
{
	char *s = map(2 * P, PROT_READ | PROT_WRITE, MAP_SHARED);

	fill(s, 2 * P, 'k');
	CHECK_OK(madvise(s, 2 * P, MADV_DONTNEED));
	check_fill(s, 2 * P, 'k');
}

static void madvise_bad_arguments(void)
{
	char *p = map_rw(3 * P);

	CHECK_OK(munmap(p + P, P));
	CHECK_ERR(madvise(p + 1, P, MADV_DONTNEED), EINVAL);
	CHECK_ERR(madvise(p, P, 12345), EINVAL);
	CHECK_ERR(madvise(p, 3 * P, MADV_DONTNEED), ENOMEM);	/* a hole */
}

/* ---------------------------------------------------------- file mappings */

#define FILE_LEN	(2 * P + 100)	/* the last page partial */

static char file_path[64];

static char file_byte(size_t i)
{
	return (char)(i * 7 + i / P + 3);
}

/* A new file in /tmp holding FILE_LEN bytes; returns it open O_RDWR. */
static int make_file(void)
{
	static char buf[FILE_LEN];
	size_t i;
	int fd;

	snprintf(file_path, sizeof(file_path), "/tmp/test_mmap.%d",
		 (int)getpid());
	fd = open(file_path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	CHECK_OK(fd);
	for (i = 0; i < FILE_LEN; i++)
		buf[i] = file_byte(i);
	write_full(fd, buf, FILE_LEN);
	return fd;
}

static void check_file_bytes(const char *p, size_t off, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != file_byte(off + i))
			test_fail("file byte %zu is %#x, expected %#x",
				  off + i, (unsigned char)p[i],
				  (unsigned char)file_byte(off + i));
}

static void file_mmap_private_read(void)
{
	int fd = make_file();
	char *p = mmap(NULL, 3 * P, PROT_READ, MAP_PRIVATE, fd, 0);

	CHECK(p != MAP_FAILED);
	CHECK_OK(close(fd));		/* the mapping keeps the file */
	check_file_bytes(p, 0, FILE_LEN);
	check_zero(p + FILE_LEN, 3 * P - FILE_LEN);	/* past the end */
	CHECK_FAULT(WR, p, SIGSEGV, SEGV_ACCERR);
	CHECK_OK(unlink(file_path));
	check_file_bytes(p, 0, FILE_LEN);
}

/* A page wholly past the end of the file cannot be read: SIGBUS. */
static void file_mmap_past_eof_sigbus(void)
{
	int fd = make_file();
	char *p = mmap(NULL, 4 * P, PROT_READ, MAP_PRIVATE, fd, 0);

	CHECK(p != MAP_FAILED);
	CHECK_EQ(p[FILE_LEN - 1], file_byte(FILE_LEN - 1));
	CHECK_FAULT(RD, p + 3 * P + 8, SIGBUS, BUS_ADRERR);
	CHECK_OK(unlink(file_path));
}

static void file_mmap_private_write_stays_private(void)
{
	static char buf[FILE_LEN + 1];
	int fd = make_file();
	char *p = mmap(NULL, 3 * P, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd,
		       0);

	CHECK(p != MAP_FAILED);
	check_file_bytes(p, 0, FILE_LEN);
	memset(p + P - 10, 'w', 20);
	p[FILE_LEN + 5] = 'w';			/* past the end */
	CHECK_EQ(p[P], 'w');
	CHECK_EQ(pread(fd, buf, sizeof(buf), 0), FILE_LEN);	/* unchanged */
	check_file_bytes(buf, 0, FILE_LEN);
	/* Dropping the private copies brings the file's bytes back. */
	CHECK_OK(madvise(p, 3 * P, MADV_DONTNEED));
	check_file_bytes(p, 0, FILE_LEN);
	CHECK_EQ(p[FILE_LEN + 5], 0);
	CHECK_OK(unlink(file_path));
}

/*
 * Until a page of a private mapping is written, it is the file's page: a
 * write() to the file shows through. Written, it is the mapping's own
 * and the file's later bytes no longer do. (Linux: page-cache pages.)
 */
static void file_mmap_private_shares_until_written(void)
{
	int fd = make_file();
	char *p = mmap(NULL, 3 * P, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd,
		       0);

	CHECK(p != MAP_FAILED);
	CHECK_EQ(p[10], file_byte(10));		/* page 0 mapped by a read */
	CHECK_EQ(pwrite(fd, "A", 1, 10), 1);
	CHECK_EQ(p[10], 'A');
	p[20] = 'm';				/* page 0 becomes a copy */
	CHECK_EQ(pwrite(fd, "B", 1, 10), 1);
	CHECK_EQ(p[10], 'A');
	CHECK_EQ(p[20], 'm');
	CHECK_EQ(pwrite(fd, "C", 1, P + 3), 1);	/* page 1: not yet touched */
	CHECK_EQ(p[P + 3], 'C');
	CHECK_OK(close(fd));
	CHECK_OK(unlink(file_path));
}

static void file_mmap_with_offset(void)
{
	int fd = make_file();
	char *p = mmap(NULL, 2 * P, PROT_READ, MAP_PRIVATE, fd, P);

	CHECK(p != MAP_FAILED);
	check_file_bytes(p, P, FILE_LEN - P);
	check_zero(p + FILE_LEN - P, 2 * P - (FILE_LEN - P));
	p = mmap(NULL, P, PROT_READ, MAP_PRIVATE, fd, 2 * P);
	CHECK(p != MAP_FAILED);
	check_file_bytes(p, 2 * P, FILE_LEN - 2 * P);
	MMAP_ERR(NULL, P, PROT_READ, MAP_PRIVATE, fd, P / 2, EINVAL);
	MMAP_ERR(NULL, P, PROT_READ, MAP_PRIVATE, fd, 1, EINVAL);
	CHECK_OK(unlink(file_path));
}

static void file_mmap_bad_files(void)
{
	int fd = make_file(), wr, ro, dir, pfd[2];

	wr = open(file_path, O_WRONLY);
	ro = open(file_path, O_RDONLY);
	dir = open("/tmp", O_RDONLY | O_DIRECTORY);
	CHECK(wr >= 0 && ro >= 0 && dir >= 0);
	CHECK_OK(pipe(pfd));
	/* Not open for reading: EACCES, even for PROT_WRITE. */
	MMAP_ERR(NULL, P, PROT_READ, MAP_PRIVATE, wr, 0, EACCES);
	MMAP_ERR(NULL, P, PROT_WRITE, MAP_SHARED, wr, 0, EACCES);
	/* Shared and writable needs the file open for writing... */
	MMAP_ERR(NULL, P, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0, EACCES);
	/* ...private and writable does not. */
	CHECK(sys_mmap(NULL, P, PROT_READ | PROT_WRITE, MAP_PRIVATE, ro, 0) !=
	      MAP_FAILED);
	/* Directories and pipes cannot be mapped at all. */
	MMAP_ERR(NULL, P, PROT_READ, MAP_PRIVATE, dir, 0, ENODEV);
	MMAP_ERR(NULL, P, PROT_READ, MAP_PRIVATE, pfd[0], 0, ENODEV);
	CHECK_OK(close(fd));
	CHECK_OK(unlink(file_path));
}

static void file_mmap_shared_reaches_file(void)
{
	static char buf[FILE_LEN];
	int fd = make_file();
	char *p = mmap(NULL, 3 * P, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		       0);

	CHECK(p != MAP_FAILED);
	check_file_bytes(p, 0, FILE_LEN);
	memset(p + P - 3, 'S', 6);		/* across a page boundary */
	CHECK_EQ(pread(fd, buf, FILE_LEN, 0), FILE_LEN);
	check_file_bytes(buf, 0, P - 3);
	CHECK(memcmp(buf + P - 3, "SSSSSS", 6) == 0);
	check_file_bytes(buf + P + 3, P + 3, FILE_LEN - P - 3);
	/* and write(2) reaches the mapping */
	CHECK_EQ(pwrite(fd, "W", 1, 2 * P + 1), 1);
	CHECK_EQ(p[2 * P + 1], 'W');
	/* Past the end of the file: in the page, not in the file. */
	p[FILE_LEN] = 'X';
	CHECK_EQ(lseek(fd, 0, SEEK_END), FILE_LEN);
	CHECK_OK(munmap(p, 3 * P));
	CHECK_EQ(pread(fd, buf, FILE_LEN, 0), FILE_LEN);
	CHECK(memcmp(buf + P - 3, "SSSSSS", 6) == 0);
	CHECK_EQ(buf[2 * P + 1], 'W');
	CHECK_OK(close(fd));
	CHECK_OK(unlink(file_path));
}

/*
 * read(2) and write(2) of a file whose buffer is a mapping of that same
 * file, not yet touched: the copy faults the mapping's pages in from the
 * file being read or written (the kernel must not hold the file's lock
 * across that fault). A page the buffer may not use ends the transfer:
 * the bytes before it count, none at all is EFAULT.
 */
static void file_io_through_a_mapping_of_itself(void)
{
	int fd = make_file();
	char *p = mmap(NULL, 3 * P, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd,
		       0);
	char *s = mmap(NULL, 3 * P, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		       0);
	char *q = map_rw(2 * P);

	CHECK(p != MAP_FAILED && s != MAP_FAILED);
	CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
	CHECK_EQ(read(fd, p, FILE_LEN), FILE_LEN);	/* into its private copy */
	check_file_bytes(p, 0, FILE_LEN);
	CHECK_EQ(pread(fd, p + 1, P, 0), P);		/* shifted by one */
	check_file_bytes(p + 1, 0, P);
	CHECK_EQ(lseek(fd, P, SEEK_SET), P);
	CHECK_EQ(write(fd, s, P), P);			/* page 0 onto page 1 */
	check_file_bytes(s + P, 0, P);
	CHECK_EQ(pread(fd, s + 2 * P, 100, 0), 100);	/* into itself */
	check_file_bytes(s + 2 * P, 0, 100);
	check_file_bytes(p + 1, 0, P);		/* the private copy kept */
	/* The second page of q may not be written, then not be read. */
	CHECK_OK(mprotect(q + P, P, PROT_READ));
	CHECK_EQ(pread(fd, q + P - 10, 100, 0), 10);
	check_file_bytes(q + P - 10, 0, 10);
	CHECK_ERR(pread(fd, q + P, 100, 0), EFAULT);
	CHECK_OK(mprotect(q + P, P, PROT_NONE));
	CHECK_EQ(pwrite(fd, q + P - 10, 100, 0), 10);
	CHECK_ERR(pwrite(fd, q + P, 100, 0), EFAULT);
	CHECK_OK(munmap(p, 3 * P));
	CHECK_OK(munmap(s, 3 * P));
	CHECK_OK(close(fd));
	CHECK_OK(unlink(file_path));
}

/* -------------------------------------------------------- argument errors */

static void mmap_argument_errors(void)
{
	char *p = map_rw(P);
	int anon = MAP_PRIVATE | MAP_ANONYMOUS, rw = PROT_READ | PROT_WRITE;

	MMAP_ERR(NULL, 0, rw, anon, -1, 0, EINVAL);
	MMAP_ERR(NULL, P, rw, MAP_ANONYMOUS, -1, 0, EINVAL);
	MMAP_ERR(NULL, P, PROT_READ, MAP_PRIVATE, -1, 0, EBADF);
	MMAP_ERR(NULL, P, PROT_READ, MAP_SHARED, 999, 0, EBADF);
	MMAP_ERR(p + 1, P, rw, anon | MAP_FIXED, -1, 0, EINVAL);
	MMAP_ERR(NULL, 1ull << 47, rw, anon, -1, 0, ENOMEM);
	MMAP_ERR(NULL, -(size_t)P, rw, anon, -1, 0, ENOMEM);
	/* An anonymous mapping ignores its fd. */
	CHECK(sys_mmap(NULL, P, rw, anon, 999, 0) != MAP_FAILED);
	p[0] = 1;
}

/* -------------------------------------------------------------------- W^X */

static void rw_mapping_not_executable(void)
{
	char *p = map_rw(P);

	p[0] = (char)0xc3;			/* ret */
	CHECK_FAULT(EX, p, SIGSEGV, SEGV_ACCERR);
	CHECK_EQ(p[0], (char)0xc3);
}

static void rx_mapping_runs(void)
{
	char *p = map_rw(P);

	p[0] = (char)0xc3;
	CHECK_OK(mprotect(p, P, PROT_READ | PROT_EXEC));
	CHECK_NO_FAULT(EX, p);
	CHECK_FAULT(WR, p, SIGSEGV, SEGV_ACCERR);
	CHECK_OK(mprotect(p, P, PROT_READ));
	CHECK_FAULT(EX, p, SIGSEGV, SEGV_ACCERR);
}

static void rwx_mapping_allowed(void)
{
	static const unsigned char mov42[] = { 0xb8, 42, 0, 0, 0, 0xc3 };
	char *p = map(P, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE);

	p[0] = (char)0xc3;
	CHECK_NO_FAULT(EX, p);
	memcpy(p, mov42, sizeof(mov42));	/* rewritten after a run */
	CHECK_EQ(((int (*)(void))(void *)p)(), 42);
}

/* -------------------------------------------------------------------- brk */

/* sbrk as Linux's libcs have it, on the brk system call. */
static void *sbrk_(intptr_t inc)
{
	uintptr_t old = (uintptr_t)syscall(SYS_brk, 0);

	if (inc && (uintptr_t)syscall(SYS_brk, old + inc) != old + inc) {
		errno = ENOMEM;
		return (void *)-1;
	}
	return (void *)old;
}

static void sbrk_grows_shrinks_regrows_zeroed(void)
{
	uintptr_t b = (uintptr_t)sbrk_(0), a;
	char *p;

	CHECK(sbrk_(-(intptr_t)(b % P) + P) != (void *)-1); /* page align */
	a = (uintptr_t)sbrk_(0);
	CHECK_EQ(a % P, 0);
	p = sbrk_(3 * P + 123);
	CHECK(p == (char *)a);
	CHECK((uintptr_t)sbrk_(0) == a + 3 * P + 123);
	check_zero(p, 3 * P + 123);
	memset(p, 0xee, 3 * P + 123);
	CHECK_NO_FAULT(WR, p + 4 * P - 1);	/* the rest of the page */
	CHECK_FAULT(RD, p + 4 * P, SIGSEGV, SEGV_MAPERR);
	CHECK(sbrk_(-(intptr_t)(2 * P + 123)) == p + 3 * P + 123);
	CHECK((uintptr_t)sbrk_(0) == a + P);
	CHECK_FAULT(WR, p + P, SIGSEGV, SEGV_MAPERR);
	CHECK_EQ((unsigned char)p[P - 1], 0xee);
	CHECK(sbrk_(4 * P) == p + P);
	check_zero(p + P, 4 * P);		/* new pages again */
	CHECK(sbrk_(1ll << 47) == (void *)-1 && errno == ENOMEM);
}

/* ----------------------------------------------------------------- faults */

static void fault_outside_regions_maperr(void)
{
	char *p = map_rw(3 * P);

	CHECK_FAULT(RD, 0x1000, SIGSEGV, SEGV_MAPERR);
	CHECK_FAULT(WR, 0x1000 + 17, SIGSEGV, SEGV_MAPERR);
	CHECK_OK(munmap(p, P));
	CHECK_OK(munmap(p + 2 * P, P));
	p[P] = 1;				/* only p + P is mapped */
	CHECK_FAULT(RD, p + P - 1, SIGSEGV, SEGV_MAPERR);
	CHECK_FAULT(WR, p + 2 * P, SIGSEGV, SEGV_MAPERR);
	CHECK_FAULT(EX, p + 2 * P, SIGSEGV, SEGV_MAPERR);
}

static const struct test_case cases[] = {
	{ "munmap_middle_splits_mapping", munmap_middle_splits_mapping },
	{ "munmap_frees_page_tables", munmap_frees_page_tables },
	{ "mprotect_middle_page", mprotect_middle_page },
	{ "prot_none_guard_page", prot_none_guard_page },
	{ "shared_anon_seen_both_ways", shared_anon_seen_both_ways },
	{ "private_anon_is_copy_on_write", private_anon_is_copy_on_write },
	{ "shared_anon_reaches_grandchild", shared_anon_reaches_grandchild },
	{ "mmap_fixed_replaces_across_hole", mmap_fixed_replaces_across_hole },
	{ "mmap_fixed_noreplace", mmap_fixed_noreplace },
	{ "mmap_hint_honoured_when_free", mmap_hint_honoured_when_free },
	{ "mremap_grows_in_place", mremap_grows_in_place },
	{ "mremap_blocked_needs_maymove", mremap_blocked_needs_maymove },
	{ "mremap_shrinks", mremap_shrinks },
	{ "mremap_fixed_moves_to_address", mremap_fixed_moves_to_address },
	{ "mremap_bad_arguments", mremap_bad_arguments },
	{ "madvise_dontneed_private_zeroes", madvise_dontneed_private_zeroes },
	{ "madvise_dontneed_shared_keeps", madvise_dontneed_shared_keeps },
	{ "madvise_bad_arguments", madvise_bad_arguments },
	{ "file_mmap_private_read", file_mmap_private_read },
	{ "file_mmap_past_eof_sigbus", file_mmap_past_eof_sigbus },
	{ "file_mmap_private_write_stays_private",
	  file_mmap_private_write_stays_private },
	{ "file_mmap_private_shares_until_written",
	  file_mmap_private_shares_until_written },
	{ "file_mmap_with_offset", file_mmap_with_offset },
	{ "file_mmap_bad_files", file_mmap_bad_files },
	{ "file_mmap_shared_reaches_file", file_mmap_shared_reaches_file },
	{ "file_io_through_a_mapping_of_itself",
	  file_io_through_a_mapping_of_itself },
	{ "mmap_argument_errors", mmap_argument_errors },
	{ "rw_mapping_not_executable", rw_mapping_not_executable },
	{ "rx_mapping_runs", rx_mapping_runs },
	{ "rwx_mapping_allowed", rwx_mapping_allowed },
	{ "sbrk_grows_shrinks_regrows_zeroed",
	  sbrk_grows_shrinks_regrows_zeroed },
	{ "fault_outside_regions_maperr", fault_outside_regions_maperr },
};

TEST_MAIN("test_mmap", cases)
