/*
 * test_signal: signals as Linux delivers them. Handlers with their
 * siginfo and ucontext; the SA_ flags (RESTART, SIGINFO, NODEFER,
 * RESETHAND, ONSTACK, NOCLDSTOP, NOCLDWAIT); masks and pending sets;
 * SIGKILL and SIGSTOP; SIGCHLD, stops and continues through wait4 and
 * waitid; faults as signals; registers, SSE state and stack alignment
 * across a handler and sigreturn; sigaltstack; sigsuspend, pause,
 * sigtimedwait; alarm, setitimer and nanosleep; kill and tgkill; standard
 * signals merging and real-time ones queueing; 100,000 signals between
 * two processes. Each case runs in a forked child (test.h).
 */
#define _GNU_SOURCE
#include <limits.h>
#include <setjmp.h>
#include <stdalign.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <ucontext.h>

#include "test.h"

#define PINGS	50000	/* round trips of case ping_pong ... */
#define QUEUED	50000	/* ... and real-time signals queued: 100,000 */
#define BATCH	500	/* most real-time signals outstanding at once */

static volatile sig_atomic_t hits[_NSIG];	/* deliveries per signal */
static volatile int order[64], values[64], norder;	/* as they ran */
static siginfo_t got_si;			/* of the last SA_SIGINFO one */
static void *got_uc;
static long got_rip;				/* its REG_RIP */
static uintptr_t got_local;			/* a local's address in it */
static int got_blocked;				/* its signal blocked in it */
static sigjmp_buf jb;

#define CHECK_SI(si, signo, code, pid)					\
	do {								\
		CHECK_EQ((si).si_signo, signo);				\
		CHECK_EQ((si).si_code, code);				\
		CHECK_EQ((si).si_pid, pid);				\
	} while (0)

static void count(int sig)
{
	if (norder < 64)
		order[norder++] = sig;
	hits[sig]++;
}

static void info(int sig, siginfo_t *si, void *uc)
{
	got_si = *si;
	got_uc = uc;
	if (norder < 64)
		values[norder] = si->si_value.sival_int;
	count(sig);
}

/* Records what the fault was and jumps back to sigsetjmp(jb). */
static void caught(int sig, siginfo_t *si, void *uc)
{
	volatile char here;
	sigset_t now;

	got_si = *si;
	got_rip = ((ucontext_t *)uc)->uc_mcontext.gregs[REG_RIP];
	got_local = (uintptr_t)&here;
	sigprocmask(SIG_BLOCK, NULL, &now);
	got_blocked = sigismember(&now, sig);
	hits[sig]++;
	siglongjmp(jb, 1);
}

/* Install h (or s, with SA_SIGINFO) for sig, mask (if any) blocked in it. */
static void act(int sig, void (*h)(int), void (*s)(int, siginfo_t *, void *),
		int flags, const sigset_t *mask)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	if (s) {
		sa.sa_sigaction = s;
		flags |= SA_SIGINFO;
	} else {
		sa.sa_handler = h;
	}
	sa.sa_flags = flags;
	if (mask)
		sa.sa_mask = *mask;
	CHECK_OK(sigaction(sig, &sa, NULL));
}

/* The set of a and b (0: none). */
static sigset_t set_of(int a, int b)
{
	sigset_t s;

	sigemptyset(&s);
	if (a)
		sigaddset(&s, a);
	if (b)
		sigaddset(&s, b);
	return s;
}

static void mask(int how, int a, int b)
{
	sigset_t s = set_of(a, b);

	CHECK_OK(sigprocmask(how, &s, NULL));
}

static int is_blocked(int sig)
{
	sigset_t s;

	CHECK_OK(sigprocmask(SIG_BLOCK, NULL, &s));
	return sigismember(&s, sig);
}

static int is_pending(int sig)
{
	sigset_t s;

	CHECK_OK(sigpending(&s));
	return sigismember(&s, sig);
}

/* Wait (sleeping) until sig has been handled n times. */
static void wait_hits(int sig, int n)
{
	uint64_t end = test_now_ms() + TEST_WAIT_SEC * 1000;

	while (hits[sig] < n) {
		if (test_now_ms() > end)
			test_fail("signal %d handled %d times, not %d", sig,
				  (int)hits[sig], n);
		test_sleep_ms(1);
	}
}

static void itimer(long value_us, long interval_us)
{
	struct itimerval it = {
		{ interval_us / 1000000, interval_us % 1000000 },
		{ value_us / 1000000, value_us % 1000000 },
	};

	CHECK_OK(setitimer(ITIMER_REAL, &it, NULL));
}

static _Noreturn void pause_forever(void)
{
	for (;;)
		pause();
}

/* A child that sends sig to its parent after ms. */
static pid_t send_later(int sig, long ms)
{
	pid_t pid = test_fork();

	if (pid == 0) {
		test_sleep_ms(ms);
		_exit(kill(getppid(), sig) ? 1 : 0);
	}
	return pid;
}

/* kill() from another process: SI_USER, its pid and uid; sigaction
   reports the action back. */
static void handler_runs_with_siginfo(void)
{
	struct sigaction old;
	pid_t pid;

	act(SIGUSR1, count, NULL, SA_RESTART, NULL);
	CHECK_OK(raise(SIGUSR1));
	CHECK_EQ(hits[SIGUSR1], 1);
	CHECK_EQ(order[0], SIGUSR1);
	CHECK_OK(sigaction(SIGUSR1, NULL, &old));
	CHECK(old.sa_handler == count);
	CHECK((old.sa_flags & (SA_RESTART | SA_SIGINFO)) == SA_RESTART);

	act(SIGUSR2, NULL, info, 0, NULL);
	mask(SIG_BLOCK, SIGUSR2, 0);
	pid = send_later(SIGUSR2, 0);
	CHECK_EXITED(test_wait(pid), 0);
	CHECK_EQ(hits[SIGUSR2], 0);
	mask(SIG_UNBLOCK, SIGUSR2, 0);
	CHECK_EQ(hits[SIGUSR2], 1);
	CHECK_SI(got_si, SIGUSR2, SI_USER, pid);
	CHECK_EQ(got_si.si_uid, getuid());
	CHECK(got_uc != NULL);
	CHECK_OK(kill(getpid(), SIGUSR2));
	CHECK_EQ(hits[SIGUSR2], 2);
	CHECK_EQ(got_si.si_pid, getpid());
}

/* A 10 ms periodic SIGALRM hits a read() of an empty pipe; with feed, a
   child writes a byte after 200 ms. Returns read's result, errno in *err. */
static ssize_t read_under_alarms(int flags, int feed, char *c, int *err)
{
	int fds[2];
	ssize_t r;

	act(SIGALRM, count, NULL, flags, NULL);
	CHECK_OK(pipe(fds));
	if (feed && test_fork() == 0) {
		test_sleep_ms(200);
		write_full(fds[1], "x", 1);
		_exit(0);
	}
	itimer(10000, 10000);
	r = read(fds[0], c, 1);
	*err = errno;
	itimer(0, 0);
	CHECK(hits[SIGALRM] >= 1);
	return r;
}

static void sa_restart_resumes_a_read(void)
{
	char c = 0;
	int err;

	CHECK_EQ(read_under_alarms(SA_RESTART, 1, &c, &err), 1);
	CHECK_EQ(c, 'x');
}

