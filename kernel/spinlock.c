/*
 * Spinlocks. Acquisition disables interrupts first (irq_save), then spins
 * with an atomic exchange; taking a lock this CPU already holds is a bug
 * reported by panic, not a silent deadlock.
 */
#include "spinlock.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/percpu.h"
#include "lockorder.h"
#include "panic.h"

void spin_init(struct spinlock *l, const char *name)
{
	l->locked = 0;
	l->cpu = -1;
	l->name = name;
	l->order_class = 0;
}

void irq_save(void)
{
	int on = (read_rflags() & RFLAGS_IF) != 0;
	struct cpu *c;

	cli();
	c = this_cpu();
	if (c->irq_depth++ == 0)
		c->irq_was_on = on;
}

void irq_restore(void)
{
	struct cpu *c = this_cpu();

	if (read_rflags() & RFLAGS_IF)
		panic("irq_restore: interrupts are on");
	if (c->irq_depth <= 0)
		panic("irq_restore: not saved");
	if (--c->irq_depth == 0 && c->irq_was_on)
		sti();
}

int spin_held(const struct spinlock *l)
{
	int held;

	irq_save();
	held = l->locked && l->cpu == (int)this_cpu()->id;
	irq_restore();
	return held;
}

void spin_lock(struct spinlock *l)
{
	irq_save();
	if (l->locked && l->cpu == (int)this_cpu()->id)
		panic("spin_lock: %s already held by this CPU", l->name);
	lockorder_acquire(l, __builtin_return_address(0), 0);
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		while (l->locked)
			cpu_relax();
	l->cpu = this_cpu()->id;
}

int spin_trylock(struct spinlock *l)
{
	irq_save();
	if (l->locked && l->cpu == (int)this_cpu()->id)
		panic("spin_trylock: %s already held by this CPU", l->name);
	if (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE)) {
		irq_restore();
		return 0;
	}
	lockorder_acquire(l, __builtin_return_address(0), 1);
	l->cpu = this_cpu()->id;
	return 1;
}

void spin_unlock(struct spinlock *l)
{
	if (!l->locked || l->cpu != (int)this_cpu()->id)
		panic("spin_unlock: %s not held by this CPU", l->name);
	lockorder_release(l);
	l->cpu = -1;
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
	irq_restore();
}
