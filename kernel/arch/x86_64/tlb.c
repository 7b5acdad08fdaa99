/*
 * TLB shootdown by IPI. One shootdown at a time (shoot_lock); the sender
 * marks a request for each other online CPU, sends IRQ_VECTOR_IPI_TLB and
 * waits for every request to be served. A CPU spinning for shoot_lock
 * serves its own pending request while it waits, so two CPUs shooting at
 * once cannot wait on each other with interrupts off.
 */
#include "tlb.h"

#include "cpu.h"
#include "irq.h"
#include "lapic.h"
#include "percpu.h"
#include "../../panic.h"
#include "../../spinlock.h"

#define ACK_SPIN_LIMIT	2000000000UL

static struct spinlock shoot_lock = SPINLOCK_INIT("tlb shootdown");

/* Written under shoot_lock, read by the targets: */
static volatile uint64_t shoot_va;
static volatile int pending;
static volatile int request[MAX_CPUS];

static void flush_local(uint64_t va)
{
	uint64_t cr4;

	if (va == TLB_FLUSH_USER) {
		write_cr3(read_cr3());
		return;
	}
	if (va != TLB_FLUSH_ALL) {
		invlpg(va);
		return;
	}
	cr4 = read_cr4();
	if (cr4 & CR4_PGE) {		/* toggling PGE drops global entries */
		write_cr4(cr4 & ~CR4_PGE);
		write_cr4(cr4);
	} else {
		write_cr3(read_cr3());
	}
}

/* Serve this CPU's request, if any. */
static void serve(void)
{
	int id = this_cpu()->id;

	if (!__atomic_load_n(&request[id], __ATOMIC_ACQUIRE))
		return;
	flush_local(shoot_va);
	__atomic_store_n(&request[id], 0, __ATOMIC_RELAXED);
	__atomic_fetch_sub(&pending, 1, __ATOMIC_RELEASE);
}

static void tlb_ipi(struct trapframe *tf, void *arg)
{
	serve();
}

void tlb_init(void)
{
	irq_set_handler(IRQ_VECTOR_IPI_TLB, tlb_ipi, 0);
}

/* Ask the CPUs in `targets` (not this one) to flush va and wait until
   they have; interrupts are off. */
static void shoot(uint64_t targets, uint64_t va)
{
	unsigned long spins = 0;
	int i;

	while (!spin_trylock(&shoot_lock))
		serve();
	shoot_va = va;
	for (i = 0; i < ncpus; i++) {
		if (!(targets & (1UL << i)) || !cpus[i] || !cpus[i]->online)
			continue;
		__atomic_fetch_add(&pending, 1, __ATOMIC_RELAXED);
		__atomic_store_n(&request[i], 1, __ATOMIC_RELEASE);
		lapic_send_ipi(cpus[i]->apic_id, IRQ_VECTOR_IPI_TLB);
	}
	while (__atomic_load_n(&pending, __ATOMIC_ACQUIRE) > 0)
		if (++spins > ACK_SPIN_LIMIT)
			panic("tlb_shootdown: %d CPUs do not answer", pending);
	spin_unlock(&shoot_lock);
}

void tlb_shootdown(uint64_t va)
{
	irq_save();
	flush_local(va);
	shoot(~(1UL << this_cpu()->id), va);
	irq_restore();
}

void tlb_shootdown_mask(const uint64_t *mask, uint64_t va)
{
	uint64_t targets, me;

	irq_save();
	__atomic_thread_fence(__ATOMIC_SEQ_CST);	/* entries, then mask */
	targets = __atomic_load_n(mask, __ATOMIC_RELAXED);
	me = 1UL << this_cpu()->id;
	if (targets & me)
		flush_local(va);
	if (targets & ~me)
		shoot(targets & ~me, va);
	irq_restore();
}
