/*
 * Slab-style heap over the buddy allocator. Each size class (16, 32, ...,
 * 2048 bytes) keeps a list of its slab pages that still have free
 * objects; a page's free objects are chained through their first two
 * bytes (offset + 1 of the next). The struct page of each frame says what
 * the frame holds, so kfree needs no header in front of the object.
 */
#include "kmalloc.h"

#include <stdint.h>

#include "failinject.h"
#include "panic.h"
#include "pmm.h"
#include "spinlock.h"
#include "string.h"

struct slab_class {
	struct spinlock lock;
	uint32_t partial;		/* pfn list of pages with free objects */
	uint32_t npartial;
	uint32_t pages;			/* slab pages, full or not */
	uint64_t objects;		/* objects handed out */
};

/* Each class's fields are protected by its lock. */
static struct slab_class classes[KMALLOC_NCLASSES] = {
	[0 ... KMALLOC_NCLASSES - 1] = {
		.lock = SPINLOCK_INIT("kmalloc"), .partial = PFN_NONE,
	},
};

static uint64_t live_objects;	/* atomic */
static uint64_t large_blocks, large_pages;	/* atomic */

uint64_t kmalloc_live_objects(void)
{
	return __atomic_load_n(&live_objects, __ATOMIC_RELAXED);
}

static unsigned class_of(size_t size)
{
	unsigned c = 0;

	while ((size_t)KMALLOC_MIN << c < size)
		c++;
	return c;
}

static size_t class_size(unsigned c)
{
	return (size_t)KMALLOC_MIN << c;
}

size_t kmalloc_class_size(unsigned c)
{
	return class_size(c);
}

void kmalloc_stats(struct kmalloc_stats *st)
{
	unsigned c;

	for (c = 0; c < KMALLOC_NCLASSES; c++) {
		spin_lock(&classes[c].lock);
		st->cls[c].objects = classes[c].objects;
		st->cls[c].pages = classes[c].pages;
		spin_unlock(&classes[c].lock);
	}
	st->large_blocks = __atomic_load_n(&large_blocks, __ATOMIC_RELAXED);
	st->large_pages = __atomic_load_n(&large_pages, __ATOMIC_RELAXED);
}

static void partial_add(struct slab_class *sc, struct page *pg)
{
	uint32_t pfn = pmm_page_addr(pg) >> PAGE_SHIFT;

	pg->prev = PFN_NONE;
	pg->next = sc->partial;
	if (sc->partial != PFN_NONE)
		pmm_page((paddr_t)sc->partial << PAGE_SHIFT)->prev = pfn;
	sc->partial = pfn;
	sc->npartial++;
}

static void partial_del(struct slab_class *sc, struct page *pg)
{
	if (pg->prev != PFN_NONE)
		pmm_page((paddr_t)pg->prev << PAGE_SHIFT)->next = pg->next;
	else
		sc->partial = pg->next;
	if (pg->next != PFN_NONE)
		pmm_page((paddr_t)pg->next << PAGE_SHIFT)->prev = pg->prev;
	pg->next = pg->prev = PFN_NONE;
	sc->npartial--;
}

#ifdef KERNEL_DEBUG
/*
 * Debugging kernels poison a freed object (all but its free-list link)
 * and check the poison when it is handed out again: a write after free
 * panics at the next allocation of that object, a read after free sees
 * POISON bytes (pointers into the non-canonical hole).
 */
#define POISON	0x6b

static void poison(uint8_t *obj, size_t size)
{
	memset(obj + sizeof(uint16_t), POISON, size - sizeof(uint16_t));
}

static void check_poison(uint8_t *obj, size_t size)
{
	size_t i;

	for (i = sizeof(uint16_t); i < size; i++)
		if (obj[i] != POISON)
			panic("kmalloc: %p (%zu bytes) was written at +%zu after "
			      "it was freed", obj, size, i);
}
#else
static void poison(uint8_t *obj, size_t size) { (void)obj; (void)size; }
static void check_poison(uint8_t *obj, size_t size) { (void)obj; (void)size; }
#endif

/* A fresh slab page for class c with every object on its free chain. */
static struct page *slab_new(unsigned c)
{
	paddr_t pa = pmm_zalloc_page();
	size_t size = class_size(c), off;
	uint8_t *base;
	struct page *pg;

