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
#include "arch/x86_64/percpu.h"
#include "arch/x86_64/smp.h"
#include "arch/x86_64/timer.h"
#include "clock.h"
#include "console.h"
#include "kmalloc.h"
#include "log.h"
#include "mutex.h"
#include "pci.h"
#include "pmm.h"
#include "printf.h"
#include "sched.h"
#include "string.h"
#include "thread.h"
#include "time.h"
#include "vm.h"
#include "waitq.h"

#define DETAIL_MAX	320
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
		/* All on this CPU: preemption, not other CPUs, must share it. */
		if (!thread_create_pinned("spinner", spinner, (void *)i,
					  this_cpu()->id)) {
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
	snprintf(detail, DETAIL_MAX, "%d spinners on one CPU over 1 s: min %lu "
		 "max %lu (bound: min >= max/2)", SPINNERS, min, max);
	return min > 0 && min * 2 >= max ? 0 : -1;
}

/* --- threads: create and exit many, nothing leaks --- */

static struct waitq gate_wq = WAITQ_INIT(gate_wq);
static int gate_open;		/* done_lock */

/* Wait at the gate, so that a whole batch is alive at once: every batch
   then uses the same stack slots (and their page tables). */
static void quick(void *arg)
{
	spin_lock(&done_lock);
	while (!gate_open)
		waitq_wait(&gate_wq, &done_lock);
	spin_unlock(&done_lock);
	finish_one();
}

static int run_batch(int n)
{
	int i, base = thread_count();

	finished = 0;
	gate_open = 0;
	for (i = 0; i < n; i++)
		if (!thread_create("quick", quick, 0))
			break;
	spin_lock(&done_lock);
	gate_open = 1;
	spin_unlock(&done_lock);
	waitq_wake_all(&gate_wq);
	wait_finished(i);
	/* The last exits are freed by the next thread to run on their CPUs:
	   give them a moment (cross-CPU wake-ups are slow under emulation). */
	for (int tries = 0; thread_count() != base && tries < 5000; tries++)
		sleep_ns(MS);
	return i == n && thread_count() == base ? 0 : -1;
}

/* Free frames may differ by a page per heap size class: which empty slab
   pages the heap keeps depends on the order in which CPUs free objects.
   Objects and threads must match exactly; a leak per thread would be a
   thousand frames. */
#define FRAME_SLACK	8

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
	return frames <= pmm_free_pages_count() + FRAME_SLACK &&
	       pmm_free_pages_count() <= frames + FRAME_SLACK &&
	       objects == kmalloc_live_objects() &&
	       nthreads == thread_count() ? 0 : -1;
fail:
	snprintf(detail, DETAIL_MAX, "a batch of threads did not run or exit "
		 "(%d started, %d threads alive)", finished, thread_count());
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

	mutex_init(&test_mutex, "selftest mutex");
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

/* --- timer: the tick rate over one second. The bound is 25%: it tells
   a wrong divider or a stopped timer (a factor of 2 or more) from the
   ticks an emulator drops when the host does not run the virtual CPU
   (QEMU's TCG gave 216-222 Hz of 250 with the host busy). --- */

static int test_timer(char *detail)
{
	uint64_t c0 = irq_count(IRQ_VECTOR_TIMER), t0 = time_ns(), c1, t1, rate;

	sleep_ns(1000 * MS);
	c1 = irq_count(IRQ_VECTOR_TIMER);
	t1 = time_ns();
	rate = mul_div_u64(c1 - c0, NSEC_PER_SEC, t1 - t0);
	snprintf(detail, DETAIL_MAX, "%lu ticks in %lu ms: %lu Hz, configured "
		 "%d Hz (bound: 25%%)", c1 - c0, (t1 - t0) / MS, rate, HZ);
	return rate * 4 >= HZ * 3 && rate * 4 <= HZ * 5 ? 0 : -1;
}

/* --- smp: CPU-bound threads spread over every CPU --- */

#define SMP_SPINNERS	8

static volatile uint64_t ran_on[SMP_SPINNERS];	/* bit c: ran on CPU c */

static void smp_spinner(void *arg)
{
	long i = (long)arg;

	while (!spin_stop)
		ran_on[i] |= 1ULL << this_cpu()->id;
	finish_one();
}

