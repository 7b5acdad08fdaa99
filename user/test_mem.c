/*
 * test_mem: a process's memory. Copy-on-write isolation both ways, brk,
 * mmap/munmap/mprotect, faults that kill only the faulting child (with
 * the signal Linux gives), system calls handed bad pointers (EFAULT) or
 * unknown numbers (ENOSYS), and floating-point state kept per process.
 *
 * Bad pointers: "kernel" ones lie in the upper half, "unmapped" ones at
 * 0x1000 or in a page just unmapped. System calls are made with
 * syscall(2), so that libc neither checks nor touches the arguments.
 */
#include <fenv.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/utsname.h>

#include "test.h"

#define P		TEST_PAGE
#define REGION		(3 * P)
#define UNMAPPED_LOW	0x1000ull
#define FPU_ITERATIONS	6000000

static const uint64_t kernel_ptrs[] = { TEST_KERNEL_LO, TEST_KERNEL_HI };

static char *map(size_t len, int prot)
{
	void *p = mmap(NULL, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		test_fail("mmap %zu bytes: %s", len, strerror(errno));
	return p;
}

/* An address that was mapped a moment ago and no longer is. */
static uint64_t unmapped_page(void)
{
	char *p = map(P, PROT_READ | PROT_WRITE);

	p[0] = 1;
	CHECK_OK(munmap(p, P));
	return (uint64_t)(uintptr_t)p;
}

/* ---------------------------------------------------------- copy-on-write */

static uintptr_t brk_page(void);

static void fill(volatile char *p, size_t n, int v)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (char)(v + i / P);
}

static void check_fill(const volatile char *p, size_t n, int v,
		       const char *who)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != (char)(v + i / P))
			test_fail("%s: byte %zu of the region (%p) is %#x, "
				  "expected %#x", who, i, (void *)&p[i],
				  (unsigned char)p[i],
				  (unsigned char)(v + i / P));
}

/*
 * After a fork, the parent's writes are not seen by the child and the
 * child's not by the parent: first with both writing (the parent first,
 * the child after the gate), then with only a second child writing.
 */
static void cow_both_ways(volatile char *p, size_t n)
{
	pid_t gate, pid;

	fill(p, n, 'a');
	gate = test_gate_open();
	pid = test_fork();
	if (pid == 0) {
		test_gate_wait(gate);
		check_fill(p, n, 'a', "child, after the parent wrote");
		fill(p, n, 'c');
		check_fill(p, n, 'c', "child, after writing");
		_exit(0);
	}
	fill(p, n, 'p');
	test_gate_release(gate);
	CHECK_EXITED(test_wait(pid), 0);
	check_fill(p, n, 'p', "parent, after the child wrote");

	pid = test_fork();
	if (pid == 0) {
		check_fill(p, n, 'p', "second child, before writing");
		fill(p, n, 'd');
		_exit(0);
	}
	CHECK_EXITED(test_wait(pid), 0);
	check_fill(p, n, 'p', "parent, after the second child wrote");
	fill(p, n, 'q');
	check_fill(p, n, 'q', "parent, writing after the second child");
}

static void cow_isolates_stack(void)
{
	volatile char region[REGION];

	cow_both_ways(region, REGION);
}

static char data_region[REGION] = "initialized: in .data";

static void cow_isolates_data(void)
{
	cow_both_ways(data_region, REGION);
}

static char bss_region[REGION];

static void cow_isolates_bss(void)
{
	cow_both_ways(bss_region, REGION);
}

static void cow_isolates_heap(void)
{
	char *small = malloc(REGION), *large = malloc(64 * P);

	CHECK(small != NULL && large != NULL);
	cow_both_ways(small, REGION);
	cow_both_ways(large, 64 * P);
}

static void cow_isolates_brk_memory(void)
{
	uintptr_t b = brk_page();

	CHECK_EQ(syscall(SYS_brk, b + REGION), b + REGION);
	cow_both_ways((char *)b, REGION);
}

static void cow_isolates_mmap_memory(void)
{
	cow_both_ways(map(REGION, PROT_READ | PROT_WRITE), REGION);
}

/* ------------------------------------------------------------------- brk */

static uintptr_t brk_now(void)
{
	return (uintptr_t)syscall(SYS_brk, 0);
}