static void read_without_sa_restart_fails_eintr(void)
{
	char c;
	int err;

	CHECK_EQ(read_under_alarms(0, 0, &c, &err), -1);
	CHECK_EQ(err, EINTR);
}

static void sigprocmask_holds_and_releases(void)
{
	unsigned long all = ~0ul, got;
	sigset_t s = set_of(SIGUSR1, 0), old;

	act(SIGUSR1, count, NULL, 0, NULL);
	CHECK_OK(sigprocmask(SIG_BLOCK, &s, &old));
	CHECK(!sigismember(&old, SIGUSR1));
	CHECK_OK(raise(SIGUSR1));
	CHECK_EQ(hits[SIGUSR1], 0);
	CHECK(is_pending(SIGUSR1));
	CHECK_OK(sigprocmask(SIG_UNBLOCK, &s, NULL));
	CHECK_EQ(hits[SIGUSR1], 1);	/* ran before sigprocmask returned */
	CHECK(!is_pending(SIGUSR1));

	mask(SIG_BLOCK, SIGUSR1, SIGUSR2);	/* BLOCK adds ... */
	CHECK(is_blocked(SIGUSR1) && is_blocked(SIGUSR2));
	mask(SIG_UNBLOCK, SIGUSR1, 0);		/* ... UNBLOCK takes away */
	CHECK(!is_blocked(SIGUSR1) && is_blocked(SIGUSR2));
	mask(SIG_SETMASK, SIGTERM, 0);		/* ... SETMASK replaces */
	CHECK(is_blocked(SIGTERM) && !is_blocked(SIGUSR2));

	/* SIGKILL and SIGSTOP drop out of any mask, silently. */
	CHECK_OK(syscall(SYS_rt_sigprocmask, SIG_SETMASK, &all, NULL, 8));
	CHECK_OK(syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, &got, 8));
	CHECK_EQ(got, ~(1ul << (SIGKILL - 1) | 1ul << (SIGSTOP - 1)));
	CHECK_ERR(syscall(SYS_rt_sigprocmask, 3, &all, NULL, 8), EINVAL);
	CHECK_ERR(syscall(SYS_rt_sigprocmask, SIG_BLOCK, &all, NULL, 4),
		  EINVAL);

	/* A blocked signal is kept even if ignored; SIG_IGN discards it. */
	act(SIGUSR2, SIG_IGN, NULL, 0, NULL);
	CHECK_OK(raise(SIGUSR2));
	CHECK(is_pending(SIGUSR2));
	act(SIGUSR2, SIG_IGN, NULL, 0, NULL);
	CHECK(!is_pending(SIGUSR2));
	CHECK_OK(raise(SIGCHLD));	/* ignored by default: kept too */
	CHECK(is_pending(SIGCHLD));
}

static void sigkill_and_sigstop_stay_default(void)
{
	struct { void *h; unsigned long flags; void *rest, *mask; } k;
	struct sigaction old;
	int fds[2], sig, st;
	pid_t pid;
	char c;

	for (sig = SIGKILL; sig; sig = sig == SIGKILL ? SIGSTOP : 0) {
		struct sigaction sa = { .sa_handler = SIG_IGN };

		CHECK_ERR(sigaction(sig, &sa, NULL), EINVAL);
		sa.sa_handler = count;
		CHECK_ERR(sigaction(sig, &sa, NULL), EINVAL);
		CHECK_OK(sigaction(sig, NULL, &old));	/* asking is fine */
		CHECK(old.sa_handler == SIG_DFL);
	}
	CHECK_ERR(syscall(SYS_rt_sigaction, 0, NULL, &k, 8), EINVAL);
	CHECK_ERR(syscall(SYS_rt_sigaction, _NSIG, NULL, &k, 8), EINVAL);
	CHECK_ERR(syscall(SYS_rt_sigaction, SIGUSR1, NULL, &k, 4), EINVAL);

	/* A child that ignores and blocks all it can still stops and dies. */
	CHECK_OK(pipe(fds));
	pid = test_fork();
	if (pid == 0) {
		sigset_t all;

		for (sig = 1; sig < _NSIG; sig++)
			signal(sig, SIG_IGN);
		sigfillset(&all);
		sigprocmask(SIG_SETMASK, &all, NULL);
		write_full(fds[1], "r", 1);
		pause_forever();
	}
	CHECK_EQ(read_full(fds[0], &c, 1), 1);
	CHECK_OK(kill(pid, SIGTERM));
	CHECK_EQ(waitpid(pid, &st, WNOHANG), 0);
	CHECK_OK(kill(pid, SIGSTOP));
	CHECK_EQ(waitpid(pid, &st, WUNTRACED), pid);
	CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP);
	CHECK_OK(kill(pid, SIGKILL));
	CHECK_SIGNALED(test_wait(pid), SIGKILL);
}

/* The child's end, seen as SIGCHLD's siginfo once SIGCHLD is unblocked. */
static void sigchld_after(pid_t pid, int code, int status)
{
	siginfo_t si;
	int n = hits[SIGCHLD];

	CHECK_OK(waitid(P_PID, pid, &si, WEXITED | WNOWAIT));
	CHECK_EQ(hits[SIGCHLD], n);
	mask(SIG_UNBLOCK, SIGCHLD, 0);
	CHECK_EQ(hits[SIGCHLD], n + 1);
	mask(SIG_BLOCK, SIGCHLD, 0);
	CHECK_SI(got_si, SIGCHLD, code, pid);
	CHECK_EQ(got_si.si_uid, getuid());
	CHECK_EQ(got_si.si_status, status);
}

static void sigchld_tells_how_a_child_ended(void)
{
	pid_t pid;

	act(SIGCHLD, NULL, info, 0, NULL);
	mask(SIG_BLOCK, SIGCHLD, 0);
	pid = test_fork();
	if (pid == 0)
		_exit(42);
	sigchld_after(pid, CLD_EXITED, 42);
	CHECK_EXITED(test_wait(pid), 42);
	pid = test_fork();
	if (pid == 0)
		pause_forever();
	CHECK_OK(kill(pid, SIGTERM));
	sigchld_after(pid, CLD_KILLED, SIGTERM);
	CHECK_SIGNALED(test_wait(pid), SIGTERM);
}

static volatile char *target;

static void read_target(void)
{
	(void)*target;
}

static void write_target(void)
{
	*target = 1;
}

/* Run fn with caught() on sig; 1 if the signal came. */
static int faults(int sig, void (*fn)(void))
{
	act(sig, NULL, caught, 0, NULL);
	if (sigsetjmp(jb, 1))
		return 1;
	fn();
	return 0;
}

static void segv_at(uintptr_t p, void (*fn)(void), int code, uintptr_t addr)
{
	target = (volatile char *)p;
	if (!faults(SIGSEGV, fn))
		test_fail("no SIGSEGV at %#lx", (unsigned long)p);
	CHECK_EQ(got_si.si_signo, SIGSEGV);
	CHECK_EQ(got_si.si_code, code);
	CHECK_EQ(got_si.si_addr, addr);
	CHECK(got_blocked);		/* SIGSEGV blocked in the handler */
	CHECK(!is_blocked(SIGSEGV));	/* siglongjmp gave the mask back */
}