static int test_smp(char *detail)
{
	int per_cpu[MAX_CPUS] = { 0 }, n = smp_online(), i, c, ok = 1;
	size_t len;
	long k;

	spin_stop = 0;
	finished = 0;
	for (k = 0; k < SMP_SPINNERS; k++) {
		ran_on[k] = 0;
		if (!thread_create("smp", smp_spinner, (void *)k)) {
			spin_stop = 1;
			wait_finished(k);
			snprintf(detail, DETAIL_MAX, "cannot create threads");
			return -1;
		}
	}
	sleep_ns(1000 * MS);
	spin_stop = 1;
	wait_finished(SMP_SPINNERS);
	for (k = 0; k < SMP_SPINNERS; k++)
		for (c = 0; c < ncpus; c++)
			if (ran_on[k] & (1ULL << c))
				per_cpu[c]++;
	len = snprintf(detail, DETAIL_MAX, "%d threads on %d CPUs, threads run "
		       "per CPU:", SMP_SPINNERS, n);
	for (i = 0; i < ncpus; i++) {
		if (!cpus[i] || !cpus[i]->online)
			continue;
		if (len < DETAIL_MAX)
			len += snprintf(detail + len, DETAIL_MAX - len, " cpu%d=%d",
					i, per_cpu[i]);
		if (per_cpu[i] == 0)
			ok = 0;
	}
	return ok ? 0 : -1;
}

/* --- stress: shared locks and wait queues from every CPU --- */

#define STRESS_PAIRS	8		/* producers and consumers each */
#define STRESS_ITEMS	2000		/* per producer */
#define RING		16

static struct spinlock ring_lock = SPINLOCK_INIT("stress ring");
static struct waitq ring_not_full = WAITQ_INIT(ring_not_full);
static struct waitq ring_not_empty = WAITQ_INIT(ring_not_empty);
static uint64_t ring[RING];
static int ring_head, ring_tail;	/* ring_lock */
static uint64_t consumed_sum, consumed_count;	/* ring_lock */
static struct mutex stress_mutex;
static long stress_mutex_count;

static void producer(void *arg)
{
	uint64_t base = (long)arg * STRESS_ITEMS;
	int i;

	for (i = 1; i <= STRESS_ITEMS; i++) {
		spin_lock(&ring_lock);
		while (ring_head - ring_tail == RING)
			waitq_wait(&ring_not_full, &ring_lock);
		ring[ring_head++ % RING] = base + i;
		spin_unlock(&ring_lock);
		waitq_wake_one(&ring_not_empty);
		if (i % 64 == 0) {
			mutex_lock(&stress_mutex);
			stress_mutex_count++;
			mutex_unlock(&stress_mutex);
		}
	}
	finish_one();
}

static void consumer(void *arg)
{
	int i;

	for (i = 0; i < STRESS_ITEMS; i++) {
		spin_lock(&ring_lock);
		while (ring_head == ring_tail)
			waitq_wait(&ring_not_empty, &ring_lock);
		consumed_sum += ring[ring_tail++ % RING];
		consumed_count++;
		spin_unlock(&ring_lock);
		waitq_wake_one(&ring_not_full);
	}
	finish_one();
}

static int test_stress(char *detail)
{
	uint64_t n = (uint64_t)STRESS_PAIRS * STRESS_ITEMS, t0 = time_ns();
	uint64_t want_sum = n * (n + 1) / 2;
	long i;
	int err;

	mutex_init(&stress_mutex, "selftest stress");
	stress_mutex_count = 0;
	ring_head = ring_tail = 0;
	consumed_sum = consumed_count = 0;
	finished = 0;
	for (i = 0; i < STRESS_PAIRS; i++)
		if (!thread_create("producer", producer, (void *)i) ||
		    !thread_create("consumer", consumer, 0)) {
			snprintf(detail, DETAIL_MAX, "cannot create threads");
			return -1;	/* the ones started still finish */
		}
	err = poll_finished(2 * STRESS_PAIRS, 120000 * MS);
	snprintf(detail, DETAIL_MAX, "%d producers, %d consumers: %lu items, "
		 "sum %lu (want %lu), mutex %ld, %lu ms%s", STRESS_PAIRS,
		 STRESS_PAIRS, consumed_count, consumed_sum, want_sum,
		 stress_mutex_count, (time_ns() - t0) / MS,
		 err ? ": stalled (deadlock or lost wake-up)" : "");
	return !err && consumed_count == n && consumed_sum == want_sum &&
	       stress_mutex_count == STRESS_PAIRS * (STRESS_ITEMS / 64) ? 0 : -1;
}

/* --- migrate: a thread that moves between CPUs still finds itself as
   the running thread. thread_current() read as two loads (the CPU, then
   its current thread) can be interrupted between them (under TCG too,
   where ubsan's checks end a translation block there) and, once the
   thread has moved, return what the old CPU runs now. Twice as many
   threads as CPUs spin and sleep in turns, so they are preempted
   mid-loop and idle CPUs take them from the others' queues. --- */

#define MIGRATE_SECONDS	2

static uint64_t migrate_checks, migrate_wrong, migrate_moves;