/* The break rounded up to a page: the first address brk may map. */
static uintptr_t brk_page(void)
{
	return (brk_now() + P - 1) & ~(uintptr_t)(P - 1);
}

static volatile char *touch_at;

static void touch_write(void)
{
	*touch_at = 1;
}

static void touch_read(void)
{
	(void)*touch_at;
}

static int touch_status(void (*how)(void), uintptr_t addr)
{
	touch_at = (volatile char *)addr;
	return test_run_child(how);
}

static void brk_grows_memory_usable(void)
{
	uintptr_t a = brk_page(), n = 1 << 20, i;
	volatile char *p = (volatile char *)a;

	CHECK_EQ(syscall(SYS_brk, a + n), a + n);
	CHECK_EQ(brk_now(), a + n);
	for (i = 0; i < n; i += 512)
		CHECK_EQ(p[i], 0);
	for (i = 0; i < n; i += 512)
		p[i] = (char)(i >> 9);
	for (i = 0; i < n; i += 512)
		CHECK_EQ(p[i], (char)(i >> 9));
}

static void brk_shrinks_and_above_faults(void)
{
	uintptr_t a = brk_page();

	CHECK_EQ(syscall(SYS_brk, a + 4 * P), a + 4 * P);
	fill((char *)a, 4 * P, 'b');
	CHECK_EQ(syscall(SYS_brk, a + 2 * P), a + 2 * P);
	CHECK_EQ(brk_now(), a + 2 * P);
	check_fill((char *)a, 2 * P, 'b', "below the lowered break");
	CHECK_EXITED(touch_status(touch_write, a + 2 * P - 1), 0);
	CHECK_SIGNALED(touch_status(touch_write, a + 2 * P), SIGSEGV);
	CHECK_SIGNALED(touch_status(touch_read, a + 3 * P + 5), SIGSEGV);
}

static void brk_regrown_memory_reads_zero(void)
{
	uintptr_t a = brk_page(), i;

	CHECK_EQ(syscall(SYS_brk, a + 4 * P), a + 4 * P);
	memset((char *)a, 0xff, 4 * P);
	CHECK_EQ(syscall(SYS_brk, a), a);
	CHECK_EQ(syscall(SYS_brk, a + 4 * P), a + 4 * P);
	for (i = 0; i < 4 * P; i++)
		CHECK_EQ(((volatile char *)a)[i], 0);
}

static void brk_refuses_bad_addresses(void)
{
	uintptr_t now = brk_now();

	CHECK_EQ(syscall(SYS_brk, UNMAPPED_LOW), now);	/* below its start */
	CHECK_EQ(syscall(SYS_brk, TEST_KERNEL_LO), now);
	CHECK_EQ(syscall(SYS_brk, (uint64_t)1 << 47), now);
	CHECK_EQ(brk_now(), now);
}

static void brk_takes_unaligned_addresses(void)
{
	uintptr_t a = brk_page();

	CHECK_EQ(syscall(SYS_brk, a + 100), a + 100);
	CHECK_EQ(brk_now(), a + 100);
	((volatile char *)a)[99] = 1;
	CHECK_EQ(syscall(SYS_brk, a + P + 1), a + P + 1);
	((volatile char *)a)[P] = 1;
}

/* ------------------------------------------------------------------ mmap */

static void mmap_anonymous_is_zero_and_writable(void)
{
	size_t n = 16 * P, i;
	volatile char *p = map(n, PROT_READ | PROT_WRITE);

	CHECK_EQ((uintptr_t)p % P, 0);
	for (i = 0; i < n; i++)
		CHECK_EQ(p[i], 0);
	fill(p, n, 'm');
	check_fill(p, n, 'm', "after writing");
}

static void mmap_large_region_lazily(void)
{
	size_t n = 64 << 20, i;
	volatile char *p = map(n, PROT_READ | PROT_WRITE);

	for (i = 0; i < n; i += 1 << 20)
		p[i] = (char)(i >> 20);
	for (i = 0; i < n; i += 1 << 20)
		CHECK_EQ(p[i], (char)(i >> 20));
	CHECK_OK(munmap((void *)p, n));
}