/* A non-canonical address faults with #GP, not #PF: no address known. */
static void sigsegv_reports_the_fault_address(void)
{
	uintptr_t p = (uintptr_t)mmap(NULL, 3 * TEST_PAGE, PROT_NONE,
				      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	CHECK(p != (uintptr_t)MAP_FAILED);
	CHECK_OK(mprotect((char *)p + TEST_PAGE, TEST_PAGE, PROT_READ));
	CHECK_OK(munmap((char *)p + 2 * TEST_PAGE, TEST_PAGE));
	segv_at(p + 123, read_target, SEGV_ACCERR, p + 123);
	segv_at(p + 4000, write_target, SEGV_ACCERR, p + 4000);
	segv_at(p + TEST_PAGE + 7, write_target, SEGV_ACCERR, p + TEST_PAGE + 7);
	segv_at(p + 2 * TEST_PAGE, read_target, SEGV_MAPERR, p + 2 * TEST_PAGE);
	segv_at(8, read_target, SEGV_MAPERR, 8);
	segv_at(TEST_KERNEL_HI, read_target, SEGV_MAPERR, TEST_KERNEL_HI);
	segv_at(1ul << 63, read_target, SI_KERNEL, 0);
	target = (volatile char *)p + TEST_PAGE + 5;
	CHECK(!faults(SIGSEGV, read_target));
	CHECK_EQ(hits[SIGSEGV], 7);
}

/*
 * Registers across a handler. regs_across loads every register but rsp
 * (and xmm0-15) from sig_regs[0]/sig_xmm[0], misaligns rsp by 8, then
 * either makes a kill(getpid(), SIGUSR1) system call or spins until a
 * SIGALRM handler sets sig_spun (the signal comes from an interrupt), and
 * stores them all to sig_regs[1]/sig_xmm[1]. The handler clobbers what
 * it may and uses floating point.
 */
long sig_regs[2][15];	/* rax rbx rcx rdx rsi rdi rbp r8-r15 */
unsigned char sig_xmm[2][16][16];
long sig_rbp, sig_spin, sig_rsp;
volatile int sig_spun;
static const char *const reg_names[15] = {
	"rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "r8", "r9", "r10",
	"r11", "r12", "r13", "r14", "r15",
};
static unsigned got_mxcsr;
static int got_misalign;

#define LOAD(r, i)	"mov sig_regs+" #i "*8(%%rip), %%" #r "\n"
#define STORE(r, i)	"mov %%" #r ", sig_regs+120+" #i "*8(%%rip)\n"
#define XLOAD(i)	"movdqu sig_xmm+" #i "*16(%%rip), %%xmm" #i "\n"
#define XSTORE(i)	"movdqu %%xmm" #i ", sig_xmm+256+" #i "*16(%%rip)\n"
#define EACH_XMM(X)	X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) \
			X(9) X(10) X(11) X(12) X(13) X(14) X(15)

static void regs_across(void)
{
	asm volatile(
		"mov %%rbp, sig_rbp(%%rip)\n"
		EACH_XMM(XLOAD)
		LOAD(rax, 0) LOAD(rbx, 1) LOAD(rcx, 2) LOAD(rdx, 3)
		LOAD(rsi, 4) LOAD(rdi, 5) LOAD(rbp, 6) LOAD(r8, 7)
		LOAD(r9, 8) LOAD(r10, 9) LOAD(r11, 10) LOAD(r12, 11)
		LOAD(r13, 12) LOAD(r14, 13) LOAD(r15, 14)
		"sub $8, %%rsp\n"
		"cmpq $0, sig_spin(%%rip)\n"
		"jne 1f\n"
		"syscall\n"
		"jmp 2f\n"
		"1: cmpl $0, sig_spun(%%rip)\n"
		"je 1b\n"
		"2: add $8, %%rsp\n"
		STORE(rax, 0) STORE(rbx, 1) STORE(rcx, 2) STORE(rdx, 3)
		STORE(rsi, 4) STORE(rdi, 5) STORE(rbp, 6) STORE(r8, 7)
		STORE(r9, 8) STORE(r10, 9) STORE(r11, 10) STORE(r12, 11)
		STORE(r13, 12) STORE(r14, 13) STORE(r15, 14)
		EACH_XMM(XSTORE)
		"mov sig_rbp(%%rip), %%rbp\n"
		::: "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "r8", "r9",
		"r10", "r11", "r12", "r13", "r14", "r15", "xmm0", "xmm1",
		"xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8",
		"xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15",
		"cc", "memory");
}

static void clobber(int sig)
{
	alignas(16) volatile char probe[16];
	volatile double x = 1.5;
	int i;

	asm volatile("stmxcsr %0" : "=m"(got_mxcsr));
	got_misalign = (uintptr_t)probe & 15;
	for (i = 0; i < 10; i++)
		x = x * 3.25 + 0.5;
	asm volatile("pcmpeqd %%xmm0, %%xmm0\n" "movdqa %%xmm0, %%xmm7\n"
		     "movdqa %%xmm0, %%xmm15\n" "xor %%eax, %%eax\n"
		     "mov $-1, %%rcx\n" "mov %%rcx, %%rdx\n" "mov %%rcx, %%rsi\n"
		     "mov %%rcx, %%rdi\n" "mov %%rcx, %%r8\n" "mov %%rcx, %%r9\n"
		     "mov %%rcx, %%r10\n" "mov %%rcx, %%r11\n"
		     ::: "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10",
		     "r11", "xmm0", "xmm7", "xmm15", "cc");
	sig_spun = 1;
	count(sig);
}

/* The interrupted code runs with MXCSR rounding toward zero. */
static void check_regs(int spin)
{
	unsigned m = 0x7f80, back;
	int i;

	for (i = 0; i < 15; i++)
		sig_regs[0][i] = (long)(0x1111111111111111ul * (i + 1)) ^ 0x5a5a;
	for (i = 0; i < 256; i++)
		sig_xmm[0][i / 16][i % 16] = i * 7 + 3;
	if (!spin) {
		sig_regs[0][0] = SYS_kill;
		sig_regs[0][5] = getpid();
		sig_regs[0][4] = SIGUSR1;
	}
	sig_spin = spin;
	sig_spun = 0;
	asm volatile("ldmxcsr %0" :: "m"(m));
	if (spin)
		itimer(20000, 20000);
	regs_across();
	itimer(0, 0);
	asm volatile("stmxcsr %0" : "=m"(back));
	CHECK_EQ(back, 0x7f80);		/* restored for the interrupted code */
	CHECK_EQ(got_mxcsr, 0x1f80);	/* the handler starts afresh */
	CHECK_EQ(got_misalign, 0);
	if (!spin)
		CHECK_EQ(sig_regs[1][0], 0);	/* kill's return value */
	for (i = !spin; i < 15; i++) {
		if (!spin && (i == 2 || i == 10))
			continue;		/* syscall takes rcx, r11 */
		if (sig_regs[1][i] != sig_regs[0][i])
			test_fail("%s is %#lx after the handler, not %#lx",
				  reg_names[i], sig_regs[1][i], sig_regs[0][i]);
	}
	for (i = 0; i < 16; i++)
		if (memcmp(sig_xmm[0][i], sig_xmm[1][i], 16))
			test_fail("xmm%d changed across the handler", i);
	m = 0x1f80;
	asm volatile("ldmxcsr %0" :: "m"(m));
}

static void registers_survive_handlers(void)
{
	act(SIGUSR1, clobber, NULL, 0, NULL);
	act(SIGALRM, clobber, NULL, 0, NULL);
	check_regs(0);
	CHECK_EQ(hits[SIGUSR1], 1);
	check_regs(1);
	CHECK(hits[SIGALRM] >= 1);
}

/* A handler in assembly, to see rsp at its entry: (rsp + 8) % 16 == 0. */
void sig_rsp_stub(int sig);
asm(".text\n"
	"sig_rsp_stub:\n"
	"	mov %rsp, sig_rsp(%rip)\n"
	"	ret\n");

/* Skips the ud2 and sets rax, rdx: sigreturn takes them from the frame. */
static void skip_ud2(int sig, siginfo_t *si, void *p)
{
	ucontext_t *uc = p;

	(void)sig;
	(void)si;
	uc->uc_mcontext.gregs[REG_RIP] += 2;
	uc->uc_mcontext.gregs[REG_RAX] = 42;
	uc->uc_mcontext.gregs[REG_RDX] = 43;
}

static void handler_edits_the_context_and_stack_is_aligned(void)
{
	static char alt[65536];
	stack_t ss = { .ss_sp = alt + 1, .ss_size = sizeof(alt) - 4 };
	long rax = 0, rdx = 0;

	act(SIGILL, NULL, skip_ud2, 0, NULL);
	asm volatile("xor %%eax, %%eax\n" "xor %%edx, %%edx\n" "ud2\n"
		     : "=a"(rax), "=d"(rdx));
	CHECK_EQ(rax, 42);
	CHECK_EQ(rdx, 43);

	act(SIGUSR2, sig_rsp_stub, NULL, 0, NULL);
	CHECK_OK(raise(SIGUSR2));
	CHECK(sig_rsp != 0);
	CHECK_EQ((sig_rsp + 8) % 16, 0);
	/* The same on an alternate stack that ends unaligned. */
	CHECK_OK(sigaltstack(&ss, NULL));
	act(SIGUSR2, sig_rsp_stub, NULL, SA_ONSTACK, NULL);
	sig_rsp = 0;
	CHECK_OK(raise(SIGUSR2));
	CHECK(sig_rsp > (long)alt && sig_rsp < (long)alt + (long)sizeof(alt));
	CHECK_EQ((sig_rsp + 8) % 16, 0);
}

/* The SIGCHLD handler saw code and status from pid (waits for it). */
static void got_sigchld(int n, pid_t pid, int code, int status)
{
	wait_hits(SIGCHLD, n);
	CHECK_EQ(hits[SIGCHLD], n);
	CHECK_SI(got_si, SIGCHLD, code, pid);
	CHECK_EQ(got_si.si_status, status);
}

/* A child in its own group (not an orphaned one: SIGTSTP must stop it). */
static pid_t stoppable_child(void)
{
	pid_t pid = test_fork();

	if (pid == 0)
		pause_forever();
	CHECK_OK(setpgid(pid, pid));
	return pid;
}

/* waitid(..., WNOWAIT | how) reports code and status (the event stays). */
static void waitid_sees(pid_t pid, int how, int code, int status)
{
	siginfo_t si;

	CHECK_OK(waitid(P_PID, pid, &si, how | WNOWAIT));
	CHECK_SI(si, SIGCHLD, code, pid);
	CHECK_EQ(si.si_status, status);
}

static void stop_and_continue_are_reported(void)
{
	siginfo_t si;
	pid_t pid;
	int st;

	act(SIGCHLD, NULL, info, SA_RESTART, NULL);
	pid = stoppable_child();
	CHECK_OK(kill(pid, SIGSTOP));
	waitid_sees(pid, WSTOPPED, CLD_STOPPED, SIGSTOP);
	CHECK_EQ(waitpid(pid, &st, WNOHANG), 0);  /* not without WUNTRACED */
	CHECK_EQ(waitpid(pid, &st, WUNTRACED), pid);
	CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP);
	CHECK_EQ(waitpid(pid, &st, WUNTRACED | WNOHANG), 0);  /* just once */
	got_sigchld(1, pid, CLD_STOPPED, SIGSTOP);

	CHECK_OK(kill(pid, SIGCONT));
	waitid_sees(pid, WCONTINUED, CLD_CONTINUED, SIGCONT);
	CHECK_EQ(waitpid(pid, &st, WCONTINUED), pid);
	CHECK(WIFCONTINUED(st));
	got_sigchld(2, pid, CLD_CONTINUED, SIGCONT);
	si.si_pid = 1234;		/* nothing to report: zeroed */
	CHECK_EQ(waitid(P_PID, pid, &si, WEXITED | WSTOPPED | WCONTINUED |
			WNOHANG), 0);
	CHECK_EQ(si.si_pid, 0);

	CHECK_OK(kill(pid, SIGTSTP));	/* stops by default, too */
	waitid_sees(pid, WSTOPPED, CLD_STOPPED, SIGTSTP);
	CHECK_OK(waitid(P_PID, pid, &si, WSTOPPED));
	got_sigchld(3, pid, CLD_STOPPED, SIGTSTP);
	CHECK_OK(kill(pid, SIGKILL));	/* and a stopped process dies */
	waitid_sees(pid, WEXITED, CLD_KILLED, SIGKILL);
	CHECK_SIGNALED(test_wait(pid), SIGKILL);
	got_sigchld(4, pid, CLD_KILLED, SIGKILL);
}

