/*
 * Thread creation and destruction. Words: a "slot" is a fixed stretch of
 * the KSTACK region, KSTACK_GUARD unmapped bytes followed by KSTACK_SIZE
 * mapped ones; a stack overflow runs into the guard and faults (reported
 * on the double-fault stack) instead of overwriting a neighbour.
 */
#include "thread.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/percpu.h"
#include "arch/x86_64/tlb.h"
#include "arch/x86_64/trap.h"
#include "errno.h"
#include "kmalloc.h"
#include "kstat.h"
#include "log.h"
#include "panic.h"
#include "pmm.h"
#include "sched.h"
#include "string.h"
#include "vm.h"

#define SLOT_SIZE	(KSTACK_GUARD + KSTACK_SIZE)

void thread_start(void);	/* switch.S: first "return" of a new thread */

static struct spinlock threads_lock = SPINLOCK_INIT("threads");

/* Protected by threads_lock: */
static uint64_t slot_used[KSTACK_SLOTS / 64];
static struct list_node all_threads = LIST_HEAD_INIT(all_threads);
static int nthreads;		/* atomic */
static int next_id = 1;

static int slot_alloc(void)
{
	int i, b;

	spin_lock(&threads_lock);
	for (i = 0; i < KSTACK_SLOTS / 64; i++)
		if (~slot_used[i]) {
			b = __builtin_ctzll(~slot_used[i]);
			slot_used[i] |= 1ULL << b;
			spin_unlock(&threads_lock);
			return i * 64 + b;
		}
	spin_unlock(&threads_lock);
	return -EAGAIN;
}

static void slot_free(int slot)
{
	spin_lock(&threads_lock);
	slot_used[slot / 64] &= ~(1ULL << slot % 64);
	spin_unlock(&threads_lock);
}

static uint64_t slot_stack_base(int slot)
{
	return KSTACK_BASE + (uint64_t)slot * SLOT_SIZE + KSTACK_GUARD;
}

int thread_is_guard(uint64_t va)
{
	return va >= KSTACK_BASE &&
	       va < KSTACK_BASE + (uint64_t)KSTACK_SLOTS * SLOT_SIZE &&
	       (va - KSTACK_BASE) % SLOT_SIZE < KSTACK_GUARD;
}

/*
 * Slots whose pages are unmapped but may still be cached in other CPUs'
 * TLBs. They stay out of use until one flush of every CPU frees them
 * all: a shootdown round per page of every exiting thread's stack kept
 * every other CPU answering IPIs (as Linux's lazy vunmap, the frames
 * themselves are free at once: nothing touches a dead stack's address).
 */
#define STALE_MAX	32
static int stale[STALE_MAX];	/* threads_lock */
static int nstale;

static void stack_release(int slot)
{
	uint64_t va, base = slot_stack_base(slot);
	int batch[STALE_MAX], n = 0, i;

	for (va = base; va < base + KSTACK_SIZE; va += PAGE_SIZE) {
		paddr_t pa = vm_unmap_kernel_page_lazy(va);

		if (pa)
			pmm_free_page(pa);
	}
	spin_lock(&threads_lock);
	stale[nstale++] = slot;
	if (nstale == STALE_MAX) {
		memcpy(batch, stale, sizeof(stale));
		n = nstale;
		nstale = 0;
	}
	spin_unlock(&threads_lock);
	if (!n)
		return;
	tlb_shootdown(TLB_FLUSH_ALL);
	for (i = 0; i < n; i++)
		slot_free(batch[i]);
}

static int stack_map(int slot)
{
	uint64_t va, base = slot_stack_base(slot);

	for (va = base; va < base + KSTACK_SIZE; va += PAGE_SIZE) {
		paddr_t pa = pmm_zalloc_page();

		if (!pa || vm_map_kernel_page(va, pa, PTE_W | PTE_G | vm_pte_nx())) {
			if (pa)
				pmm_free_page(pa);
			stack_release(slot);
			return -ENOMEM;
		}
	}
	kstat_add(KSTAT_KSTACKS, 1);
	return 0;
}