static void munmap_then_touch_faults(void)
{
	char *p = map(3 * P, PROT_READ | PROT_WRITE);

	fill(p, 3 * P, 'u');
	CHECK_OK(munmap(p + P, P));		/* a hole in the middle */
	check_fill(p, P, 'u', "the page before the hole");
	CHECK_EQ(p[2 * P], (char)('u' + 2));
	CHECK_SIGNALED(touch_status(touch_read, (uintptr_t)p + P), SIGSEGV);
	CHECK_SIGNALED(touch_status(touch_write, (uintptr_t)p + 2 * P - 1),
		       SIGSEGV);
	CHECK_OK(munmap(p, 3 * P));		/* the rest, hole and all */
	CHECK_SIGNALED(touch_status(touch_read, (uintptr_t)p), SIGSEGV);
	CHECK_SIGNALED(touch_status(touch_write, (uintptr_t)p + 2 * P),
		       SIGSEGV);
}

static void mprotect_read_only_blocks_writes(void)
{
	char *p = map(2 * P, PROT_READ | PROT_WRITE);

	fill(p, 2 * P, 'r');
	CHECK_OK(mprotect(p, 2 * P, PROT_READ));
	check_fill(p, 2 * P, 'r', "read-only");
	CHECK_EXITED(touch_status(touch_read, (uintptr_t)p + P), 0);
	CHECK_SIGNALED(touch_status(touch_write, (uintptr_t)p), SIGSEGV);
	CHECK_SIGNALED(touch_status(touch_write, (uintptr_t)p + P + 9),
		       SIGSEGV);
}

static void mprotect_none_blocks_reads(void)
{
	char *p = map(2 * P, PROT_READ | PROT_WRITE);

	fill(p, 2 * P, 'n');
	CHECK_OK(mprotect(p + P, P, PROT_NONE));
	check_fill(p, P, 'n', "the page left readable");
	CHECK_SIGNALED(touch_status(touch_write, (uintptr_t)p + P), SIGSEGV);
	CHECK_SIGNALED(touch_status(touch_read, (uintptr_t)p + P), SIGSEGV);
}

/* Mapped PROT_NONE from the start: no page was ever there. */
static void mmap_prot_none_faults(void)
{
	char *p = map(2 * P, PROT_NONE);

	CHECK_SIGNALED(touch_status(touch_read, (uintptr_t)p), SIGSEGV);
	CHECK_SIGNALED(touch_status(touch_write, (uintptr_t)p + P), SIGSEGV);
	CHECK_OK(mprotect(p, 2 * P, PROT_READ));
	CHECK_EQ(p[P + 7], 0);
}

static void mprotect_back_to_read_write(void)
{
	char *p = map(2 * P, PROT_READ | PROT_WRITE);

	fill(p, 2 * P, 'w');
	CHECK_OK(mprotect(p, 2 * P, PROT_NONE));
	CHECK_OK(mprotect(p, 2 * P, PROT_READ | PROT_WRITE));
	check_fill(p, 2 * P, 'w', "after PROT_NONE and back");
	fill(p, 2 * P, 'W');
	check_fill(p, 2 * P, 'W', "written after PROT_NONE and back");
	CHECK_OK(mprotect(p, P, PROT_READ));	/* only the first page */
	CHECK_SIGNALED(touch_status(touch_write, (uintptr_t)p), SIGSEGV);
	CHECK_EXITED(touch_status(touch_write, (uintptr_t)p + P), 0);
}

static void mmap_fixed_replaces_a_mapping(void)
{
	char *p = map(4 * P, PROT_READ | PROT_WRITE), *q;
	size_t i;

	fill(p, 4 * P, 'f');
	q = mmap(p + P, P, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK(q == p + P);
	for (i = 0; i < P; i++)
		CHECK_EQ(q[i], 0);
	check_fill(p, P, 'f', "the page before the new mapping");
	CHECK_EQ(p[2 * P], (char)('f' + 2));
	CHECK_EQ(p[4 * P - 1], (char)('f' + 3));
}

static void mmap_bad_arguments_give_einval(void)
{
	char *p = map(2 * P, PROT_READ | PROT_WRITE);

	CHECK(mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) ==
	      MAP_FAILED && errno == EINVAL);
	CHECK(mmap(NULL, P, PROT_READ, MAP_ANONYMOUS, -1, 0) == MAP_FAILED &&
	      errno == EINVAL);			/* neither private nor shared */
	CHECK_ERR(syscall(SYS_munmap, p + 1, P), EINVAL);
	CHECK_ERR(syscall(SYS_munmap, p, 0), EINVAL);
	CHECK_ERR(syscall(SYS_mprotect, p + 1, P, PROT_READ), EINVAL);
	p[0] = 1;			/* still mapped, still writable */
}