/* Waits still see stops; SIGCHLD comes only for the death (a stop or a
   continue sent earlier would show as a second one or as its code). */
static void sa_nocldstop_hides_stops(void)
{
	pid_t pid;
	int st;

	act(SIGCHLD, NULL, info, SA_RESTART | SA_NOCLDSTOP, NULL);
	pid = stoppable_child();
	CHECK_OK(kill(pid, SIGSTOP));
	CHECK_EQ(waitpid(pid, &st, WUNTRACED), pid);
	CHECK(WIFSTOPPED(st));
	CHECK_OK(kill(pid, SIGCONT));
	CHECK_EQ(waitpid(pid, &st, WCONTINUED), pid);
	CHECK(WIFCONTINUED(st));
	CHECK_OK(kill(pid, SIGKILL));
	CHECK_SIGNALED(test_wait(pid), SIGKILL);
	got_sigchld(1, pid, CLD_KILLED, SIGKILL);
}

static volatile int depth, max_depth, ran_inside, inside_sig;
static sigset_t mask_inside;

/* SIGUSR1's first run raises inside_sig: did it run before raise ended? */
static void nest(int sig)
{
	int d = ++depth;

	if (d > max_depth)
		max_depth = d;
	hits[sig]++;
	if (sig == SIGUSR1 && hits[SIGUSR1] == 1) {
		sigprocmask(SIG_BLOCK, NULL, &mask_inside);
		raise(inside_sig);
		ran_inside = hits[inside_sig] - (inside_sig == SIGUSR1);
	}
	depth--;
}