	if (!pa)
		return NULL;
	base = P2V(pa);
	pg = pmm_page(pa);
	pg->flags |= PG_SLAB;
	pg->slab_class = c;
	pg->inuse = 0;
	pg->freelist = 1;		/* object at offset 0 */
	for (off = 0; off < PAGE_SIZE; off += size) {
		poison(base + off, size);
		*(uint16_t *)(base + off) =
			off + size < PAGE_SIZE ? off + size + 1 : 0;
	}
	return pg;
}

static void *alloc_small(unsigned c)
{
	struct slab_class *sc = &classes[c];
	struct page *pg;
	uint8_t *obj;

	spin_lock(&sc->lock);
	if (sc->partial == PFN_NONE) {
		pg = slab_new(c);
		if (!pg) {
			spin_unlock(&sc->lock);
			return NULL;
		}
		partial_add(sc, pg);
		sc->pages++;
	}
	pg = pmm_page((paddr_t)sc->partial << PAGE_SHIFT);
	obj = (uint8_t *)P2V(pmm_page_addr(pg)) + pg->freelist - 1;
	pg->freelist = *(uint16_t *)obj;
	pg->inuse++;
	sc->objects++;
	if (pg->freelist == 0)
		partial_del(sc, pg);
	check_poison(obj, class_size(c));
	spin_unlock(&sc->lock);
	return obj;
}

static void free_small(struct page *pg, uint8_t *obj)
{
	struct slab_class *sc = &classes[pg->slab_class];
	size_t off = (uintptr_t)obj & ~PAGE_MASK;

	if (off % class_size(pg->slab_class))
		panic("kfree: %p is not the start of an object", obj);
	spin_lock(&sc->lock);
	if (pg->inuse == 0)
		panic("kfree: %p freed twice (slab page empty)", obj);
	if (pg->freelist == 0)
		partial_add(sc, pg);	/* was full: usable again */
	poison(obj, class_size(pg->slab_class));
	*(uint16_t *)obj = pg->freelist;
	pg->freelist = off + 1;
	pg->inuse--;
	sc->objects--;
	/* Return empty pages, but keep one per class against thrashing. */
	if (pg->inuse == 0 && sc->npartial > 1) {
		partial_del(sc, pg);
		sc->pages--;
		pg->flags &= ~PG_SLAB;
		spin_unlock(&sc->lock);
		pmm_free_page(pmm_page_addr(pg));
		return;
	}
	spin_unlock(&sc->lock);
}

static void *alloc_large(size_t size)
{
	unsigned order = 0;
	paddr_t pa;

	while ((PAGE_SIZE << order) < size)
		order++;
	pa = pmm_zalloc_pages(order);
	if (!pa)
		return NULL;
	pmm_page(pa)->flags |= PG_LARGE;
	__atomic_fetch_add(&large_blocks, 1, __ATOMIC_RELAXED);
	__atomic_fetch_add(&large_pages, 1UL << order, __ATOMIC_RELAXED);
	return P2V(pa);
}

void *kmalloc(size_t size)
{
	void *p;

	if (failinject_alloc())
		return NULL;
	if (size == 0)
		size = 1;
	if (size > KMALLOC_MAX_SMALL)
		p = size > (PAGE_SIZE << PMM_MAX_ORDER) ? NULL : alloc_large(size);
	else
		p = alloc_small(class_of(size));
	if (p)
		__atomic_fetch_add(&live_objects, 1, __ATOMIC_RELAXED);
	return p;
}

void *kzalloc(size_t size)
{
	void *p = kmalloc(size);

	if (p)
		memset(p, 0, size);
	return p;
}

void kfree(void *p)
{
	struct page *pg;

	if (!p)
		return;
	__atomic_fetch_sub(&live_objects, 1, __ATOMIC_RELAXED);
	pg = pmm_page(V2P(p));
	if (pg->flags & PG_SLAB) {
		free_small(pg, p);
	} else if ((pg->flags & PG_LARGE) && ((uintptr_t)p & ~PAGE_MASK) == 0) {
		pg->flags &= ~PG_LARGE;
		__atomic_fetch_sub(&large_blocks, 1, __ATOMIC_RELAXED);
		__atomic_fetch_sub(&large_pages, 1UL << pg->order,
				   __ATOMIC_RELAXED);
		pmm_free_pages(V2P(p), pg->order);
	} else {
		panic("kfree: %p was not allocated by kmalloc", p);
	}
}
