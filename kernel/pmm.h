/*
 * The physical memory manager: a buddy allocator over every page of RAM,
 * with one struct page of bookkeeping per 4 KiB frame (also used by
 * kmalloc, and later for copy-on-write reference counts).
 */
#pragma once

#include <stdint.h>

#include "../shared/bootinfo.h"
#include "arch/x86_64/vmlayout.h"

#define PMM_MAX_ORDER	10		/* largest block: 4 MiB */
#define PFN_NONE	0xffffffffu

/* struct page flags */
#define PG_RESERVED	0x01	/* not managed: hole, firmware, kernel */
#define PG_FREE		0x02	/* head of a free buddy block */
#define PG_ALLOC	0x04	/* head of an allocated block */
#define PG_SLAB		0x08	/* kmalloc slab page (with PG_ALLOC) */
#define PG_LARGE	0x10	/* head of a large kmalloc block (with PG_ALLOC) */

struct page {
	uint32_t next, prev;	/* list links (pfns): free list or slab list */
	uint32_t refcount;
	uint16_t flags;		/* PG_* */
	uint8_t order;		/* block order (free or allocated head) */
	uint8_t slab_class;	/* kmalloc size class */
	uint16_t inuse;		/* kmalloc objects handed out */
	uint16_t freelist;	/* kmalloc: offset + 1 of a free object, 0 none */
};

/*
 * Take over the memory map: place the struct page array in usable RAM and
 * free every usable page except those below 1 MiB (kept for real-mode
 * use such as the AP trampoline). Returns 0 or -ENOMEM when no range can
 * hold the array.
 */
int pmm_init(const struct bootinfo_mem_range *map, int n);

/* Give [base, base+len) (reserved until now, e.g. loader memory) to the
   allocator. */
void pmm_free_range(paddr_t base, uint64_t len);

/* 2^order physically contiguous pages, aligned to their size, or 0 when
   memory is exhausted. The block's head page has refcount 1. */
paddr_t pmm_alloc_pages(unsigned order);
void pmm_free_pages(paddr_t pa, unsigned order);
paddr_t pmm_alloc_page(void);
void pmm_free_page(paddr_t pa);

/* The same, zero-filled. Every frame the kernel does not overwrite whole
   at once (heap slabs, stacks, tables, zero pages) comes from here, as
   Linux's init_on_alloc does: no stale data reaches a new owner, and
   under QEMU's TCG no stale translated code either. A freed frame can
   still hold translations of code that ran from it (a dead program's, or
   the firmware's); while any remain, every write to the frame takes
   QEMU's slow self-modifying-code path, and only writing the bytes they
   came from removes them. */
paddr_t pmm_zalloc_pages(unsigned order);
paddr_t pmm_zalloc_page(void);

/* Take over a frame of reserved RAM (a page of a file the loader read)
   as an allocated page with one reference, freed like any other.
   0, or -EINVAL if pa is not such a frame. */
int pmm_adopt_page(paddr_t pa);

/* Shared frames (copy-on-write): take another reference, or drop one and
   free the frame with the last. pmm_page_refs reads the count. */
void pmm_page_ref(paddr_t pa);
void pmm_page_unref(paddr_t pa);
uint32_t pmm_page_refs(paddr_t pa);

/* The struct page of a managed frame. */
struct page *pmm_page(paddr_t pa);
paddr_t pmm_page_addr(const struct page *pg);

/* Pages managed (free or in use) and pages free right now. */
uint64_t pmm_total_pages(void);
uint64_t pmm_free_pages_count(void);