/* Runs the SIGUSR1 handler (flags, sa_mask m) which raises inner. */
static void nest_once(int flags, int m, int inner, int nests)
{
	sigset_t s = set_of(m, 0);

	memset((void *)hits, 0, sizeof(hits));
	max_depth = 0;
	inside_sig = inner;
	act(SIGUSR1, nest, NULL, flags, &s);
	act(SIGUSR2, nest, NULL, 0, NULL);
	CHECK_OK(raise(SIGUSR1));
	CHECK_EQ(hits[inner], inner == SIGUSR1 ? 2 : 1);  /* all ran by now */
	CHECK_EQ(ran_inside, nests);
	CHECK_EQ(max_depth, 1 + nests);
	CHECK_EQ(sigismember(&mask_inside, SIGUSR1), !(flags & SA_NODEFER));
	CHECK_EQ(sigismember(&mask_inside, SIGUSR2), m == SIGUSR2);
	CHECK(!is_blocked(SIGUSR1) && !is_blocked(SIGUSR2));
}

static void handlers_nest_unless_masked(void)
{
	pid_t pid;

	nest_once(0, 0, SIGUSR2, 1);		/* another signal nests */
	nest_once(0, 0, SIGUSR1, 0);		/* the same waits its turn */
	nest_once(SA_NODEFER, 0, SIGUSR1, 1);	/* unless SA_NODEFER */
	nest_once(0, SIGUSR2, SIGUSR2, 0);	/* sa_mask holds the other */

	/* SA_RESETHAND: once handled, then the default (death). */
	pid = test_fork();
	if (pid == 0) {
		struct sigaction old;

		hits[SIGUSR1] = 0;
		act(SIGUSR1, count, NULL, SA_RESETHAND, NULL);
		raise(SIGUSR1);
		sigaction(SIGUSR1, NULL, &old);
		if (hits[SIGUSR1] != 1 || old.sa_handler != SIG_DFL)
			_exit(1);
		raise(SIGUSR1);
		_exit(2);
	}
	CHECK_SIGNALED(test_wait(pid), SIGUSR1);
}

/* Each SIGUSR1 to the child is answered by a SIGUSR2 before the next. */
static void ping_pong_50000_signals(void)
{
	pid_t parent = getpid(), pid;
	uint64_t start = test_now_ms();
	sigset_t none = set_of(0, 0);
	int i;

	act(SIGUSR1, count, NULL, 0, NULL);
	act(SIGUSR2, count, NULL, 0, NULL);
	act(SIGCHLD, count, NULL, 0, NULL);	/* a dead child wakes us */
	mask(SIG_BLOCK, SIGUSR1, SIGUSR2);
	mask(SIG_BLOCK, SIGCHLD, 0);
	pid = test_fork();
	if (pid == 0) {
		alarm(TEST_CASE_SEC);		/* if the parent is gone */
		for (i = 0; i < PINGS; i++) {
			while (hits[SIGUSR1] == i)
				sigsuspend(&none);
			if (hits[SIGUSR1] != i + 1 || kill(parent, SIGUSR2))
				_exit(1);
		}
		_exit(0);
	}
	for (i = 0; i < PINGS; i++) {
		CHECK_OK(kill(pid, SIGUSR1));
		while (hits[SIGUSR2] == i && !hits[SIGCHLD])
			sigsuspend(&none);
		if (hits[SIGUSR2] != i + 1)
			test_fail("ping %d: %d pongs", i, (int)hits[SIGUSR2]);
	}
	CHECK_EXITED(test_wait(pid), 0);
	test_say("  %s: %d round trips in %llu ms\n", test_name, PINGS,
		 (unsigned long long)(test_now_ms() - start));
}

/* The child queues QUEUED SIGRTMINs numbered by si_value, BATCH at a
   time; they come out in order, each once. */
static void queue_50000_rt_signals(void)
{
	struct timespec ts = { TEST_WAIT_SEC, 0 };
	uint64_t start = test_now_ms();
	sigset_t rt = set_of(SIGRTMIN, 0);
	pid_t parent = getpid(), pid;
	int ack[2], i, sig;
	siginfo_t si;
	char c;

	CHECK_OK(sigprocmask(SIG_BLOCK, &rt, NULL));
	CHECK_OK(pipe(ack));
	pid = test_fork();
	if (pid == 0) {
		close(ack[1]);			/* the parent's death: EOF */
		for (i = 0; i < QUEUED; i++) {
			if (i && i % BATCH == 0 && read(ack[0], &c, 1) != 1)
				_exit(1);
			while (sigqueue(parent, SIGRTMIN,
					(union sigval){ .sival_int = i }))
				if (errno != EAGAIN)	/* queue full: retry */
					_exit(2);
		}
		_exit(0);
	}
	close(ack[0]);
	for (i = 0; i < QUEUED; i++) {
		sig = sigtimedwait(&rt, &si, &ts);
		if (sig != SIGRTMIN || si.si_value.sival_int != i ||
		    si.si_code != SI_QUEUE || si.si_pid != pid)
			test_fail("signal %d of %d: %d, value %d, code %d",
				  i, QUEUED, sig, si.si_value.sival_int,
				  si.si_code);
		if ((i + 1) % BATCH == 0 && i + 1 < QUEUED)
			write_full(ack[1], "a", 1);
	}
	CHECK_EXITED(test_wait(pid), 0);
	CHECK(!is_pending(SIGRTMIN));
	test_say("  %s: %d signals in %llu ms\n", test_name, QUEUED,
		 (unsigned long long)(test_now_ms() - start));
}

static char altstack[65536];
static stack_t ss_inside;
static int err_inside;

static int on_altstack(uintptr_t a)
{
	return a >= (uintptr_t)altstack && a < (uintptr_t)altstack +
	       sizeof(altstack);
}

/* Where it runs, what sigaltstack says, and whether it may change it. */
static void on_alt(int sig)
{
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) };
	volatile char here;

	got_local = (uintptr_t)&here;
	sigaltstack(NULL, &ss_inside);
	errno = 0;
	err_inside = sigaltstack(&ss, NULL) ? errno : 0;
	hits[sig]++;
}

/* Raise SIGUSR1 for on_alt with flags: on the alt stack, and its flags. */
static void alt_raise(int flags, int on, int ss_flags, int err)
{
	act(SIGUSR1, on_alt, NULL, flags, NULL);
	CHECK_OK(raise(SIGUSR1));
	CHECK_EQ(on_altstack(got_local), on);
	CHECK_EQ(ss_inside.ss_flags, ss_flags);
	CHECK_EQ(err_inside, err);
}

static void sigaltstack_runs_handlers_there(void)
{
	stack_t ss = { .ss_sp = altstack }, old;

	CHECK_OK(sigaltstack(NULL, &old));
	CHECK_EQ(old.ss_flags, SS_DISABLE);
	ss.ss_size = MINSIGSTKSZ - 1;
	CHECK_ERR(sigaltstack(&ss, NULL), ENOMEM);
	ss.ss_size = sizeof(altstack);
	ss.ss_flags = 0x10;
	CHECK_ERR(sigaltstack(&ss, NULL), EINVAL);
	ss.ss_flags = 0;
	CHECK_OK(sigaltstack(&ss, NULL));
	CHECK_OK(sigaltstack(NULL, &old));
	CHECK(old.ss_sp == altstack);
	CHECK_EQ(old.ss_size, sizeof(altstack));
	CHECK_EQ(old.ss_flags, 0);
	alt_raise(SA_ONSTACK, 1, SS_ONSTACK, EPERM);	/* not while on it */
	alt_raise(0, 0, 0, 0);
	ss.ss_flags = SS_DISABLE;
	CHECK_OK(sigaltstack(&ss, NULL));
	alt_raise(SA_ONSTACK, 0, SS_DISABLE, 0);
	CHECK_EQ(hits[SIGUSR1], 3);
}