/* ---------------------------------------------------------------- faults */

static volatile uintptr_t target;	/* opaque to the compiler */

static void read_target(void)
{
	(void)*(volatile char *)target;
}

static void write_target(void)
{
	*(volatile char *)target = 1;
}

static int fault_status(void (*how)(void), uintptr_t addr)
{
	target = addr;
	return test_run_child(how);
}

static void null_deref_kills_child_with_sigsegv(void)
{
	CHECK_SIGNALED(fault_status(write_target, 0), SIGSEGV);
	CHECK_SIGNALED(fault_status(read_target, 0), SIGSEGV);
	CHECK_SIGNALED(fault_status(read_target, 8), SIGSEGV);
}

static void string_literal_write_gets_sigsegv(void)
{
	static const char *literal = "a string literal";

	CHECK_SIGNALED(fault_status(write_target, (uintptr_t)literal), SIGSEGV);
	CHECK_EQ(literal[0], 'a');
}

static void text_write_gets_sigsegv(void)
{
	uintptr_t text = (uintptr_t)&text_write_gets_sigsegv;

	CHECK_SIGNALED(fault_status(write_target, text), SIGSEGV);
	CHECK_SIGNALED(fault_status(write_target, (uintptr_t)&fill), SIGSEGV);
}

static void kernel_read_ffff800000000000_gets_sigsegv(void)
{
	CHECK_SIGNALED(fault_status(read_target, TEST_KERNEL_LO), SIGSEGV);
	CHECK_SIGNALED(fault_status(write_target, TEST_KERNEL_LO), SIGSEGV);
}

static void kernel_read_ffffffff80000000_gets_sigsegv(void)
{
	CHECK_SIGNALED(fault_status(read_target, TEST_KERNEL_HI), SIGSEGV);
	CHECK_SIGNALED(fault_status(write_target, TEST_KERNEL_HI), SIGSEGV);
	CHECK_SIGNALED(fault_status(read_target, TEST_KERNEL_HI + 0x100000),
		       SIGSEGV);
}

/* Non-canonical addresses raise #GP, not #PF; Linux gives SIGSEGV. */
static void noncanonical_read_gets_sigsegv(void)
{
	CHECK_SIGNALED(fault_status(read_target, 0x8000000000000000ull),
		       SIGSEGV);
	CHECK_SIGNALED(fault_status(read_target, 0x0000800000000000ull),
		       SIGSEGV);
}

static void jump_target(void)
{
	((void (*)(void))target)();
}

static void jump_to_data_gets_sigsegv(void)
{
	char *p = map(P, PROT_READ | PROT_WRITE);

	p[0] = (char)0xc3;			/* ret */
	CHECK_SIGNALED(fault_status(jump_target, (uintptr_t)p), SIGSEGV);
	CHECK_SIGNALED(fault_status(jump_target, TEST_KERNEL_HI), SIGSEGV);
	CHECK_OK(mprotect(p, P, PROT_READ | PROT_EXEC));
	CHECK_EXITED(fault_status(jump_target, (uintptr_t)p), 0);
}

static void hlt(void)
{
	__asm__ volatile("hlt");
}

static void ud2(void)
{
	__asm__ volatile("ud2");
}

static volatile int zero, quotient;

static void divide_by_zero(void)
{
	int q, z = zero;

	/* In assembly: the compiler may turn 1 / z into a compare. */
	__asm__ volatile("cltd; idivl %2" : "=a"(q) : "a"(1), "r"(z) : "edx");
	quotient = q;
}

static void privileged_instruction_gets_sigsegv(void)
{
	CHECK_SIGNALED(test_run_child(hlt), SIGSEGV);
}

static void undefined_instruction_gets_sigill(void)
{
	CHECK_SIGNALED(test_run_child(ud2), SIGILL);
}

static void divide_by_zero_gets_sigfpe(void)
{
	CHECK_SIGNALED(test_run_child(divide_by_zero), SIGFPE);
}

