/*
 * Buddy allocator. Free memory is kept in blocks of 2^order pages, each
 * aligned to its size, on one list per order; a block's buddy is the
 * block it was split from, found by flipping bit `order` of its frame
 * number. Freeing merges a block with its buddy while the buddy is free
 * and of the same order.
 */
#include "pmm.h"

#include "errno.h"
#include "failinject.h"
#include "log.h"
#include "panic.h"
#include "spinlock.h"
#include "string.h"

#define LOW_MEMORY	0x100000UL	/* below this: never handed out */

static struct spinlock pmm_lock = SPINLOCK_INIT("pmm");

/* Protected by pmm_lock: */
static struct page *pages;		/* one per frame below max_pfn */
static uint64_t max_pfn;
static uint32_t free_head[PMM_MAX_ORDER + 1];
static uint64_t nr_free, nr_total;

static int is_ram(uint32_t type)
{
	return type == BOOT_MEM_USABLE || type == BOOT_MEM_LOADER_RECLAIMABLE ||
	       type == BOOT_MEM_ACPI_RECLAIMABLE ||
	       type == BOOT_MEM_KERNEL_AND_FILES;
}

static void list_add(unsigned order, uint32_t pfn)
{
	struct page *pg = &pages[pfn];

	pg->prev = PFN_NONE;
	pg->next = free_head[order];
	if (pg->next != PFN_NONE)
		pages[pg->next].prev = pfn;
	free_head[order] = pfn;
}

static void list_del(unsigned order, uint32_t pfn)
{
	struct page *pg = &pages[pfn];

	if (pg->prev != PFN_NONE)
		pages[pg->prev].next = pg->next;
	else
		free_head[order] = pg->next;
	if (pg->next != PFN_NONE)
		pages[pg->next].prev = pg->prev;
}

/* Put the block at pfn on the free lists, merging with free buddies. */
static void free_block(uint64_t pfn, unsigned order)
{
	pages[pfn].flags = 0;
	nr_free += 1UL << order;
	while (order < PMM_MAX_ORDER) {
		uint64_t buddy = pfn ^ (1UL << order);

		if (buddy >= max_pfn || !(pages[buddy].flags & PG_FREE) ||
		    pages[buddy].order != order)
			break;
		list_del(order, buddy);
		pages[buddy].flags = 0;
		pfn &= ~(1UL << order);
		order++;
	}
	pages[pfn].flags = PG_FREE;
	pages[pfn].order = order;
	pages[pfn].refcount = 0;
	list_add(order, pfn);
}

/* Free whole pages of [start, end) frame numbers in the largest aligned
   blocks; the caller holds pmm_lock. */
static void free_pfn_range(uint64_t start, uint64_t end)
{
	while (start < end) {
		unsigned order = PMM_MAX_ORDER;
		uint64_t i;

		while (order > 0 && ((start & ((1UL << order) - 1)) ||
				     start + (1UL << order) > end))
			order--;
		for (i = start; i < start + (1UL << order); i++) {
			if (!(pages[i].flags & PG_RESERVED))
				panic("pmm_free_range: frame %lx already managed", i);
			pages[i].flags = 0;
		}
		nr_total += 1UL << order;
		free_block(start, order);
		start += 1UL << order;
	}
}

void pmm_free_range(paddr_t base, uint64_t len)
{
	uint64_t start = PAGE_ROUND_UP(base) >> PAGE_SHIFT;
	uint64_t end = PAGE_ROUND_DOWN(base + len) >> PAGE_SHIFT;

	if (start < LOW_MEMORY >> PAGE_SHIFT)
		start = LOW_MEMORY >> PAGE_SHIFT;
	if (end > max_pfn)
		end = max_pfn;
	if (start >= end)
		return;
	spin_lock(&pmm_lock);
	free_pfn_range(start, end);
	spin_unlock(&pmm_lock);
}

int pmm_init(const struct bootinfo_mem_range *map, int n)
{
	uint64_t array_bytes, array_pa = 0, i;
	int k;

	max_pfn = 0;
	for (k = 0; k < n; k++)
		if (is_ram(map[k].type) &&
		    (map[k].base + map[k].length) >> PAGE_SHIFT > max_pfn)
			max_pfn = (map[k].base + map[k].length) >> PAGE_SHIFT;
	if (max_pfn > PFN_NONE)
		max_pfn = PFN_NONE;	/* 16 TiB: more is not managed */
	array_bytes = PAGE_ROUND_UP(max_pfn * sizeof(struct page));
	for (k = 0; k < n && !array_pa; k++) {
		uint64_t base = map[k].base < LOW_MEMORY ? LOW_MEMORY : map[k].base;
		uint64_t end = map[k].base + map[k].length;

		if (map[k].type == BOOT_MEM_USABLE && end > base &&
		    end - base >= array_bytes)
			array_pa = base;
	}
	if (!array_pa)
		return -ENOMEM;
	pages = P2V(array_pa);
	for (i = 0; i < max_pfn; i++) {
		pages[i].flags = PG_RESERVED;
		pages[i].order = 0;
		pages[i].refcount = 0;
		pages[i].next = pages[i].prev = PFN_NONE;
	}
	for (i = 0; i <= PMM_MAX_ORDER; i++)
		free_head[i] = PFN_NONE;
	nr_free = nr_total = 0;

	for (k = 0; k < n; k++) {
		uint64_t base = map[k].base, end = map[k].base + map[k].length;

		if (map[k].type != BOOT_MEM_USABLE)
			continue;
		/* Skip the part that now holds the page array. */
		if (base <= array_pa && array_pa < end) {
			pmm_free_range(base, array_pa - base);
			base = array_pa + array_bytes;
		}
		if (end > base)
			pmm_free_range(base, end - base);
	}
	return 0;
}