static volatile uintptr_t deepest;

static int recurse(int n)
{
	volatile char frame[1024];

	frame[0] = n;
	deepest = (uintptr_t)frame;
	if (n < 0)
		return 0;
	return recurse(n + 1) + frame[0];
}

/* Overflowing the stack, SIGSEGV's handler runs only on an alt stack. */
static void stack_overflow_caught_on_the_altstack(void)
{
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) };
	struct rlimit no_core = { 0, 0 };
	pid_t pid;

	pid = test_fork();
	if (pid == 0) {
		setrlimit(RLIMIT_CORE, &no_core);
		act(SIGSEGV, NULL, caught, 0, NULL);
		recurse(1);
		_exit(1);
	}
	CHECK_SIGNALED(test_wait(pid), SIGSEGV);

	CHECK_OK(sigaltstack(&ss, NULL));
	act(SIGSEGV, NULL, caught, SA_ONSTACK, NULL);
	if (!sigsetjmp(jb, 1))
		test_fail("recursion returned %d", recurse(1));
	CHECK_EQ(got_si.si_signo, SIGSEGV);
	CHECK(on_altstack(got_local));
	CHECK((uintptr_t)got_si.si_addr < deepest);
	CHECK(deepest - (uintptr_t)got_si.si_addr < 16384);
	CHECK(!is_blocked(SIGSEGV));
	CHECK_EQ(recurse(-1), 0);	/* the stack works again */
}

static void sigsuspend_and_pause_wait_for_a_handler(void)
{
	sigset_t m = set_of(SIGUSR2, 0);
	pid_t pid;

	act(SIGUSR1, count, NULL, 0, NULL);
	act(SIGUSR2, count, NULL, 0, NULL);
	act(SIGALRM, count, NULL, 0, NULL);
	mask(SIG_BLOCK, SIGUSR1, SIGUSR2);
	/* Already pending: unblocked and handled at once. */
	CHECK_OK(raise(SIGUSR1));
	CHECK_ERR(sigsuspend(&m), EINTR);
	CHECK_EQ(hits[SIGUSR1], 1);
	CHECK(is_blocked(SIGUSR1) && is_blocked(SIGUSR2));
	/* Sent later by another process; SIGUSR2 stays blocked through. */
	CHECK_OK(raise(SIGUSR2));
	pid = send_later(SIGUSR1, 50);
	CHECK_ERR(sigsuspend(&m), EINTR);
	CHECK_EQ(hits[SIGUSR1], 2);
	CHECK_EQ(hits[SIGUSR2], 0);
	CHECK(is_blocked(SIGUSR1) && is_pending(SIGUSR2));
	CHECK_EXITED(test_wait(pid), 0);
	mask(SIG_UNBLOCK, SIGUSR2, 0);
	CHECK_EQ(hits[SIGUSR2], 1);
	/* pause: periodic, in case one comes before pause is entered */
	itimer(30000, 30000);
	CHECK_ERR(pause(), EINTR);
	itimer(0, 0);
	CHECK(hits[SIGALRM] >= 1);
}

static void alarm_and_itimer_deliver_sigalrm(void)
{
	struct itimerval a, b, zero = { { 0, 0 }, { 0, 0 } };
	sigset_t none = set_of(0, 0);
	uint64_t start;

	act(SIGALRM, count, NULL, 0, NULL);
	mask(SIG_BLOCK, SIGALRM, 0);
	CHECK_EQ(alarm(5), 0);
	CHECK_EQ(alarm(3), 5);		/* what was left, rounded */
	CHECK_EQ(alarm(0), 3);		/* cancels */
	CHECK_OK(getitimer(ITIMER_REAL, &a));
	CHECK(!a.it_value.tv_sec && !a.it_value.tv_usec);
	start = test_now_ms();
	CHECK_EQ(alarm(1), 0);
	CHECK_ERR(sigsuspend(&none), EINTR);
	CHECK_EQ(hits[SIGALRM], 1);
	CHECK(test_now_ms() - start >= 950);

	/* Five periods of 20 ms. */
	start = test_now_ms();
	itimer(20000, 20000);
	while (hits[SIGALRM] < 6)
		sigsuspend(&none);
	CHECK(test_now_ms() - start >= 95);
	CHECK_OK(getitimer(ITIMER_REAL, &a));
	CHECK(!a.it_interval.tv_sec && a.it_interval.tv_usec == 20000);
	CHECK(!a.it_value.tv_sec && a.it_value.tv_usec > 0);
	CHECK(a.it_value.tv_usec <= 20000);
	CHECK_OK(setitimer(ITIMER_REAL, &zero, &b));	/* disarms */
	CHECK_EQ(b.it_interval.tv_usec, 20000);
	CHECK_OK(getitimer(ITIMER_REAL, &a));
	CHECK(!a.it_value.tv_sec && !a.it_value.tv_usec);
	CHECK(!a.it_interval.tv_sec && !a.it_interval.tv_usec);

	/* A one-shot timer counts down. */
	itimer(10000000, 0);
	CHECK_OK(getitimer(ITIMER_REAL, &a));
	test_sleep_ms(30);
	CHECK_OK(getitimer(ITIMER_REAL, &b));
	CHECK(a.it_value.tv_sec < 10 || (a.it_value.tv_sec == 10 &&
					 !a.it_value.tv_usec));
	CHECK((a.it_value.tv_sec - b.it_value.tv_sec) * 1000000 +
	      a.it_value.tv_usec - b.it_value.tv_usec >= 29000);
	itimer(0, 0);
	CHECK(!is_pending(SIGALRM));
}

/*
 * Never restarted, even with SA_RESTART; rem is what was left: sleeping
 * on with each rest, as programs do, ends 1 s after the start, neither
 * sooner (a rest too short) nor much later (too long). No bound rests on
 * when the first alarm comes: a busy host may hold the virtual CPU for
 * milliseconds between setitimer and nanosleep.
 */
static void nanosleep_interrupted_reports_the_rest(void)
{
	struct timespec req = { 1, 0 }, rem;
	uint64_t start, took;
	int interrupted = 0, r;

	act(SIGALRM, count, NULL, SA_RESTART, NULL);
	start = test_now_ms();
	itimer(50000, 50000);
	while ((r = nanosleep(&req, &rem)) == -1 && errno == EINTR &&
	       interrupted < 60) {
		CHECK(rem.tv_nsec >= 0 && rem.tv_nsec < 1000000000);
		CHECK(rem.tv_sec < req.tv_sec || (rem.tv_sec == req.tv_sec &&
						  rem.tv_nsec <= req.tv_nsec));
		req = rem;
		interrupted++;
	}
	took = test_now_ms() - start;
	itimer(0, 0);
	CHECK_EQ(r, 0);
	CHECK(interrupted >= 1);
	CHECK(hits[SIGALRM] >= interrupted);
	CHECK(took >= 999);		/* test_now_ms() truncates */
	CHECK(took < 2500);
}

