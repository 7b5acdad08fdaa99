/*
 * The kernel's virtual address space, and the page-size constants.
 *
 *  0x0000000000000000 +--------------------------------+
 *                     | user space (per process)       |  128 TiB
 *  0x00007fffffffffff +--------------------------------+
 *                     | non-canonical hole             |
 *  0xffff800000000000 +--------------------------------+ DIRECT_MAP_BASE
 *                     | all physical memory, 1:1       |  64 TiB
 *                     | (RAM write-back, MMIO UC/WC)   |
 *  0xffffc00000000000 +--------------------------------+ KSTACK_BASE
 *                     | kernel stacks and mappings     |
 *                     | made page by page (guards)     |
 *  0xffffffff80000000 +--------------------------------+ KERNEL_BASE
 *                     | kernel image (-mcmodel=kernel) |  2 GiB
 *  0xffffffffffffffff +--------------------------------+
 *
 * The upper half (PML4 entries 256-511) is the same in every address
 * space; the lower half belongs to the process.
 */
#pragma once

#include <stdint.h>

#define PAGE_SHIFT	12
#define PAGE_SIZE	(1UL << PAGE_SHIFT)
#define PAGE_MASK	(~(PAGE_SIZE - 1))
#define LARGE_PAGE_SIZE	(1UL << 21)	/* 2 MiB */
#define HUGE_PAGE_SIZE	(1UL << 30)	/* 1 GiB */

#define USER_TOP	0x0000800000000000UL
#define KSTACK_BASE	0xffffc00000000000UL
#define KERNEL_BASE	0xffffffff80000000UL

/*
 * Host unit tests run kernel code on a host buffer that stands in for
 * physical memory; they set host_direct_map so that P2V lands in it.
 */
#ifdef HOST_TEST
extern uintptr_t host_direct_map;
#define DIRECT_MAP_BASE	host_direct_map
#else
#define DIRECT_MAP_BASE	0xffff800000000000UL
#endif

#define PAGE_ROUND_UP(x)	(((x) + PAGE_SIZE - 1) & PAGE_MASK)
#define PAGE_ROUND_DOWN(x)	((x) & PAGE_MASK)

typedef uint64_t paddr_t;
typedef uint64_t vaddr_t;

/* Physical address → its direct-map virtual address, and back. */
#define P2V(pa)	((void *)((uintptr_t)(pa) + DIRECT_MAP_BASE))
#define V2P(va)	((paddr_t)((uintptr_t)(va) - DIRECT_MAP_BASE))
