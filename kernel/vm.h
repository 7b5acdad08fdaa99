/*
 * Kernel virtual memory: the kernel's own page tables (replacing the
 * loader's), the direct map of physical memory, device mappings, and the
 * checks the panic path uses before it reads a pointer.
 */
#pragma once

#include <stdint.h>

#include "../shared/bootinfo.h"
#include "arch/x86_64/mmu.h"
#include "arch/x86_64/vmlayout.h"

/*
 * Build the kernel page tables (image with per-section rights, direct map
 * of every RAM range in the memory map, the framebuffer write-combining),
 * switch to them and turn on NX, write protection, global pages, SMEP and
 * SMAP. Returns 0 or -ENOMEM.
 */
int vm_init(const struct bootinfo *bi, const struct bootinfo_mem_range *map,
	    int n);

/*
 * Make [pa, pa+len) reachable at P2V(pa) with the given cache mode
 * (PTE_CACHE_*), mapping what is not already mapped. For device memory
 * and firmware tables outside RAM. Returns P2V(pa) or NULL on -ENOMEM.
 */
void *vm_map_phys(paddr_t pa, uint64_t len, uint64_t cache);

/* Is [va, va+len) mapped in the current address space? */
int vm_kernel_readable(uint64_t va, uint64_t len);

/* The kernel's top-level page table (physical). */
paddr_t vm_kernel_pml4(void);
