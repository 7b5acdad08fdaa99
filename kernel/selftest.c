/*
 * Kernel self-tests, chosen on the command line (selftest=NAME,NAME or
 * selftest=all) and run in a kernel thread after boot. Each prints one
 * "selftest: NAME: PASS|FAIL details" line with what it measured; the
 * boot tests read them from serial. The "input" test waits for typed
 * lines, so "all" leaves it out.
 */
#include "selftest.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/irq.h"
#include "arch/x86_64/timer.h"
#include "clock.h"
#include "console.h"
#include "kmalloc.h"
#include "log.h"
#include "mutex.h"
#include "pmm.h"
#include "printf.h"
#include "sched.h"
#include "string.h"
#include "thread.h"
#include "time.h"
#include "waitq.h"

#define DETAIL_MAX	160
#define MS		1000000UL	/* ns */

typedef int (*test_fn)(char *detail);

/* Completion counting shared by the tests: workers bump `finished`. */
static struct spinlock done_lock = SPINLOCK_INIT("selftest");
static struct waitq done_wq = WAITQ_INIT(done_wq);
static int finished;

static void finish_one(void)
{
	spin_lock(&done_lock);
	finished++;
	spin_unlock(&done_lock);
	waitq_wake_all(&done_wq);
}

static void wait_finished(int n)
{
	spin_lock(&done_lock);
	while (finished < n)
		waitq_wait(&done_wq, &done_lock);
	spin_unlock(&done_lock);
}

/* Wait up to timeout for n finishers, without relying on wake-ups. */
static int poll_finished(int n, uint64_t timeout)
{
	uint64_t end = time_ns() + timeout;

	while (__atomic_load_n(&finished, __ATOMIC_ACQUIRE) < n) {
		if (time_ns() > end)
			return -1;
		sleep_ns(10 * MS);
	}
	return 0;
}

/* --- preempt: threads that never yield still share the CPU --- */

#define SPINNERS	8

static volatile int spin_stop;
static volatile uint64_t spin_counts[SPINNERS];

static void spinner(void *arg)
{
	long i = (long)arg;

	while (!spin_stop)
		spin_counts[i]++;
	finish_one();
}

static int test_preempt(char *detail)
{
	uint64_t min = ~0ULL, max = 0;
	long i;

	spin_stop = 0;
	finished = 0;
	for (i = 0; i < SPINNERS; i++) {
		spin_counts[i] = 0;
		if (!thread_create("spinner", spinner, (void *)i)) {
			snprintf(detail, DETAIL_MAX, "cannot create thread %ld", i);
			spin_stop = 1;
			wait_finished(i);
			return -1;
		}
	}
	sleep_ns(1000 * MS);	/* wakes only if the spinners are preempted */
	spin_stop = 1;
	wait_finished(SPINNERS);
	for (i = 0; i < SPINNERS; i++) {
		if (spin_counts[i] < min)
			min = spin_counts[i];
		if (spin_counts[i] > max)
			max = spin_counts[i];
	}
	snprintf(detail, DETAIL_MAX, "%d spinners over 1 s: min %lu max %lu "
		 "(bound: min >= max/2)", SPINNERS, min, max);
	return min > 0 && min * 2 >= max ? 0 : -1;
}

/* --- threads: create and exit many, nothing leaks --- */

static void quick(void *arg)
{
	finish_one();
}

static int run_batch(int n)
{
	int i, base = thread_count();

	finished = 0;
	for (i = 0; i < n; i++)
		if (!thread_create("quick", quick, 0))
			break;
	wait_finished(i);
	/* The last exits are freed by the next thread to run: wait. */
	for (int tries = 0; thread_count() != base && tries < 100; tries++)
		sleep_ns(MS);
	return i == n && thread_count() == base ? 0 : -1;
}