static void migrator(void *arg)
{
	struct thread *self = thread_current();
	uint64_t checks = 0, wrong = 0, moves = 0;
	uint64_t burst = (1 + (long)arg % 4) * 4 * MS;
	int last = -1, cpu, i;

	/* A slice of one tick: preempted at each (read as slice_of does). */
	__atomic_store_n(&self->nice, 19, __ATOMIC_RELAXED);
	while (!spin_stop) {
		uint64_t end = time_ns() + burst;

		while (time_ns() < end)
			for (i = 0; i < 1000; i++) {
				if (thread_current() != self)
					wrong++;
				checks++;
			}
		irq_save();
		cpu = this_cpu()->id;
		irq_restore();
		moves += last >= 0 && cpu != last;
		last = cpu;
		sleep_ns(burst / 2);
	}
	__atomic_fetch_add(&migrate_checks, checks, __ATOMIC_RELAXED);
	__atomic_fetch_add(&migrate_wrong, wrong, __ATOMIC_RELAXED);
	__atomic_fetch_add(&migrate_moves, moves, __ATOMIC_RELAXED);
	finish_one();
}

static int test_migrate(char *detail)
{
	int n = 2 * smp_online();
	long k;

	spin_stop = 0;
	finished = 0;
	migrate_checks = migrate_wrong = migrate_moves = 0;
	for (k = 0; k < n; k++)
		if (!thread_create("migrate", migrator, (void *)k)) {
			spin_stop = 1;
			wait_finished(k);
			snprintf(detail, DETAIL_MAX, "cannot create threads");
			return -1;
		}
	sleep_ns(MIGRATE_SECONDS * 1000 * MS);
	spin_stop = 1;
	wait_finished(n);
	snprintf(detail, DETAIL_MAX, "%d threads on %d CPUs: %lu moves between "
		 "CPUs, %lu checks, %lu found another thread current", n,
		 smp_online(), migrate_moves, migrate_checks, migrate_wrong);
	return migrate_wrong == 0 && (smp_online() == 1 || migrate_moves > 0) ?
	       0 : -1;
}

/* --- tlb: a mapping changed on one CPU is seen changed on another --- */

#define TLB_TEST_VA	(KSTACK_BASE + (1UL << 40))

static volatile int tlb_phase;		/* 1: reader has the old mapping */
static volatile uint64_t tlb_seen_before, tlb_seen_after;

static void tlb_reader(void *arg)
{
	volatile uint64_t *p = (volatile uint64_t *)TLB_TEST_VA;

	tlb_seen_before = *p;		/* caches the translation */
	tlb_phase = 1;
	while (tlb_phase != 2)		/* no access while it is remapped */
		cpu_relax();
	tlb_seen_after = *p;		/* stale unless it was shot down */
	finish_one();
}

