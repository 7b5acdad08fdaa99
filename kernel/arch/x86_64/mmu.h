/* x86_64 page-table entry bits (Intel SDM vol. 3, 4.5). */
#pragma once

#include <stdint.h>

typedef uint64_t pte_t;

#define PTE_P		(1UL << 0)	/* present */
#define PTE_W		(1UL << 1)	/* writable */
#define PTE_U		(1UL << 2)	/* user */
#define PTE_PWT		(1UL << 3)	/* with our PAT: write-combining */
#define PTE_PCD		(1UL << 4)	/* with our PAT: uncached */
#define PTE_A		(1UL << 5)
#define PTE_D		(1UL << 6)
#define PTE_PS		(1UL << 7)	/* large page (PD/PDPT level) */
#define PTE_G		(1UL << 8)	/* global */
#define PTE_NX		(1UL << 63)
#define PTE_ADDR	0x000ffffffffff000UL

#define PTES_PER_TABLE	512

/*
 * PAT layout: entry 0 WB, 1 WC, 2 UC-, 3 UC (then the same again), so
 * PWT selects write-combining and PCD|PWT strong uncached.
 */
#define PAT_VALUE	0x0007010600070106UL
#define PTE_CACHE_WB	0UL
#define PTE_CACHE_WC	PTE_PWT
#define PTE_CACHE_UC	(PTE_PCD | PTE_PWT)