/* The child has the handlers and the mask, not the pending signals. */
static void fork_keeps_handlers_and_mask(void)
{
	pid_t pid;

	act(SIGUSR1, count, NULL, 0, NULL);
	act(SIGTERM, SIG_IGN, NULL, 0, NULL);
	mask(SIG_BLOCK, SIGUSR2, 0);
	CHECK_OK(raise(SIGUSR2));
	pid = test_fork();
	if (pid == 0) {
		raise(SIGUSR1);
		raise(SIGTERM);
		_exit((!is_blocked(SIGUSR2)) | is_pending(SIGUSR2) << 1 |
		      (hits[SIGUSR1] != 1) << 2);
	}
	CHECK_EXITED(test_wait(pid), 0);
	CHECK(is_pending(SIGUSR2));
	CHECK_EQ(hits[SIGUSR1], 0);
}

/* SIGCHLD ignored, or SA_NOCLDWAIT: no zombies, wait gives ECHILD once
   the children are gone; with SA_NOCLDWAIT the handler still runs. */
static void ignored_sigchld_reaps_children(void)
{
	pid_t pid;
	int st;

	act(SIGCHLD, SIG_IGN, NULL, 0, NULL);
	pid = test_fork();
	if (pid == 0)
		_exit(7);
	CHECK_ERR(waitpid(pid, &st, 0), ECHILD);
	act(SIGCHLD, count, NULL, SA_NOCLDWAIT | SA_RESTART, NULL);
	if (test_fork() == 0)
		_exit(8);
	CHECK_ERR(waitpid(-1, &st, 0), ECHILD);
	wait_hits(SIGCHLD, 1);
}

static volatile int zero, int_min = INT_MIN, minus_one = -1;
static long fault_at;		/* where the next fault is expected */

static void divide_by_zero(void)
{
	asm volatile("lea 1f(%%rip), %%rax\n" "mov %%rax, %0\n"
		     "mov $1, %%eax\n" "cltd\n" "1: idivl %1\n"
		     : "=m"(fault_at) : "m"(zero) : "rax", "rdx", "cc");
}

static void divide_overflow(void)
{
	volatile int q = int_min / minus_one;

	(void)q;
}

static void undefined_instruction(void)
{
	asm volatile("lea 1f(%%rip), %%rax\n" "mov %%rax, %0\n" "1: ud2\n"
		     : "=m"(fault_at) :: "rax");
}

static void breakpoint(void)
{
	asm volatile("lea 1f(%%rip), %%rax\n" "mov %%rax, %0\n" "int3\n1:\n"
		     : "=m"(fault_at) :: "rax");
}

/* fn faults with sig and code, at fault_at (int3: rip is after it). */
static void faults_at(void (*fn)(void), int sig, int code, int addr)
{
	CHECK(faults(sig, fn));
	CHECK_EQ(got_si.si_signo, sig);
	CHECK_EQ(got_si.si_code, code);
	CHECK_EQ(got_rip, fault_at);
	if (addr)
		CHECK_EQ(got_si.si_addr, fault_at);
	CHECK(got_blocked && !is_blocked(sig));
}

/* A child doing fn dies by sig: with no handler, with a blocked one,
   with the signal ignored (a fault cannot be blocked or ignored). */
static void dies_by(void (*fn)(void), int sig)
{
	struct rlimit no_core = { 0, 0 };
	int how;

	for (how = 0; how < 3; how++) {
		pid_t pid = test_fork();

		if (pid == 0) {
			setrlimit(RLIMIT_CORE, &no_core);
			act(sig, how == 2 ? SIG_IGN : how ? count : SIG_DFL,
			    NULL, 0, NULL);
			if (how == 1)
				mask(SIG_BLOCK, sig, 0);
			fn();
			_exit(1);
		}
		CHECK_SIGNALED(test_wait(pid), sig);
	}
}

/* x86 raises #DE for INT_MIN / -1 too; int3 is SI_KERNEL on Linux. */
static void faults_become_signals(void)
{
	faults_at(divide_by_zero, SIGFPE, FPE_INTDIV, 1);
	CHECK(faults(SIGFPE, divide_overflow));
	CHECK_EQ(got_si.si_code, FPE_INTDIV);
	faults_at(undefined_instruction, SIGILL, ILL_ILLOPN, 1);
	faults_at(breakpoint, SIGTRAP, SI_KERNEL, 0);
	dies_by(divide_by_zero, SIGFPE);
	dies_by(undefined_instruction, SIGILL);
	dies_by(breakpoint, SIGTRAP);
	dies_by(write_target, SIGSEGV);		/* target is NULL */
}

static void sigpipe_on_a_pipe_without_readers(void)
{
	int fds[2];
	pid_t pid;

	CHECK_OK(pipe(fds));
	CHECK_OK(close(fds[0]));
	act(SIGPIPE, NULL, info, 0, NULL);
	CHECK_ERR(write(fds[1], "x", 1), EPIPE);
	CHECK_EQ(hits[SIGPIPE], 1);
	CHECK_SI(got_si, SIGPIPE, SI_USER, getpid());
	act(SIGPIPE, SIG_IGN, NULL, 0, NULL);
	CHECK_ERR(write(fds[1], "x", 1), EPIPE);
	CHECK_EQ(hits[SIGPIPE], 1);
	act(SIGPIPE, SIG_DFL, NULL, 0, NULL);
	mask(SIG_BLOCK, SIGPIPE, 0);
	CHECK_ERR(write(fds[1], "x", 1), EPIPE);
	CHECK(is_pending(SIGPIPE));
	pid = test_fork();
	if (pid == 0) {
		mask(SIG_UNBLOCK, SIGPIPE, 0);
		write(fds[1], "x", 1);
		_exit(1);
	}
	CHECK_SIGNALED(test_wait(pid), SIGPIPE);
}

/* A child that exits 0 if the first of SIGUSR1/2 it takes is sig. */
static pid_t first_taken(int sig)
{
	struct timespec ts = { TEST_WAIT_SEC, 0 };
	sigset_t both = set_of(SIGUSR1, SIGUSR2);
	pid_t pid = test_fork();

	if (pid == 0)
		_exit(sigtimedwait(&both, NULL, &ts) == sig ? 0 : 1);
	return pid;
}

