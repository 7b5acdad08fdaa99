/*
 * test_futex: futex(2) between processes and within one. Waiters are
 * forked children sleeping on a word in MAP_SHARED memory (so the futex
 * is keyed by the shared page, as between threads it is by address).
 * The parent learns that a child sleeps without guessing at times: a
 * FUTEX_REQUEUE of the word onto itself moves (and counts) only waiters
 * that are really queued.
 */
#define _GNU_SOURCE
#include <limits.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>

#include "test.h"

/* Linux's <linux/futex.h>, which musl's headers do not include. */
#define FUTEX_WAIT		0
#define FUTEX_WAKE		1
#define FUTEX_REQUEUE		3
#define FUTEX_CMP_REQUEUE	4
#define FUTEX_WAKE_OP		5
#define FUTEX_WAIT_BITSET	9
#define FUTEX_WAKE_BITSET	10
#define FUTEX_PRIVATE_FLAG	128
#define FUTEX_CLOCK_REALTIME	256
#define FUTEX_WAIT_PRIVATE	(FUTEX_WAIT | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAKE_PRIVATE	(FUTEX_WAKE | FUTEX_PRIVATE_FLAG)
#define FUTEX_BITSET_MATCH_ANY	0xffffffffu
#define FUTEX_OP_SET		0
#define FUTEX_OP_ADD		1
#define FUTEX_OP_OR		2
#define FUTEX_OP_ANDN		3
#define FUTEX_OP_XOR		4
#define FUTEX_OP_OPARG_SHIFT	8
#define FUTEX_OP_CMP_NE		1
#define FUTEX_OP_CMP_GE		5

#define KERNEL_ADDR	0xffffffff80000000ull
#define SHORT_NS	50000000L	/* a timeout that passes: 50 ms */

static long futex(volatile uint32_t *uaddr, int op, uint32_t val,
		  const void *timeout, volatile uint32_t *uaddr2,
		  uint32_t val3)
{
	return syscall(SYS_futex, uaddr, op, val, timeout, uaddr2, val3);
}

/* FUTEX_REQUEUE's and FUTEX_WAKE_OP's fourth argument is a count. */
static long futex_n(volatile uint32_t *uaddr, int op, uint32_t val,
		    long val2, volatile uint32_t *uaddr2, uint32_t val3)
{
	return syscall(SYS_futex, uaddr, op, val, val2, uaddr2, val3);
}

