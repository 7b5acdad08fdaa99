/*
 * Host stand-ins for what pmm.c and kmalloc.c use from the rest of the
 * kernel (stubs.c): spinlocks and irq_save() that check their pairing,
 * klog(), panic(), and the buffer that plays physical memory behind
 * P2V(). A test expects a panic with CHECK_PANICS(), which arms panic()
 * to jump back instead of aborting.
 */
#pragma once

#include <setjmp.h>
#include <stdint.h>

#include "check.h"

extern jmp_buf panic_jmp;
extern int panic_armed;
extern char panic_msg[256];

/*
 * Make size bytes of host memory stand for physical [base, base+size):
 * returns the buffer (aligned to 4 MiB and filled with junk, as RAM
 * would be) and points host_direct_map at it. Exits if out of memory.
 */
void *host_ram_init(uint64_t base, uint64_t size);

/* Locks held and irq_save() nesting right now; 0 between kernel calls. */
int stub_locks_held(void);
int stub_irq_depth(void);

/* Check that stmt panics with a message containing what. */
#define CHECK_PANICS(stmt, what) do {					\
	panic_msg[0] = 0;						\
	if (setjmp(panic_jmp) == 0) {					\
		panic_armed = 1;					\
		stmt;							\
		panic_armed = 0;					\
		check_fail(__FILE__, __LINE__, "%s did not panic", #stmt); \
	} else if (!strstr(panic_msg, (what))) {			\
		check_fail(__FILE__, __LINE__, "%s panicked with \"%s\", " \
			   "not \"%s\"", #stmt, panic_msg, (what));	\
	}								\
} while (0)