static int recurse(volatile char *prev)
{
	volatile char frame[1024];

	if (zero)		/* never: the stack runs out first */
		return 0;
	frame[0] = prev ? prev[0] + 1 : 0;
	return recurse(frame) + frame[1];
}

static void runaway_recursion(void)
{
	recurse(NULL);
}

/* 1 MiB of stack, touched from its far end: the stack grows that far. */
static void stack_grows_to_a_megabyte(void)
{
	volatile char big[1 << 20];
	size_t i;

	for (i = sizeof(big); i > 0; i -= P)
		big[i - 1] = (char)i;
	for (i = sizeof(big); i > 0; i -= P)
		CHECK_EQ(big[i - 1], (char)i);
}

static void runaway_recursion_gets_sigsegv(void)
{
	CHECK_SIGNALED(test_run_child(runaway_recursion), SIGSEGV);
}

/* ---------------------------------------------------------- bad pointers */

static void write_bad_pointer_gives_efault(void)
{
	unsigned i;

	for (i = 0; i < 2; i++)
		CHECK_ERR(syscall(SYS_write, 1, kernel_ptrs[i], 8), EFAULT);
	CHECK_ERR(syscall(SYS_write, 1, UNMAPPED_LOW, 8), EFAULT);
	CHECK_ERR(syscall(SYS_write, 1, unmapped_page(), 8), EFAULT);
}

/* Only kernel pointers: with an unmapped user pointer, a read of the
   console (or a tty on Linux) would first wait for a key. */
static void read_kernel_pointer_gives_efault(void)
{
	unsigned i;

	for (i = 0; i < 2; i++)
		CHECK_ERR(syscall(SYS_read, 0, kernel_ptrs[i], 8), EFAULT);
}

/* execve(path, argv, envp) with a bad pointer in it fails with EFAULT,
   in a child that must not become echoargs (it would exit 2). */
static void check_execve_efault(uint64_t path, uint64_t argv, uint64_t envp)
{
	pid_t pid = test_fork();

	if (pid == 0) {
		CHECK_ERR(syscall(SYS_execve, path, argv, envp), EFAULT);
		_exit(0);
	}
	CHECK_EXITED(test_wait(pid), 0);
}

static void execve_bad_pointer_gives_efault(void)
{
	char path[256];
	char *good[] = { path, NULL }, *bad_arg[] = { path, NULL, NULL };
	char *bad_env[] = { "A=1", NULL, NULL };
	uint64_t p, g = (uintptr_t)good, unm = unmapped_page();
	unsigned i;

	p = (uintptr_t)test_sibling("echoargs", path, sizeof(path));
	for (i = 0; i < 2; i++) {
		check_execve_efault(kernel_ptrs[i], g, g);
		check_execve_efault(p, kernel_ptrs[i], g);
		check_execve_efault(p, g, kernel_ptrs[i]);
		bad_arg[1] = (char *)(uintptr_t)kernel_ptrs[i];
		check_execve_efault(p, (uintptr_t)bad_arg, g);
		bad_env[1] = (char *)(uintptr_t)kernel_ptrs[i];
		check_execve_efault(p, g, (uintptr_t)bad_env);
	}
	check_execve_efault(UNMAPPED_LOW, g, g);
	check_execve_efault(unm, g, g);
	check_execve_efault(p, UNMAPPED_LOW, g);
	check_execve_efault(p, unm, g);
	check_execve_efault(p, g, unm);
	bad_arg[1] = (char *)(uintptr_t)unm;
	check_execve_efault(p, (uintptr_t)bad_arg, g);
}

static void wait4_bad_pointer_gives_efault(void)
{
	uint64_t bad[] = { TEST_KERNEL_LO, TEST_KERNEL_HI, UNMAPPED_LOW,
			   unmapped_page() };
	unsigned i;

	for (i = 0; i < 4; i++) {
		pid_t pid = test_fork();

		if (pid == 0)
			_exit(5);
		CHECK_ERR(syscall(SYS_wait4, pid, bad[i], 0, 0), EFAULT);
		/* Linux has reaped the child all the same. */
		waitpid(pid, NULL, 0);
	}
	for (i = 0; i < 4; i++) {		/* struct rusage *ru */
		pid_t pid = test_fork();
		int st;

		if (pid == 0)
			_exit(5);
		CHECK_ERR(syscall(SYS_wait4, pid, &st, 0, bad[i]), EFAULT);
		waitpid(pid, NULL, 0);
	}
}

