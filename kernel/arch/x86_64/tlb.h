/*
 * TLB shootdown: after a mapping that other CPUs may have cached is
 * removed or weakened, every CPU must drop it before the page is reused.
 */
#pragma once

#include <stdint.h>

#define TLB_FLUSH_ALL	0	/* as va: flush everything, global pages too */

/* Flush va on this CPU and on every other online CPU, and wait until
   they have. Call with no spinlock held. */
void tlb_shootdown(uint64_t va);

/* Set up the shootdown IPI (boot CPU, before the others start). */
void tlb_init(void);