static int test_tlb(char *detail)
{
	paddr_t a = pmm_alloc_page(), b = pmm_alloc_page();
	int reader_cpu = this_cpu()->id == 0 ? 1 : 0, err;

	if (smp_online() < 2) {
		snprintf(detail, DETAIL_MAX, "skipped: needs 2 CPUs");
		goto out;
	}
	if (!a || !b || vm_map_kernel_page(TLB_TEST_VA, a, PTE_W | vm_pte_nx())) {
		snprintf(detail, DETAIL_MAX, "out of memory");
		goto out;
	}
	*(uint64_t *)P2V(a) = 0x1111;
	*(uint64_t *)P2V(b) = 0x2222;
	tlb_phase = 0;
	finished = 0;
	if (!thread_create_pinned("tlb", tlb_reader, 0, reader_cpu)) {
		vm_unmap_kernel_page(TLB_TEST_VA);
		goto out;
	}
	while (tlb_phase != 1)
		sleep_ns(MS);
	vm_unmap_kernel_page(TLB_TEST_VA);		/* shoots down */
	vm_map_kernel_page(TLB_TEST_VA, b, PTE_W | vm_pte_nx());
	tlb_phase = 2;
	err = poll_finished(1, 10000 * MS);
	vm_unmap_kernel_page(TLB_TEST_VA);
	snprintf(detail, DETAIL_MAX, "CPU %d read %#lx, then %#lx after CPU %u "
		 "remapped the page (want 0x2222)", reader_cpu, tlb_seen_before,
		 tlb_seen_after, this_cpu()->id);
	pmm_free_page(a);
	pmm_free_page(b);
	return !err && tlb_seen_before == 0x1111 && tlb_seen_after == 0x2222 ?
	       0 : -1;
out:
	if (a)
		pmm_free_page(a);
	if (b)
		pmm_free_page(b);
	return smp_online() < 2 ? 0 : -1;
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
		if (console_read(&c, 1) < 0)
			break;
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

/* --- pci: QEMU's "edu" teaching device (-device edu) through its BAR and
   an MSI: its identification and liveness registers, a raised interrupt,
   and a factorial it computes and signals. --- */

#define EDU_VENDOR	0x1234
#define EDU_DEVICE	0x11e8
#define EDU_ID		0x00
#define EDU_LIVE	0x04
#define EDU_FACT	0x08
#define EDU_STATUS	0x20
#define EDU_IRQ_STATUS	0x24
#define EDU_IRQ_RAISE	0x60
#define EDU_IRQ_ACK	0x64
#define EDU_FACT_IRQ	0x80

static volatile uint32_t *edu;
static volatile int edu_irqs;
static volatile uint32_t edu_last_status;

static void edu_irq(struct trapframe *tf, void *arg)
{
	uint32_t st = edu[EDU_IRQ_STATUS / 4];

	edu_last_status = st;
	edu[EDU_IRQ_ACK / 4] = st;
	edu_irqs++;
}

/* Wait up to a second for the n-th interrupt. */
static int edu_wait(int n)
{
	uint64_t end = time_ns() + 1000000000ULL;

	while (edu_irqs < n && time_ns() < end)
		sleep_ns(1000000);
	return edu_irqs >= n;
}

static int test_pci(char *detail)
{
	const struct pci_dev *d = pci_find(EDU_VENDOR, EDU_DEVICE);
	int vector, i;

	if (!d) {
		snprintf(detail, DETAIL_MAX, "no edu device (%s)",
			 pci_access() ? pci_access() : "no PCI");
		return -1;
	}
	if (!d->msi_cap || !d->bar[0].size || d->bar[0].io) {
		snprintf(detail, DETAIL_MAX, "edu: msi cap %x, bar0 %lx+%lx",
			 d->msi_cap, d->bar[0].addr, d->bar[0].size);
		return -1;
	}
	pci_enable(d);
	edu = (volatile uint32_t *)pci_map_bar(d, 0);
	if (!edu || (edu[EDU_ID / 4] & 0xff) != 0xed) {
		snprintf(detail, DETAIL_MAX, "edu: id %x", edu ? edu[0] : 0);
		return -1;
	}
	edu[EDU_LIVE / 4] = 0x12345678;
	if (edu[EDU_LIVE / 4] != ~0x12345678u) {
		snprintf(detail, DETAIL_MAX, "edu: liveness %x",
			 edu[EDU_LIVE / 4]);
		return -1;
	}
	if ((vector = irq_alloc_vector()) < 0) {
		snprintf(detail, DETAIL_MAX, "no free vector");
		return -1;
	}
	irq_set_handler(vector, edu_irq, NULL);
	if (pci_enable_msi(d, vector) ||
	    !(pci_read16(d, d->msi_cap + 2) & 1) ||
	    !(pci_read16(d, PCI_COMMAND) & PCI_CMD_INTX_OFF)) {
		snprintf(detail, DETAIL_MAX, "MSI not enabled");
		return -1;
	}
	for (i = 1; i <= 3; i++) {
		edu[EDU_IRQ_RAISE / 4] = 0x100 << i;
		if (!edu_wait(i) || edu_last_status != 0x100u << i) {
			snprintf(detail, DETAIL_MAX, "raised interrupt %d: %d "
				 "taken, status %x", i, edu_irqs,
				 edu_last_status);
			return -1;
		}
	}
	edu[EDU_STATUS / 4] = EDU_FACT_IRQ;
	edu[EDU_FACT / 4] = 10;
	if (!edu_wait(4) || edu[EDU_FACT / 4] != 3628800 ||
	    edu_last_status != 1) {
		snprintf(detail, DETAIL_MAX, "factorial: %d interrupts, 10! "
			 "read %u, status %x", edu_irqs, edu[EDU_FACT / 4],
			 edu_last_status);
		return -1;
	}
	snprintf(detail, DETAIL_MAX, "edu at %02x:%02x.%x, %s, MSI vector "
		 "%d: 4 interrupts, 10! = 3628800", d->bus, d->dev, d->fn,
		 pci_access(), vector);
	return 0;
}

static int test_ubsan(char *detail)
{
	return selftest_ubsan(detail, DETAIL_MAX);
}

static int test_lockorder(char *detail)
{
	return selftest_lockorder(detail, DETAIL_MAX);
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
	{ "smp", test_smp, 1 },
	{ "stress", test_stress, 1 },
	{ "migrate", test_migrate, 0 },
	{ "tlb", test_tlb, 1 },
	{ "input", test_input, 0 },
	{ "pci", test_pci, 0 },
	{ "ubsan", test_ubsan, 0 },
	{ "lockorder", test_lockorder, 0 },
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