static void clock_gettime_bad_pointer_gives_efault(void)
{
	char *ro = map(P, PROT_READ);
	uint64_t bad[] = { TEST_KERNEL_LO, TEST_KERNEL_HI, UNMAPPED_LOW,
			   unmapped_page(), (uintptr_t)ro };
	unsigned i;

	for (i = 0; i < 5; i++)
		CHECK_ERR(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, bad[i]),
			  EFAULT);
	CHECK_EQ(ro[0], 0);
}

static void info_calls_bad_pointer_give_efault(void)
{
	unsigned i;

	for (i = 0; i < 2; i++) {
		CHECK_ERR(syscall(SYS_sysinfo, kernel_ptrs[i]), EFAULT);
		CHECK_ERR(syscall(SYS_uname, kernel_ptrs[i]), EFAULT);
	}
	CHECK_ERR(syscall(SYS_sysinfo, UNMAPPED_LOW), EFAULT);
	CHECK_ERR(syscall(SYS_uname, unmapped_page()), EFAULT);
}

static void unknown_syscall_gives_enosys(void)
{
	CHECK_ERR(syscall(1000), ENOSYS);
	CHECK_ERR(syscall(100000, 1, 2, 3), ENOSYS);
	CHECK_ERR(syscall(-1L), ENOSYS);
	CHECK_EQ(syscall(SYS_getpid), getpid());	/* and on it goes */
}

/* ------------------------------------------------------------------- FPU */

struct fpu_job {
	double c;
	int round;		/* fesetround mode */
	int x87;		/* long double (x87) instead of double (SSE) */
};

static const struct fpu_job fpu_jobs[] = {
	{ 0.5, FE_TONEAREST, 0 },
	{ 1.0 / 3, FE_TONEAREST, 0 },
	{ -0.25, FE_TONEAREST, 0 },
	{ 0.1, FE_UPWARD, 0 },
	{ 0.1, FE_DOWNWARD, 0 },
	{ 0.7, FE_TONEAREST, 1 },
	{ 0.7, FE_UPWARD, 1 },
};
#define FPU_JOBS	((int)(sizeof(fpu_jobs) / sizeof(fpu_jobs[0])))

static volatile double fpu_factor = 1.0000001;

/* Iterate x = x * factor + c; returns the bits of the result. */
static uint64_t fpu_run(const struct fpu_job *j, long n)
{
	union { double d; long double ld; uint64_t u[2]; } r = { .u = {0} };
	long i;

	CHECK_EQ(fesetround(j->round), 0);
	if (j->x87) {
		long double x = 1, f = fpu_factor, c = j->c;

		for (i = 0; i < n; i++)
			x = x * f + c;
		r.ld = x;
		r.u[1] &= 0xffff;	/* the 80 bits only */
	} else {
		double x = 1, f = fpu_factor, c = j->c;

		for (i = 0; i < n; i++)
			x = x * f + c;
		r.d = x;
	}
	fesetround(FE_TONEAREST);
	return r.u[0] ^ r.u[1] * 0x9e3779b97f4a7c15ull;
}

/*
 * Several processes (more than CPUs) compute at once, long enough to be
 * preempted many times, with different values, rounding modes (MXCSR and
 * the x87 control word) and register files; each must get the result
 * computed beforehand, alone. So must the parent, computing meanwhile.
 */
static void fpu_state_is_per_process(void)
{
	uint64_t want[FPU_JOBS];
	pid_t pids[FPU_JOBS];
	int i;

	for (i = 0; i < FPU_JOBS; i++)
		want[i] = fpu_run(&fpu_jobs[i], FPU_ITERATIONS);
	CHECK(want[3] != want[4]);	/* the rounding modes matter */
	for (i = 0; i < FPU_JOBS; i++) {
		pids[i] = test_fork();
		if (pids[i] == 0) {
			uint64_t got = fpu_run(&fpu_jobs[i], FPU_ITERATIONS);

			if (got != want[i])
				test_fail("job %d: result bits %#llx, expected "
					  "%#llx", i, (unsigned long long)got,
					  (unsigned long long)want[i]);
			_exit(0);
		}
	}
	CHECK_EQ(fpu_run(&fpu_jobs[4], FPU_ITERATIONS), want[4]);
	CHECK_EQ(fpu_run(&fpu_jobs[6], FPU_ITERATIONS), want[6]);
	CHECK_EQ(fegetround(), FE_TONEAREST);
	for (i = 0; i < FPU_JOBS; i++)
		CHECK_EXITED(test_wait(pids[i]), 0);
}

