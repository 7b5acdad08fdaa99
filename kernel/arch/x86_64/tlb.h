/*
 * TLB shootdown: after a mapping that other CPUs may have cached is
 * removed or weakened, every CPU must drop it before the page is reused.
 */
#pragma once

#include <stdint.h>

#define TLB_FLUSH_ALL	0	/* as va: flush everything, global pages too */
#define TLB_FLUSH_USER	1	/* as va: every non-global entry (a CR3
				   reload) */

/* Flush va on this CPU and on every other online CPU, and wait until
   they have. Call with no spinlock held. */
void tlb_shootdown(uint64_t va);

/* Flush va (or TLB_FLUSH_USER) on every CPU whose bit is set in *mask
 * (an address space's CPUs, see vmspace.h), this one included, and wait
 * until they have. The mask is read after a full barrier: a CPU that
 * sets its bit later loads the page tables afresh and cannot hold what
 * the caller just changed. Call with no spinlock held. */
void tlb_shootdown_mask(const uint64_t *mask, uint64_t va);

/* Set up the shootdown IPI (boot CPU, before the others start). */
void tlb_init(void);