static int test_threads(char *detail)
{
	uint64_t frames, objects;
	int i, nthreads;

	if (run_batch(100))	/* warm up page tables and slab caches */
		goto fail;
	frames = pmm_free_pages_count();
	objects = kmalloc_live_objects();
	nthreads = thread_count();
	for (i = 0; i < 10; i++)
		if (run_batch(100))
			goto fail;
	snprintf(detail, DETAIL_MAX, "1000 threads: free frames %lu -> %lu, "
		 "heap objects %lu -> %lu, threads %d -> %d", frames,
		 pmm_free_pages_count(), objects, kmalloc_live_objects(),
		 nthreads, thread_count());
	return frames == pmm_free_pages_count() &&
	       objects == kmalloc_live_objects() &&
	       nthreads == thread_count() ? 0 : -1;
fail:
	snprintf(detail, DETAIL_MAX, "a batch of threads did not run or exit");
	return -1;
}

/* --- sleep: sleep_ns(100 ms) measured by the TSC --- */

static int test_sleep(char *detail)
{
	uint64_t t0 = rdtsc(), ns, us;

	sleep_ns(100 * MS);
	ns = mul_div_u64(rdtsc() - t0, NSEC_PER_SEC, tsc_hz());
	us = ns / 1000;
	snprintf(detail, DETAIL_MAX, "sleep_ns(100 ms) took %lu.%03lu ms by the "
		 "TSC (bound: 100 to 200 ms)", us / 1000, us % 1000);
	return ns >= 100 * MS && ns < 200 * MS ? 0 : -1;
}

/* --- pingpong: two threads hand a turn back and forth --- */

#define ROUNDS	10000

static struct spinlock pp_lock = SPINLOCK_INIT("pingpong");
static struct waitq pp_wq[2] = { WAITQ_INIT(pp_wq[0]), WAITQ_INIT(pp_wq[1]) };
static int pp_turn, pp_rounds[2];

static void player(void *arg)
{
	long me = (long)arg;
	int r;

	for (r = 0; r < ROUNDS; r++) {
		spin_lock(&pp_lock);
		while (pp_turn != me)
			waitq_wait(&pp_wq[me], &pp_lock);
		pp_rounds[me]++;
		pp_turn = !me;
		waitq_wake_one(&pp_wq[!me]);
		spin_unlock(&pp_lock);
	}
	finish_one();
}

static int test_pingpong(char *detail)
{
	uint64_t t0 = time_ns();
	long i;
	int err;

	finished = 0;
	pp_turn = 0;
	pp_rounds[0] = pp_rounds[1] = 0;
	for (i = 0; i < 2; i++)
		if (!thread_create("player", player, (void *)i)) {
			snprintf(detail, DETAIL_MAX, "cannot create players");
			return -1;
		}
	/* Polled, so that a lost wake-up shows as a timeout, not a hang. */
	err = poll_finished(2, 60000 * MS);
	snprintf(detail, DETAIL_MAX, "%d + %d hand-offs in %lu ms%s",
		 pp_rounds[0], pp_rounds[1], (time_ns() - t0) / MS,
		 err ? ": stalled (lost wake-up)" : "");
	return !err && pp_rounds[0] == ROUNDS && pp_rounds[1] == ROUNDS ? 0 : -1;
}

/* --- mutex: sleeping mutual exclusion --- */

#define MUTEX_THREADS	4
#define MUTEX_ITERS	2000

static struct mutex test_mutex;
static volatile long mutex_counter;

static void mutex_worker(void *arg)
{
	int i;

	for (i = 0; i < MUTEX_ITERS; i++) {
		mutex_lock(&test_mutex);
		long v = mutex_counter;

		if (i % 64 == 0)
			sched_yield();	/* hold it across a switch */
		mutex_counter = v + 1;
		mutex_unlock(&test_mutex);
	}
	finish_one();
}