static const struct test_case cases[] = {
	{ "cow_isolates_stack", cow_isolates_stack },
	{ "cow_isolates_data", cow_isolates_data },
	{ "cow_isolates_bss", cow_isolates_bss },
	{ "cow_isolates_heap", cow_isolates_heap },
	{ "cow_isolates_brk_memory", cow_isolates_brk_memory },
	{ "cow_isolates_mmap_memory", cow_isolates_mmap_memory },
	{ "brk_grows_memory_usable", brk_grows_memory_usable },
	{ "brk_shrinks_and_above_faults", brk_shrinks_and_above_faults },
	{ "brk_regrown_memory_reads_zero", brk_regrown_memory_reads_zero },
	{ "brk_refuses_bad_addresses", brk_refuses_bad_addresses },
	{ "brk_takes_unaligned_addresses", brk_takes_unaligned_addresses },
	{ "mmap_anonymous_is_zero_and_writable",
	  mmap_anonymous_is_zero_and_writable },
	{ "mmap_large_region_lazily", mmap_large_region_lazily },
	{ "munmap_then_touch_faults", munmap_then_touch_faults },
	{ "mprotect_read_only_blocks_writes",
	  mprotect_read_only_blocks_writes },
	{ "mprotect_none_blocks_reads", mprotect_none_blocks_reads },
	{ "mmap_prot_none_faults", mmap_prot_none_faults },
	{ "mprotect_back_to_read_write", mprotect_back_to_read_write },
	{ "mmap_fixed_replaces_a_mapping", mmap_fixed_replaces_a_mapping },
	{ "mmap_bad_arguments_give_einval", mmap_bad_arguments_give_einval },
	{ "null_deref_kills_child_with_sigsegv",
	  null_deref_kills_child_with_sigsegv },
	{ "string_literal_write_gets_sigsegv",
	  string_literal_write_gets_sigsegv },
	{ "text_write_gets_sigsegv", text_write_gets_sigsegv },
	{ "kernel_read_ffff800000000000_gets_sigsegv",
	  kernel_read_ffff800000000000_gets_sigsegv },
	{ "kernel_read_ffffffff80000000_gets_sigsegv",
	  kernel_read_ffffffff80000000_gets_sigsegv },
	{ "noncanonical_read_gets_sigsegv", noncanonical_read_gets_sigsegv },
	{ "jump_to_data_gets_sigsegv", jump_to_data_gets_sigsegv },
	{ "privileged_instruction_gets_sigsegv",
	  privileged_instruction_gets_sigsegv },
	{ "undefined_instruction_gets_sigill",
	  undefined_instruction_gets_sigill },
	{ "divide_by_zero_gets_sigfpe", divide_by_zero_gets_sigfpe },
	{ "stack_grows_to_a_megabyte", stack_grows_to_a_megabyte },
	{ "runaway_recursion_gets_sigsegv", runaway_recursion_gets_sigsegv },
	{ "write_bad_pointer_gives_efault", write_bad_pointer_gives_efault },
	{ "read_kernel_pointer_gives_efault",
	  read_kernel_pointer_gives_efault },
	{ "execve_bad_pointer_gives_efault", execve_bad_pointer_gives_efault },
	{ "wait4_bad_pointer_gives_efault", wait4_bad_pointer_gives_efault },
	{ "clock_gettime_bad_pointer_gives_efault",
	  clock_gettime_bad_pointer_gives_efault },
	{ "info_calls_bad_pointer_give_efault",
	  info_calls_bad_pointer_give_efault },
	{ "unknown_syscall_gives_enosys", unknown_syscall_gives_enosys },
	{ "fpu_state_is_per_process", fpu_state_is_per_process },
};

TEST_MAIN("test_mem", cases)
