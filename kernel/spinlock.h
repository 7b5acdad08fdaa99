/*
 * Spinlocks that disable interrupts on the local CPU while held (so an
 * interrupt handler can never spin on a lock its own CPU holds), and the
 * nesting interrupt-disable pair irq_save()/irq_restore() they use.
 *
 * Checks, always on: taking a lock this CPU already holds, releasing one
 * it does not hold, and sleeping (sched_switch) with any spinlock held
 * besides the thread's own, panic with the lock's name. Debugging
 * kernels also check the order below as it is followed (lockorder.h).
 *
 * Lock order (take left before right; each lock is declared with the
 * data it protects):
 *
 *   condition locks (console input, mutex, selftest ...)
 *     -> waitq.lock -> thread.lock -> runqueue.lock (two: lower CPU first)
 *   kmalloc class lock -> pmm_lock;  vm_lock -> pmm_lock
 *   shoot_lock (tlb.c): taken with no other lock held
 *   leaves, taken last and holding nothing else: log_lock, pmm_lock,
 *   threads_lock, irq_lock, ioapic_lock
 */
#pragma once

#include <stdint.h>

struct spinlock {
	volatile uint32_t locked;
	int cpu;		/* holder's CPU id, -1 when free (debugging) */
	const char *name;
	int order_class;	/* lockorder.c's class + 1, 0 not yet known */
};

#define SPINLOCK_INIT(n)	{ 0, -1, (n), 0 }

void spin_init(struct spinlock *l, const char *name);
void spin_lock(struct spinlock *l);
void spin_unlock(struct spinlock *l);
/* Take l if it is free; returns 1 if taken (interrupts then off). */
int spin_trylock(struct spinlock *l);
/* Does this CPU hold l? */
int spin_held(const struct spinlock *l);

/* Disable interrupts, nesting; the outermost restore re-enables them if
   they were on before the outermost save. */
void irq_save(void);
void irq_restore(void);