static void kill_reaches_the_right_targets(void)
{
	struct timespec now = { 0, 0 };
	pid_t a, b, tid = syscall(SYS_gettid);
	sigset_t s1 = set_of(SIGUSR1, 0), s2 = set_of(SIGUSR2, 0);
	siginfo_t si;

	mask(SIG_BLOCK, SIGUSR1, SIGUSR2);
	CHECK_OK(setpgid(0, 0));
	/* kill(0, ...): a and the caller, not b in another group. */
	a = first_taken(SIGUSR1);
	b = first_taken(SIGUSR2);
	CHECK_OK(setpgid(b, b));
	CHECK_OK(kill(0, SIGUSR1));
	CHECK_OK(kill(b, SIGUSR2));
	CHECK_EXITED(test_wait(a), 0);
	CHECK_EXITED(test_wait(b), 0);
	CHECK_EQ(sigtimedwait(&s1, &si, &now), SIGUSR1);
	CHECK_SI(si, SIGUSR1, SI_USER, getpid());
	b = first_taken(SIGUSR2);	/* kill(-pgid, ...) */
	CHECK_OK(setpgid(b, b));
	CHECK_OK(kill(-b, SIGUSR2));
	CHECK_EXITED(test_wait(b), 0);

	/* kill(pid, 0): a zombie still exists, a reaped child not. */
	a = test_fork();
	if (a == 0)
		_exit(0);
	CHECK_OK(waitid(P_PID, a, &si, WEXITED | WNOWAIT));
	CHECK_OK(kill(a, 0));
	CHECK_EXITED(test_wait(a), 0);
	CHECK_ERR(kill(a, 0), ESRCH);
	CHECK_ERR(kill(getpid(), 65), EINVAL);
	CHECK_ERR(kill(getpid(), -1), EINVAL);
	CHECK_ERR(kill(0x3fffffff, SIGUSR1), ESRCH);
	CHECK(!is_pending(SIGUSR1));

	/* tgkill: to this thread, SI_TKILL. */
	CHECK_OK(syscall(SYS_tgkill, getpid(), tid, 0));
	CHECK_OK(syscall(SYS_tgkill, getpid(), tid, SIGUSR2));
	CHECK_EQ(sigtimedwait(&s2, &si, &now), SIGUSR2);
	CHECK_SI(si, SIGUSR2, SI_TKILL, getpid());
	CHECK_ERR(syscall(SYS_tgkill, 0x3fffffff, tid, SIGUSR2), ESRCH);
	CHECK_ERR(syscall(SYS_tgkill, getpid(), tid, 65), EINVAL);
	CHECK_ERR(syscall(SYS_tgkill, 0, tid, SIGUSR2), EINVAL);
}

static void sigtimedwait_times_out_or_takes_one(void)
{
	struct timespec t0 = { 0, 0 }, t50 = { 0, 50000000 };
	struct timespec bad = { 0, 1000000000 }, t60 = { TEST_WAIT_SEC, 0 };
	sigset_t s = set_of(SIGUSR1, 0);
	uint64_t start;
	siginfo_t si;
	pid_t pid;

	act(SIGUSR1, count, NULL, 0, NULL);
	mask(SIG_BLOCK, SIGUSR1, SIGUSR2);
	start = test_now_ms();
	CHECK_ERR(sigtimedwait(&s, &si, &t50), EAGAIN);
	CHECK(test_now_ms() - start >= 45);
	CHECK_ERR(sigtimedwait(&s, &si, &t0), EAGAIN);
	CHECK_ERR(sigtimedwait(&s, &si, &bad), EINVAL);
	CHECK_OK(raise(SIGUSR2));			/* not in the set */
	CHECK_ERR(sigtimedwait(&s, &si, &t0), EAGAIN);
	CHECK(is_pending(SIGUSR2));

	CHECK_OK(kill(getpid(), SIGUSR1));
	CHECK_EQ(sigtimedwait(&s, &si, &t0), SIGUSR1);
	CHECK_SI(si, SIGUSR1, SI_USER, getpid());
	CHECK_EQ(si.si_uid, getuid());
	CHECK(!is_pending(SIGUSR1));
	CHECK_OK(sigqueue(getpid(), SIGUSR1, (union sigval){ .sival_int = 77 }));
	CHECK_EQ(sigwaitinfo(&s, &si), SIGUSR1);
	CHECK_SI(si, SIGUSR1, SI_QUEUE, getpid());
	CHECK_EQ(si.si_value.sival_int, 77);
	pid = send_later(SIGUSR1, 50);
	CHECK_EQ(sigtimedwait(&s, &si, &t60), SIGUSR1);
	CHECK_EQ(si.si_pid, pid);
	CHECK_EXITED(test_wait(pid), 0);
	CHECK_EQ(hits[SIGUSR1], 0);		/* taken, never handled */
}

/*
 * Three of each, all blocked, then unblocked at once: SIGUSR1 (raise)
 * and SIGUSR2 (sigqueue, values 1 2 3) run once, the latter with the
 * first value; SIGRTMIN+1 (10 11 12) and SIGRTMIN (20 21 22) three times
 * each, lowest number first. The handlers block everything, so each runs
 * to its end before the next is delivered (else Linux delivers them all
 * at once, stacking frames: the last, highest, would run first).
 */
static void standard_signals_merge_rt_signals_queue(void)
{
	static const int want[][2] = {
		{ SIGUSR1, 0 }, { SIGUSR2, 1 }, { 0, 20 }, { 0, 21 },
		{ 0, 22 }, { 1, 10 }, { 1, 11 }, { 1, 12 },
	};
	sigset_t all;
	int i, sig;

	sigfillset(&all);
	for (i = 0; i < 4; i++)
		act(i < 2 ? SIGUSR1 + 2 * i : SIGRTMIN + i - 2, NULL, info, 0,
		    &all);
	CHECK_OK(sigprocmask(SIG_SETMASK, &all, NULL));
	for (i = 0; i < 3; i++) {
		CHECK_OK(raise(SIGUSR1));
		CHECK_OK(sigqueue(getpid(), SIGUSR2,
				  (union sigval){ .sival_int = 1 + i }));
		CHECK_OK(sigqueue(getpid(), SIGRTMIN + 1,
				  (union sigval){ .sival_int = 10 + i }));
	}
	for (i = 0; i < 3; i++)
		CHECK_OK(sigqueue(getpid(), SIGRTMIN,
				  (union sigval){ .sival_int = 20 + i }));
	CHECK(is_pending(SIGUSR1) && is_pending(SIGRTMIN + 1));
	CHECK_EQ(norder, 0);
	mask(SIG_SETMASK, 0, 0);
	CHECK_EQ(norder, 8);
	for (i = 0; i < 8; i++) {
		sig = i < 2 ? want[i][0] : SIGRTMIN + want[i][0];
		if (order[i] != sig || (i && values[i] != want[i][1]))
			test_fail("delivery %d: signal %d value %d, expected "
				  "%d value %d", i, order[i], values[i], sig,
				  want[i][1]);
	}
}

#define CASE(fn)	{ #fn, fn }

static const struct test_case cases[] = {
	CASE(handler_runs_with_siginfo),
	CASE(sa_restart_resumes_a_read),
	CASE(read_without_sa_restart_fails_eintr),
	CASE(sigprocmask_holds_and_releases),
	CASE(sigkill_and_sigstop_stay_default),
	CASE(sigchld_tells_how_a_child_ended),
	CASE(sigsegv_reports_the_fault_address),
	CASE(registers_survive_handlers),
	CASE(handler_edits_the_context_and_stack_is_aligned),
	CASE(stop_and_continue_are_reported),
	CASE(sa_nocldstop_hides_stops),
	CASE(handlers_nest_unless_masked),
	CASE(ping_pong_50000_signals),
	CASE(queue_50000_rt_signals),
	CASE(sigaltstack_runs_handlers_there),
	CASE(stack_overflow_caught_on_the_altstack),
	CASE(sigsuspend_and_pause_wait_for_a_handler),
	CASE(alarm_and_itimer_deliver_sigalrm),
	CASE(nanosleep_interrupted_reports_the_rest),
	CASE(fork_keeps_handlers_and_mask),
	CASE(ignored_sigchld_reaps_children),
	CASE(faults_become_signals),
	CASE(sigpipe_on_a_pipe_without_readers),
	CASE(kill_reaches_the_right_targets),
	CASE(sigtimedwait_times_out_or_takes_one),
	CASE(standard_signals_merge_rt_signals_queue),
};

TEST_MAIN("test_signal", cases)
