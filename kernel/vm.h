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

/* Turn on, on the calling CPU, what vm_init turned on for the boot CPU:
   PAT, NX, write protection, global pages, SMEP, SMAP, UMIP. */
void vm_init_cpu(void);

/*
 * Make [pa, pa+len) reachable at P2V(pa) with the given cache mode
 * (PTE_CACHE_*), mapping what is not already mapped. For device memory
 * and firmware tables outside RAM. Returns P2V(pa) or NULL on -ENOMEM.
 */
void *vm_map_phys(paddr_t pa, uint64_t len, uint64_t cache);

/* Map one 4 KiB page of the kernel half (va in the KSTACK region) to pa
   with flags (PTE_*; PTE_P is implied). Returns 0 or -ENOMEM. */
int vm_map_kernel_page(vaddr_t va, paddr_t pa, uint64_t flags);

/* Remove the mapping of one kernel page and flush it from every CPU's
   TLB (call with no spinlock held). Returns the physical address it
   mapped, or 0 if it was not mapped. */
paddr_t vm_unmap_kernel_page(vaddr_t va);

/* The same without the flush, as Linux's lazy vunmap: other CPUs may
   still hold the old translation, so the caller must not map or touch va
   again until it has flushed every CPU (tlb_shootdown(TLB_FLUSH_ALL)).
   The frame may be reused at once: nothing reaches it through va. */
paddr_t vm_unmap_kernel_page_lazy(vaddr_t va);

/* Is [va, va+len) mapped in the current address space? */
int vm_kernel_readable(uint64_t va, uint64_t len);

/* A zeroed page-table page (through the direct map), or NULL. */
pte_t *vm_table_new(void);

/* PTE_NX where the CPU has no-execute pages, else 0. */
uint64_t vm_pte_nx(void);

/* The kernel's top-level page table (physical). */
paddr_t vm_kernel_pml4(void);