static int test_mutex_fn(char *detail)
{
	int i;

	mutex_init(&test_mutex);
	mutex_counter = 0;
	finished = 0;
	for (i = 0; i < MUTEX_THREADS; i++)
		if (!thread_create("mutex", mutex_worker, 0))
			return -1;
	if (poll_finished(MUTEX_THREADS, 60000 * MS)) {
		snprintf(detail, DETAIL_MAX, "workers stalled");
		return -1;
	}
	snprintf(detail, DETAIL_MAX, "counter %ld, expected %d", mutex_counter,
		 MUTEX_THREADS * MUTEX_ITERS);
	return mutex_counter == MUTEX_THREADS * MUTEX_ITERS ? 0 : -1;
}

/* --- timer: the tick rate over one second --- */

static int test_timer(char *detail)
{
	uint64_t c0 = irq_count(IRQ_VECTOR_TIMER), t0 = time_ns(), c1, t1, rate;

	sleep_ns(1000 * MS);
	c1 = irq_count(IRQ_VECTOR_TIMER);
	t1 = time_ns();
	rate = mul_div_u64(c1 - c0, NSEC_PER_SEC, t1 - t0);
	snprintf(detail, DETAIL_MAX, "%lu ticks in %lu ms: %lu Hz, configured "
		 "%d Hz (bound: 10%%)", c1 - c0, (t1 - t0) / MS, rate, HZ);
	return rate * 10 >= HZ * 9 && rate * 10 <= HZ * 11 ? 0 : -1;
}

/* --- input: lines typed on the keyboard or sent to the serial port --- */

static void show_line(const char *line, size_t n)
{
	char out[DETAIL_MAX * 2];
	size_t i, o = 0;

	for (i = 0; i < n && o < sizeof(out) - 5; i++) {
		unsigned char c = line[i];

		if (c >= 0x20 && c < 0x7f && c != '\\')
			out[o++] = c;
		else
			o += snprintf(out + o, sizeof(out) - o, "\\x%02x", c);
	}
	out[o] = 0;
	klog(LOG_INFO, "selftest: input: line \"%s\"\n", out);
}

static int test_input(char *detail)
{
	char line[DETAIL_MAX], c;
	size_t n = 0;
	int lines = 0;

	klog(LOG_INFO, "selftest: input: ready (a line \"end\" finishes)\n");
	for (;;) {
		console_read(&c, 1);
		if (c != '\r' && c != '\n') {
			if (n < sizeof(line))
				line[n++] = c;
			continue;
		}
		show_line(line, n);
		lines++;
		if (n == 3 && memcmp(line, "end", 3) == 0)
			break;
		n = 0;
	}
	snprintf(detail, DETAIL_MAX, "%d lines, %lu bytes dropped", lines,
		 console_dropped());
	return 0;
}

static const struct {
	const char *name;
	test_fn fn;
	int in_all;
} tests[] = {
	{ "preempt", test_preempt, 1 },
	{ "threads", test_threads, 1 },
	{ "sleep", test_sleep, 1 },
	{ "pingpong", test_pingpong, 1 },
	{ "mutex", test_mutex_fn, 1 },
	{ "timer", test_timer, 1 },
	{ "input", test_input, 0 },
};

/* Is name one of the comma-separated words of list? */
static int listed(const char *list, const char *name)
{
	size_t len = strlen(name);

	while (*list) {
		const char *end = strchr(list, ',');
		size_t n = end ? (size_t)(end - list) : strlen(list);

		if (n == len && memcmp(list, name, n) == 0)
			return 1;
		list += n + (end != NULL);
	}
	return 0;
}

int selftest_run(const char *list)
{
	char detail[DETAIL_MAX];
	int passed = 0, failed = 0;
	unsigned i;

	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		if (!(listed(list, tests[i].name) ||
		      (tests[i].in_all && strcmp(list, "all") == 0)))
			continue;
		detail[0] = 0;
		if (tests[i].fn(detail) == 0) {
			klog(LOG_INFO, "selftest: %s: PASS %s\n", tests[i].name,
			     detail);
			passed++;
		} else {
			klog(LOG_ERR, "selftest: %s: FAIL %s\n", tests[i].name,
			     detail);
			failed++;
		}
	}
	klog(LOG_INFO, "selftest: %d passed, %d failed\n", passed, failed);
	return failed;
}