paddr_t pmm_alloc_pages(unsigned order)
{
	unsigned o;
	uint32_t pfn;

	if (order > PMM_MAX_ORDER || failinject_alloc())
		return 0;
	spin_lock(&pmm_lock);
	for (o = order; o <= PMM_MAX_ORDER && free_head[o] == PFN_NONE; o++)
		;
	if (o > PMM_MAX_ORDER) {
		spin_unlock(&pmm_lock);
		return 0;
	}
	pfn = free_head[o];
	list_del(o, pfn);
	pages[pfn].flags = 0;
	while (o > order) {		/* split, keeping the lower half */
		o--;
		pages[pfn + (1U << o)].flags = PG_FREE;
		pages[pfn + (1U << o)].order = o;
		list_add(o, pfn + (1U << o));
	}
	pages[pfn].flags = PG_ALLOC;
	pages[pfn].order = order;
	pages[pfn].refcount = 1;
	pages[pfn].slab_class = 0;
	nr_free -= 1UL << order;
	spin_unlock(&pmm_lock);
	return (paddr_t)pfn << PAGE_SHIFT;
}

void pmm_free_pages(paddr_t pa, unsigned order)
{
	uint64_t pfn = pa >> PAGE_SHIFT;

	if ((pa & ~PAGE_MASK) || pfn >= max_pfn || order > PMM_MAX_ORDER ||
	    (pfn & ((1UL << order) - 1)))
		panic("pmm_free_pages: bad block %lx order %u", pa, order);
	spin_lock(&pmm_lock);
	/* Only the head of an allocated block carries PG_ALLOC: this catches
	   double frees even after the page merged into a free neighbour. */
	if (!(pages[pfn].flags & PG_ALLOC))
		panic("pmm_free_pages: %lx is %s", pa,
		      pages[pfn].flags & PG_RESERVED ? "not managed" :
		      "already free (or not the head of a block)");
	if (pages[pfn].order != order)
		panic("pmm_free_pages: %lx has order %u, freed as %u", pa,
		      pages[pfn].order, order);
	free_block(pfn, order);
	spin_unlock(&pmm_lock);
}

paddr_t pmm_alloc_page(void)
{
	return pmm_alloc_pages(0);
}

paddr_t pmm_zalloc_pages(unsigned order)
{
	paddr_t pa = pmm_alloc_pages(order);

	if (pa)
		memset(P2V(pa), 0, PAGE_SIZE << order);
	return pa;
}

paddr_t pmm_zalloc_page(void)
{
	return pmm_zalloc_pages(0);
}

int pmm_adopt_page(paddr_t pa)
{
	uint64_t pfn = pa >> PAGE_SHIFT;
	int err = -EINVAL;

	if ((pa & ~PAGE_MASK) || pa < LOW_MEMORY || pfn >= max_pfn)
		return err;
	spin_lock(&pmm_lock);
	if (pages[pfn].flags == PG_RESERVED) {
		pages[pfn].flags = PG_ALLOC;
		pages[pfn].order = 0;
		pages[pfn].refcount = 1;
		pages[pfn].slab_class = 0;
		nr_total++;
		err = 0;
	}
	spin_unlock(&pmm_lock);
	return err;
}

void pmm_free_page(paddr_t pa)
{
	pmm_free_pages(pa, 0);
}

void pmm_page_ref(paddr_t pa)
{
	__atomic_fetch_add(&pmm_page(pa)->refcount, 1, __ATOMIC_RELAXED);
}

void pmm_page_unref(paddr_t pa)
{
	struct page *pg = pmm_page(pa);
	uint32_t was = __atomic_fetch_sub(&pg->refcount, 1, __ATOMIC_ACQ_REL);

	KASSERT(was > 0);
	if (was == 1)
		pmm_free_pages(pa, 0);
}

uint32_t pmm_page_refs(paddr_t pa)
{
	return __atomic_load_n(&pmm_page(pa)->refcount, __ATOMIC_ACQUIRE);
}

struct page *pmm_page(paddr_t pa)
{
	KASSERT((pa >> PAGE_SHIFT) < max_pfn);
	return &pages[pa >> PAGE_SHIFT];
}

paddr_t pmm_page_addr(const struct page *pg)
{
	return (paddr_t)(pg - pages) << PAGE_SHIFT;
}

uint64_t pmm_total_pages(void)
{
	return nr_total;
}

uint64_t pmm_free_pages_count(void)
{
	return nr_free;
}