static void link_thread(struct thread *t, const char *name)
{
	strlcpy(t->name, name, sizeof(t->name));
	spin_init(&t->lock, "thread");
	t->pinned = -1;
	spin_lock(&threads_lock);
	t->id = next_id++;
	list_add_tail(&all_threads, &t->all_node);
	__atomic_fetch_add(&nthreads, 1, __ATOMIC_RELAXED);
	spin_unlock(&threads_lock);
}

struct thread *thread_alloc(const char *name, void (*fn)(void *), void *arg)
{
	struct thread *t = kzalloc(sizeof(*t));
	uint64_t *sp;

	if (!t)
		return NULL;
	t->slot = slot_alloc();
	if (t->slot < 0)
		goto out_free;
	if (stack_map(t->slot))		/* it released the slot */
		goto out_free;
	t->kstack_top = slot_stack_base(t->slot) + KSTACK_SIZE;
	t->fn = fn;
	t->arg = arg;
	/* The frame switch_context pops: six callee-saved registers (rbp
	   = 0 ends backtraces), then the "return" into thread_start. It
	   sits below the top's user frame (a user thread's registers). */
	sp = (uint64_t *)(t->kstack_top - sizeof(struct trapframe));
	*--sp = (uint64_t)thread_start;		/* leaves rsp 16-aligned */
	*--sp = 0;				/* rbp */
	*--sp = 0;				/* rbx */
	*--sp = (uint64_t)t;			/* r12: the thread */
	*--sp = 0;				/* r13 */
	*--sp = 0;				/* r14 */
	*--sp = 0;				/* r15 */
	t->rsp = (uint64_t)sp;
	link_thread(t, name);
	return t;

out_free:
	kfree(t);
	return NULL;
}

struct thread *thread_create(const char *name, void (*fn)(void *), void *arg)
{
	return thread_create_pinned(name, fn, arg, -1);
}

struct thread *thread_create_pinned(const char *name, void (*fn)(void *),
				    void *arg, int cpu)
{
	struct thread *t;

	if (cpu >= 0 && (cpu >= ncpus || !cpus[cpu] || !cpus[cpu]->online))
		return NULL;
	t = thread_alloc(name, fn, arg);
	if (t) {
		t->pinned = cpu;
		sched_add(t);
	}
	return t;
}

struct thread *thread_adopt_boot(const char *name, uint64_t stack_top)
{
	static struct thread boot_thread;
	struct thread *t = &boot_thread;

	t->slot = -1;
	t->kstack_top = stack_top;
	t->state = THREAD_RUNNING;
	link_thread(t, name);
	return t;
}

/* C side of thread_start: finish the switch, run, exit. */
void thread_entry(struct thread *t);
void thread_entry(struct thread *t)
{
	sched_finish_new();
	t->fn(t->arg);
	thread_exit();
}

void thread_exit(void)
{
	struct thread *t = thread_current();

	spin_lock(&t->lock);
	t->state = THREAD_DEAD;
	sched_switch();
	panic("thread_exit: dead thread %d ran again", t->id);
}

void thread_free(struct thread *t)
{
	int slot = t->slot;

	KASSERT(t->state == THREAD_DEAD);
	spin_lock(&threads_lock);
	list_remove(&t->all_node);
	spin_unlock(&threads_lock);
	if (slot >= 0) {	/* not the boot thread (static, boot stack) */
		kfree(t);
		stack_release(slot);
		kstat_add(KSTAT_KSTACKS, -1);
	}
	/* Counted out only now: a count of 0 means the memory is back. */
	__atomic_fetch_sub(&nthreads, 1, __ATOMIC_RELEASE);
}

struct thread *thread_current(void)
{
	return this_cpu_current();
}

int thread_count(void)
{
	return __atomic_load_n(&nthreads, __ATOMIC_RELAXED);
}
