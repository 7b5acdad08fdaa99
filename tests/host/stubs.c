/*
 * Host versions of the kernel services that pmm.c and kmalloc.c call.
 * There is one "CPU": taking a lock it holds, or releasing one it does
 * not, panics as the real spinlock does. panic() jumps back into a test
 * that armed it (after dropping the locks the panicking code held) and
 * otherwise prints the message and aborts. klog() is silent unless
 * HOST_TEST_LOG is set in the environment.
 */
#include "stubs.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "panic.h"
#include "spinlock.h"

#define MAX_HELD	16
#define RAM_ALIGN	(4UL << 20)

uintptr_t host_direct_map;

jmp_buf panic_jmp;
int panic_armed;
char panic_msg[256];

static struct spinlock *held[MAX_HELD];
static int nheld, irq_depth;

void *host_ram_init(uint64_t base, uint64_t size)
{
	/* aligned_alloc wants a multiple of the alignment. */
	uint64_t bytes = (size + RAM_ALIGN - 1) & ~(RAM_ALIGN - 1);
	void *ram = aligned_alloc(RAM_ALIGN, bytes);

	if (!ram) {
		fprintf(stderr, "host_ram_init: cannot allocate %lu bytes\n",
			(unsigned long)bytes);
		exit(2);
	}
	memset(ram, 0xa5, bytes);
	host_direct_map = (uintptr_t)ram - base;
	return ram;
}

int stub_locks_held(void)
{
	return nheld;
}

int stub_irq_depth(void)
{
	return irq_depth;
}

void irq_save(void)
{
	irq_depth++;
}

void irq_restore(void)
{
	if (irq_depth <= 0)
		panic("irq_restore: not saved");
	irq_depth--;
}

void spin_init(struct spinlock *l, const char *name)
{
	l->locked = 0;
	l->cpu = -1;
	l->name = name;
}

int spin_held(const struct spinlock *l)
{
	return l->locked;
}

void spin_lock(struct spinlock *l)
{
	irq_save();
	if (l->locked)
		panic("spin_lock: %s already held by this CPU", l->name);
	if (nheld == MAX_HELD)
		panic("spin_lock: more than %d locks held", MAX_HELD);
	l->locked = 1;
	l->cpu = 0;
	held[nheld++] = l;
}

void spin_unlock(struct spinlock *l)
{
	int i;

	for (i = nheld - 1; i >= 0 && held[i] != l; i--)
		;
	if (i < 0 || !l->locked)
		panic("spin_unlock: %s not held by this CPU", l->name);
	memmove(&held[i], &held[i + 1], (nheld - i - 1) * sizeof(held[0]));
	nheld--;
	l->locked = 0;
	l->cpu = -1;
	irq_restore();
}

void klog(int level, const char *fmt, ...)
{
	va_list ap;

	if (!getenv("HOST_TEST_LOG"))
		return;
	va_start(ap, fmt);
	fprintf(stderr, "klog %d: ", level);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(panic_msg, sizeof(panic_msg), fmt, ap);
	va_end(ap);
	if (!panic_armed) {
		fprintf(stderr, "panic: %s\n", panic_msg);
		abort();
	}
	/* The test goes on: release what the panicking code held. */
	panic_armed = 0;
	while (nheld > 0) {
		held[--nheld]->locked = 0;
		held[nheld]->cpu = -1;
	}
	irq_depth = 0;
	longjmp(panic_jmp, 1);
}