static volatile uint32_t *shared_words(void)
{
	void *p = mmap(NULL, TEST_PAGE, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	CHECK(p != MAP_FAILED);
	return p;
}

/* Children that wait on *w (expecting val) and exit 0 if woken. */
static pid_t waiter(volatile uint32_t *w, uint32_t val, int op)
{
	pid_t pid = test_fork();

	if (pid == 0)
		_exit(futex(w, op, val, NULL, NULL, FUTEX_BITSET_MATCH_ANY) == 0
		      ? 0 : 10 + errno);
	return pid;
}

/* 0 while pid runs; then its exit is checked: status 0. */
static int done(pid_t pid)
{
	int st;
	pid_t r = waitpid(pid, &st, WNOHANG);

	CHECK(r >= 0);
	if (r == 0)
		return 0;
	CHECK_EXITED(st, 0);
	return 1;
}

/* Wait until n waiters sleep on *w (moving them onto *w itself). */
static void until_queued(volatile uint32_t *w, int n)
{
	long t0 = (long)test_now_ms(), got;

	while ((got = futex_n(w, FUTEX_REQUEUE, 0, INT_MAX, w, 0)) < n) {
		CHECK(got >= 0);
		if ((long)test_now_ms() - t0 > 20000)
			test_fail("%ld of %d waiters queued after 20 s", got, n);
		test_sleep_ms(5);
	}
	CHECK_EQ(got, n);
}

static struct timespec in_ns(clockid_t clock, long ns)
{
	struct timespec t;

	clock_gettime(clock, &t);
	t.tv_nsec += ns;
	t.tv_sec += t.tv_nsec / 1000000000L;
	t.tv_nsec %= 1000000000L;
	return t;
}

/* ------------------------------------------------------------ one process */

static void wait_on_other_value_gives_eagain(void)
{
	uint32_t w = 7;

	CHECK_ERR(futex(&w, FUTEX_WAIT, 8, NULL, NULL, 0), EAGAIN);
	CHECK_ERR(futex(&w, FUTEX_WAIT_PRIVATE, 6, NULL, NULL, 0), EAGAIN);
	CHECK_ERR(futex(&w, FUTEX_WAIT_BITSET, 0, NULL, NULL, 1), EAGAIN);
	CHECK_ERR(futex(shared_words(), FUTEX_WAIT, 1, NULL, NULL, 0), EAGAIN);
}

static void wait_times_out(void)
{
	struct timespec rel = { 0, SHORT_NS }, abs;
	uint32_t w = 0;
	uint64_t t0 = test_now_ms();

	CHECK_ERR(futex(&w, FUTEX_WAIT_PRIVATE, 0, &rel, NULL, 0), ETIMEDOUT);
	CHECK(test_now_ms() - t0 >= 40);
	abs = in_ns(CLOCK_MONOTONIC, SHORT_NS);
	CHECK_ERR(futex(&w, FUTEX_WAIT_BITSET, 0, &abs, NULL, 1), ETIMEDOUT);
	abs = in_ns(CLOCK_REALTIME, SHORT_NS);
	CHECK_ERR(futex(&w, FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME, 0, &abs,
			NULL, 1), ETIMEDOUT);
	abs.tv_sec -= 10;			/* long past */
	CHECK_ERR(futex(&w, FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME, 0, &abs,
			NULL, 1), ETIMEDOUT);
	rel.tv_nsec = 0;			/* no time at all */
	CHECK_ERR(futex(&w, FUTEX_WAIT, 0, &rel, NULL, 0), ETIMEDOUT);
}

static void bad_arguments(void)
{
	struct timespec bad = { 0, 1000000000L };
	uint32_t w[2] = { 0, 0 };
	char *c = (char *)w;

	CHECK_ERR(futex((uint32_t *)(c + 1), FUTEX_WAIT, 0, NULL, NULL, 0),
		  EINVAL);
	CHECK_ERR(futex((uint32_t *)(c + 2), FUTEX_WAKE, 1, NULL, NULL, 0),
		  EINVAL);
	CHECK_ERR(futex(NULL, FUTEX_WAIT, 0, NULL, NULL, 0), EFAULT);
	CHECK_ERR(futex((uint32_t *)(uintptr_t)KERNEL_ADDR, FUTEX_WAIT, 0,
			NULL, NULL, 0), EFAULT);
	CHECK_ERR(futex(w, FUTEX_WAIT, 0, &bad, NULL, 0), EINVAL);
	CHECK_ERR(futex(w, FUTEX_WAIT, 0, (void *)16, NULL, 0), EFAULT);
	CHECK_ERR(futex(w, FUTEX_WAIT_BITSET, 0, NULL, NULL, 0), EINVAL);
	CHECK_ERR(futex(w, FUTEX_WAKE_BITSET, 1, NULL, NULL, 0), EINVAL);
	CHECK_ERR(futex(w, 99, 0, NULL, NULL, 0), ENOSYS);
	CHECK_ERR(futex(w, FUTEX_WAKE | FUTEX_CLOCK_REALTIME, 1, NULL, NULL,
			0), ENOSYS);
	CHECK_ERR(futex_n(w, FUTEX_REQUEUE, -1, 1, w + 1, 0), EINVAL);
	CHECK_ERR(futex_n(w, FUTEX_CMP_REQUEUE, 1, -1, w + 1, 0), EINVAL);
	CHECK_ERR(futex_n(w, FUTEX_CMP_REQUEUE, 1, 1, w + 1, 5), EAGAIN);
	CHECK_ERR(futex_n(w, FUTEX_WAKE_OP, 1, 1, NULL, 0), EFAULT);
	CHECK_ERR(futex_n(w, FUTEX_WAKE_OP, 1, 1, w + 1, 7u << 28), ENOSYS);
}

static void wake_without_waiters_gives_zero(void)
{
	uint32_t w = 0;

	CHECK_EQ(futex(&w, FUTEX_WAKE, 1, NULL, NULL, 0), 0);
	CHECK_EQ(futex(&w, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0), 0);
	CHECK_EQ(futex(&w, FUTEX_WAKE_BITSET, 1, NULL, NULL, 3), 0);
}

/* The operation FUTEX_WAKE_OP applies to the second word. */
static uint32_t wake_op_result(uint32_t start, uint32_t op)
{
	uint32_t a = 0, b = start;

	CHECK_EQ(futex_n(&a, FUTEX_WAKE_OP, 1, 1, &b, op), 0);
	return b;
}

#define WAKE_OP(op, oparg, cmp, cmparg)	\
	(((op) << 28) | ((cmp) << 24) | (((oparg) & 0xfff) << 12) | \
	 ((cmparg) & 0xfff))

static void wake_op_updates_the_word(void)
{
	CHECK_EQ(wake_op_result(5, WAKE_OP(FUTEX_OP_SET, 9, 0, 0)), 9);
	CHECK_EQ(wake_op_result(5, WAKE_OP(FUTEX_OP_ADD, 3, 0, 0)), 8);
	CHECK_EQ(wake_op_result(5, WAKE_OP(FUTEX_OP_ADD, -1, 0, 0)), 4);
	CHECK_EQ(wake_op_result(5, WAKE_OP(FUTEX_OP_OR, 2, 0, 0)), 7);
	CHECK_EQ(wake_op_result(7, WAKE_OP(FUTEX_OP_ANDN, 2, 0, 0)), 5);
	CHECK_EQ(wake_op_result(5, WAKE_OP(FUTEX_OP_XOR, 1, 0, 0)), 4);
	CHECK_EQ(wake_op_result(0, WAKE_OP(FUTEX_OP_OPARG_SHIFT |
					   FUTEX_OP_OR, 4, 0, 0)), 16);
}

/* ------------------------------------------------------- across processes */

static void wake_wakes_as_many_as_asked(void)
{
	volatile uint32_t *w = shared_words();
	pid_t pids[3];
	int i;

	for (i = 0; i < 3; i++)
		pids[i] = waiter(w, 0, FUTEX_WAIT);
	until_queued(w, 3);
	CHECK_EQ(futex(w, FUTEX_WAKE, 1, NULL, NULL, 0), 1);
	CHECK_EQ(futex(w, FUTEX_WAKE, INT_MAX, NULL, NULL, 0), 2);
	for (i = 0; i < 3; i++)
		CHECK_EXITED(test_wait(pids[i]), 0);
	CHECK_EQ(futex(w, FUTEX_WAKE, INT_MAX, NULL, NULL, 0), 0);
}

static void bitsets_choose_who_wakes(void)
{
	volatile uint32_t *w = shared_words();
	pid_t one = waiter(w, 0, FUTEX_WAIT_BITSET), two;

	/* waiter() passes FUTEX_BITSET_MATCH_ANY: make one with bit 1. */
	two = test_fork();
	if (two == 0)
		_exit(futex(w, FUTEX_WAIT_BITSET, 0, NULL, NULL, 2) == 0 ? 0 :
		      10 + errno);
	until_queued(w, 2);
	CHECK_EQ(futex(w, FUTEX_WAKE_BITSET, INT_MAX, NULL, NULL, 4), 1);
	CHECK_EXITED(test_wait(one), 0);	/* all bits: it matched */
	until_queued(w, 1);
	CHECK_EQ(futex(w, FUTEX_WAKE_BITSET, INT_MAX, NULL, NULL, 2), 1);
	CHECK_EXITED(test_wait(two), 0);
}

/* A private futex belongs to one address space: another process's
   wake on the same shared word does not reach it. */
static void private_futex_stays_in_its_process(void)
{
	volatile uint32_t *w = shared_words();
	struct timespec rel = { 0, 200000000L };
	pid_t pid = test_fork();

	if (pid == 0) {
		long r = futex(w, FUTEX_WAIT_PRIVATE, 0, &rel, NULL, 0);

		_exit(r == -1 && errno == ETIMEDOUT ? 0 : 1);
	}
	while (!done(pid))
		CHECK_EQ(futex(w, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0),
			 0);
}

static void requeue_moves_waiters(void)
{
	volatile uint32_t *w = shared_words(), *w2 = w + 1;
	pid_t pids[3];
	int i;

	for (i = 0; i < 3; i++)
		pids[i] = waiter(w, 0, FUTEX_WAIT);
	until_queued(w, 3);
	CHECK_ERR(futex_n(w, FUTEX_CMP_REQUEUE, 1, INT_MAX, w2, 1), EAGAIN);
	/* One woken, two moved: three. */
	CHECK_EQ(futex_n(w, FUTEX_CMP_REQUEUE, 1, INT_MAX, w2, 0), 3);
	CHECK_EQ(futex(w, FUTEX_WAKE, INT_MAX, NULL, NULL, 0), 0);
	until_queued(w2, 2);
	CHECK_EQ(futex(w2, FUTEX_WAKE, INT_MAX, NULL, NULL, 0), 2);
	for (i = 0; i < 3; i++)
		CHECK_EXITED(test_wait(pids[i]), 0);
}

static void wake_op_wakes_second_word_if_the_test_holds(void)
{
	volatile uint32_t *w = shared_words(), *w2 = w + 1;
	pid_t pid = waiter(w2, 0, FUTEX_WAIT);

	until_queued(w2, 1);
	/* SET 0, then "old value != 0": false, nobody woken. */
	CHECK_EQ(futex_n(w, FUTEX_WAKE_OP, 1, 1, w2,
			 WAKE_OP(FUTEX_OP_SET, 0, FUTEX_OP_CMP_NE, 0)), 0);
	/* "old value >= -1": true, the waiter on w2 woken. */
	CHECK_EQ(futex_n(w, FUTEX_WAKE_OP, 1, 1, w2,
			 WAKE_OP(FUTEX_OP_ADD, 1, FUTEX_OP_CMP_GE, -1)), 1);
	CHECK_EQ(*w2, 1);
	CHECK_EXITED(test_wait(pid), 0);
}

static volatile uint32_t *handled;	/* set by the handler (shared) */

static void on_usr1(int sig)
{
	(void)sig;
	if (handled)
		__atomic_store_n(handled, 1, __ATOMIC_SEQ_CST);
}

/* A signal ends an untimed wait with EINTR, or restarts it under
   SA_RESTART (the waiter is then still there to be woken). */
static void signal_interrupts_or_restarts(void)
{
	volatile uint32_t *w = shared_words();
	int restart;

	for (restart = 0; restart < 2; restart++) {
		pid_t pid;

		handled = w + 1;
		*handled = 0;
		pid = test_fork();
		if (pid == 0) {
			struct sigaction sa = { .sa_handler = on_usr1 };
			long r;

			sa.sa_flags = restart ? SA_RESTART : 0;
			sigaction(SIGUSR1, &sa, NULL);
			r = futex(w, FUTEX_WAIT, 0, NULL, NULL, 0);
			_exit(r == 0 ? 0 : errno == EINTR ? 4 : 5);
		}
		until_queued(w, 1);
		CHECK_OK(kill(pid, SIGUSR1));
		if (restart) {
			/* Queued again only after the handler ran: before,
			   the waiter seen may still be the interrupted one. */
			uint64_t end = test_now_ms() + TEST_WAIT_SEC * 1000;

			while (!__atomic_load_n(handled, __ATOMIC_SEQ_CST)) {
				CHECK(test_now_ms() < end);
				test_sleep_ms(1);
			}
			until_queued(w, 1);
			CHECK_EQ(futex(w, FUTEX_WAKE, 1, NULL, NULL, 0), 1);
			CHECK_EXITED(test_wait(pid), 0);
		} else {
			CHECK_EXITED(test_wait(pid), 4);
		}
	}
}

/* Many waiters and wakers at once (on several CPUs if there are):
   every wait ends, none is lost. */
static void wake_storm_loses_nobody(void)
{
	volatile uint32_t *w = shared_words();
	pid_t pids[8];
	int i, k;

	for (i = 0; i < 8; i++) {
		pids[i] = test_fork();
		if (pids[i] == 0) {
			for (k = 0; k < 200; k++) {
				uint32_t seen = __atomic_load_n(w, __ATOMIC_SEQ_CST);

				if (i % 2) {
					__atomic_fetch_add(w, 1, __ATOMIC_SEQ_CST);
					futex(w, FUTEX_WAKE, INT_MAX, NULL,
					      NULL, 0);
				} else if (futex(w, FUTEX_WAIT, seen, NULL,
						 NULL, 0) < 0 &&
					   errno != EAGAIN) {
					_exit(1);
				}
			}
			_exit(0);
		}
	}
	/* The wakers finish; then whoever still waits is woken. */
	for (i = 1; i < 8; i += 2)
		CHECK_EXITED(test_wait(pids[i]), 0);
	for (i = 0; i < 8; i += 2) {
		while (!done(pids[i])) {
			__atomic_fetch_add(w, 1, __ATOMIC_SEQ_CST);
			futex(w, FUTEX_WAKE, INT_MAX, NULL, NULL, 0);
			test_sleep_ms(1);
		}
	}
}

static const struct test_case cases[] = {
	{ "wait_on_other_value_gives_eagain",
	  wait_on_other_value_gives_eagain },
	{ "wait_times_out", wait_times_out },
	{ "bad_arguments", bad_arguments },
	{ "wake_without_waiters_gives_zero", wake_without_waiters_gives_zero },
	{ "wake_op_updates_the_word", wake_op_updates_the_word },
	{ "wake_wakes_as_many_as_asked", wake_wakes_as_many_as_asked },
	{ "bitsets_choose_who_wakes", bitsets_choose_who_wakes },
	{ "private_futex_stays_in_its_process",
	  private_futex_stays_in_its_process },
	{ "requeue_moves_waiters", requeue_moves_waiters },
	{ "wake_op_wakes_second_word_if_the_test_holds",
	  wake_op_wakes_second_word_if_the_test_holds },
	{ "signal_interrupts_or_restarts", signal_interrupts_or_restarts },
	{ "wake_storm_loses_nobody", wake_storm_loses_nobody },
};

TEST_MAIN("test_futex", cases)
