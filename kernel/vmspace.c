/*
 * User address spaces (see vmspace.h). Words: a "pte" here is always a
 * last-level (4 KiB) entry of the lower half; user pages are never large.
 * A frame mapped by several spaces after fork is read-only in all of them
 * and counted in its struct page (pmm_page_ref); the first write copies
 * it, unless the writer holds the last reference, which keeps it.
 *
 * TLB: a space is loaded only on the CPU running its (single) thread, so
 * local flushes suffice; threads sharing a space (later) will need the
 * shootdown.
 */
#include "vmspace.h"

#include "arch/x86_64/cpu.h"
#include "errno.h"
#include "kmalloc.h"
#include "panic.h"
#include "pmm.h"
#include "string.h"
#include "vm.h"

#define LOWER_HALF	256		/* PML4 entries of user space */
/* A page of a PROT_NONE region keeps its frame in a non-present entry,
   marked with a bit the CPU ignores, so mprotect can restore it. */
#define PTE_PROTNONE	(1UL << 9)
#define HAS_FRAME(e)	((e) & (PTE_P | PTE_PROTNONE))

/* The 4 KiB entry for va, creating tables if create; NULL if absent or
   out of memory. */
static pte_t *walk(struct vmspace *vs, uint64_t va, int create)
{
	pte_t *table = P2V(vs->pml4);
	int shift;

	for (shift = 39; shift > 12; shift -= 9) {
		pte_t *e = &table[(va >> shift) & 511];

		if (!(*e & PTE_P)) {
			pte_t *next;

			if (!create || !(next = vm_table_new()))
				return NULL;
			*e = V2P(next) | PTE_P | PTE_W | PTE_U;
		}
		table = P2V(*e & PTE_ADDR);
	}
	return &table[(va >> 12) & 511];
}

static uint64_t pte_flags(int prot)
{
	uint64_t f = PTE_P | PTE_U;

	if (prot == PROT_NONE)
		return PTE_PROTNONE;

	if (prot & PROT_WRITE)
		f |= PTE_W;
	if (!(prot & PROT_EXEC))
		f |= vm_pte_nx();
	return f;
}

static int is_loaded(struct vmspace *vs)
{
	return (read_cr3() & PTE_ADDR) == vs->pml4;
}

static void flush(struct vmspace *vs, uint64_t va)
{
	if (is_loaded(vs))
		invlpg(va);
}

struct vmspace *vm_create(void)
{
	struct vmspace *vs = kzalloc(sizeof(*vs));
	pte_t *pml4, *kernel = P2V(vm_kernel_pml4());
	int i;

	if (!vs)
		return NULL;
	pml4 = vm_table_new();
	if (!pml4) {
		kfree(vs);
		return NULL;
	}
	for (i = LOWER_HALF; i < PTES_PER_TABLE; i++)
		pml4[i] = kernel[i];
	vs->pml4 = V2P(pml4);
	mutex_init(&vs->lock);
	list_init(&vs->regions);
	vs->stack_limit = STACK_TOP - STACK_MAX;
	vs->mmap_base = vs->stack_limit - STACK_GUARD_GAP;
	return vs;
}

/* Free the tables below `table` at level shift (39 = PML4), dropping a
   reference on every frame mapped. */
static void free_tables(pte_t *table, int shift, int nentries)
{
	int i;

	for (i = 0; i < nentries; i++) {
		pte_t e = table[i];

		if (!(shift == 12 ? HAS_FRAME(e) : (e & PTE_P)))
			continue;
		if (shift == 12)
			pmm_page_unref(e & PTE_ADDR);
		else
			free_tables(P2V(e & PTE_ADDR), shift - 9, PTES_PER_TABLE);
	}
	if (shift != 39)
		pmm_free_page(V2P(table));
}

void vm_destroy(struct vmspace *vs)
{
	struct list_node *n;

	KASSERT(!is_loaded(vs));
	free_tables(P2V(vs->pml4), 39, LOWER_HALF);
	pmm_free_page(vs->pml4);
	while ((n = list_pop(&vs->regions)))
		kfree(list_entry(n, struct region, node));
	kfree(vs);
}

static struct region *find(struct vmspace *vs, uint64_t addr)
{
	struct list_node *pos;

	list_for_each(pos, &vs->regions) {
		struct region *r = list_entry(pos, struct region, node);

		if (addr < r->start)
			return NULL;
		if (addr < r->end)
			return r;
	}
	return NULL;
}

/* Is [start, end) free of regions? */
static int range_free(struct vmspace *vs, uint64_t start, uint64_t end)
{
	struct list_node *pos;

	list_for_each(pos, &vs->regions) {
		struct region *r = list_entry(pos, struct region, node);

		if (r->start < end && start < r->end)
			return 0;
	}
	return 1;
}

static int add_region(struct vmspace *vs, uint64_t start, uint64_t end,
		      int prot, enum region_kind kind)
{
	struct region *r = kzalloc(sizeof(*r));
	struct list_node *pos;

	if (!r)
		return -ENOMEM;
	r->start = start;
	r->end = end;
	r->prot = prot;
	r->kind = kind;
	list_for_each(pos, &vs->regions)
		if (list_entry(pos, struct region, node)->start > start)
			break;
	list_insert_between(&r->node, pos->prev, pos);
	return 0;
}

int vm_add_region(struct vmspace *vs, uint64_t start, uint64_t len, int prot,
		  enum region_kind kind)
{
	int err;

	mutex_lock(&vs->lock);
	err = add_region(vs, start, start + len, prot, kind);
	mutex_unlock(&vs->lock);
	return err;
}

/* Map a zeroed page at va (within a region of prot). */
static int map_zero(struct vmspace *vs, uint64_t va, int prot, pte_t **out)
{
	pte_t *e = walk(vs, va, 1);
	paddr_t pa;

	if (!e)
		return -ENOMEM;
	if (!HAS_FRAME(*e)) {
		pa = pmm_alloc_page();
		if (!pa)
			return -ENOMEM;
		memset(P2V(pa), 0, PAGE_SIZE);
		*e = pa | pte_flags(prot);
		vs->pages++;
	}
	*out = e;
	return 0;
}

/* Give the writer of the shared frame behind e a private copy. */
static int break_cow(struct vmspace *vs, pte_t *e, int prot)
{
	paddr_t old = *e & PTE_ADDR, copy;

	if (pmm_page_refs(old) == 1) {	/* the last sharer keeps it */
		*e |= PTE_W;
		return 0;
	}
	copy = pmm_alloc_page();
	if (!copy)
		return -ENOMEM;
	memcpy(P2V(copy), P2V(old), PAGE_SIZE);
	*e = copy | pte_flags(prot);
	pmm_page_unref(old);
	return 0;
}

int vm_copy_out(struct vmspace *vs, uint64_t uaddr, const void *src,
		uint64_t len)
{
	const uint8_t *s = src;
	int err = 0;

	mutex_lock(&vs->lock);
	while (len > 0 && !err) {
		uint64_t off = uaddr & ~PAGE_MASK, n = PAGE_SIZE - off;
		struct region *r = find(vs, uaddr);
		pte_t *e;

		if (n > len)
			n = len;
		if (!r) {
			err = -EFAULT;
			break;
		}
		err = map_zero(vs, PAGE_ROUND_DOWN(uaddr), r->prot, &e);
		if (!err && (r->prot & PROT_WRITE) && !(*e & PTE_W))
			err = break_cow(vs, e, r->prot);
		if (err)
			break;
		memcpy((uint8_t *)P2V(*e & PTE_ADDR) + off, s, n);
		uaddr += n;
		s += n;
		len -= n;
	}
	mutex_unlock(&vs->lock);
	return err;
}

int vm_fault(struct vmspace *vs, uint64_t addr, int write, int exec)
{
	struct region *r;
	pte_t *e;
	int err;

	if (addr >= USER_TOP)
		return -EFAULT;
	mutex_lock(&vs->lock);
	r = find(vs, addr);
	if (!r) {
		/* Below the stack, within its limit: grow it. */
		struct list_node *pos;

		list_for_each(pos, &vs->regions) {
			struct region *s = list_entry(pos, struct region, node);

			if (s->kind == REGION_STACK && addr < s->start &&
			    addr >= vs->stack_limit &&
			    range_free(vs, PAGE_ROUND_DOWN(addr), s->start)) {
				s->start = PAGE_ROUND_DOWN(addr);
				r = s;
				break;
			}
		}
	}
	err = -EFAULT;
	if (!r || (write && !(r->prot & PROT_WRITE)) ||
	    (exec && !(r->prot & PROT_EXEC)) || r->prot == PROT_NONE)
		goto out;
	err = map_zero(vs, PAGE_ROUND_DOWN(addr), r->prot, &e);
	if (!err && write && !(*e & PTE_W))
		err = break_cow(vs, e, r->prot);
	if (!err)
		flush(vs, PAGE_ROUND_DOWN(addr));
out:
	mutex_unlock(&vs->lock);
	return err;
}

/* Copy the lower-half tables of src into dst, sharing every frame
   read-only. Returns 0 or -ENOMEM. */
static int fork_tables(struct vmspace *dst, pte_t *s, pte_t *d, int shift,
		       int nentries)
{
	int i;

	for (i = 0; i < nentries; i++) {
		pte_t *next;

		if (!(shift == 12 ? HAS_FRAME(s[i]) : (s[i] & PTE_P)))
			continue;
		if (shift == 12) {
			s[i] &= ~PTE_W;		/* both sides copy on write */
			d[i] = s[i];
			pmm_page_ref(s[i] & PTE_ADDR);
			dst->pages++;
			continue;
		}
		next = vm_table_new();
		if (!next)
			return -ENOMEM;
		d[i] = V2P(next) | (s[i] & ~PTE_ADDR);
		if (fork_tables(dst, P2V(s[i] & PTE_ADDR), next, shift - 9,
				PTES_PER_TABLE))
			return -ENOMEM;
	}
	return 0;
}

struct vmspace *vm_fork(struct vmspace *vs)
{
	struct vmspace *child = vm_create();
	struct list_node *pos;
	int err = 0;

	if (!child)
		return NULL;
	mutex_lock(&vs->lock);
	list_for_each(pos, &vs->regions) {
		struct region *r = list_entry(pos, struct region, node);

		if ((err = add_region(child, r->start, r->end, r->prot, r->kind)))
			break;
	}
	if (!err)
		err = fork_tables(child, P2V(vs->pml4), P2V(child->pml4), 39,
				  LOWER_HALF);
	child->brk_start = vs->brk_start;
	child->brk = vs->brk;
	child->stack_limit = vs->stack_limit;
	child->mmap_base = vs->mmap_base;
	/* The parent's writable entries just became read-only. */
	if (is_loaded(vs))
		write_cr3(read_cr3());
	mutex_unlock(&vs->lock);
	if (err) {
		vm_destroy(child);
		return NULL;
	}
	return child;
}

/* Make addr a region boundary (splitting the region across it). */
static int split_at(struct vmspace *vs, uint64_t addr)
{
	struct region *r = find(vs, addr), *tail;

	if (!r || r->start == addr)
		return 0;
	tail = kzalloc(sizeof(*tail));
	if (!tail)
		return -ENOMEM;
	*tail = *r;
	tail->start = addr;
	r->end = addr;
	list_insert_between(&tail->node, &r->node, r->node.next);
	return 0;
}

/* Unmap and free the pages of [start, end). */
static void unmap_pages(struct vmspace *vs, uint64_t start, uint64_t end)
{
	uint64_t va;

	for (va = start; va < end; va += PAGE_SIZE) {
		pte_t *e = walk(vs, va, 0);

		if (!e || !HAS_FRAME(*e))
			continue;
		pmm_page_unref(*e & PTE_ADDR);
		*e = 0;
		vs->pages--;
		flush(vs, va);
	}
}

static int unmap_locked(struct vmspace *vs, uint64_t start, uint64_t end)
{
	struct list_node *pos, *next;
	int err;

	if ((err = split_at(vs, start)) || (err = split_at(vs, end)))
		return err;
	for (pos = vs->regions.next; pos != &vs->regions; pos = next) {
		struct region *r = list_entry(pos, struct region, node);

		next = pos->next;
		if (r->start >= start && r->end <= end) {
			unmap_pages(vs, r->start, r->end);
			list_remove(pos);
			kfree(r);
		}
	}
	return 0;
}

static int range_ok(uint64_t addr, uint64_t len)
{
	return !(addr & ~PAGE_MASK) && len && addr < USER_TOP &&
	       PAGE_ROUND_UP(len) <= USER_TOP - addr && len < USER_TOP;
}

int vm_munmap(struct vmspace *vs, uint64_t addr, uint64_t len)
{
	int err;

	if (!range_ok(addr, len))
		return -EINVAL;
	mutex_lock(&vs->lock);
	err = unmap_locked(vs, addr, addr + PAGE_ROUND_UP(len));
	mutex_unlock(&vs->lock);
	return err;
}

/* The highest free range of len bytes below mmap_base, or 0. */
static uint64_t find_free(struct vmspace *vs, uint64_t len)
{
	uint64_t top = vs->mmap_base;
	struct list_node *pos;

	for (pos = vs->regions.prev; pos != &vs->regions; pos = pos->prev) {
		struct region *r = list_entry(pos, struct region, node);

		if (r->start >= top)
			continue;
		if (r->end <= top - len && top >= len)
			return top - len;
		top = r->start;
	}
	return top >= len + PAGE_SIZE ? top - len : 0;
}

int64_t vm_mmap(struct vmspace *vs, uint64_t addr, uint64_t len, int prot,
		int fixed)
{
	int64_t ret;

	if (len == 0 || len >= USER_TOP || (prot & ~(PROT_READ | PROT_WRITE |
						      PROT_EXEC)))
		return -EINVAL;
	len = PAGE_ROUND_UP(len);
	mutex_lock(&vs->lock);
	if (fixed) {
		ret = -EINVAL;
		if ((addr & ~PAGE_MASK) || !range_ok(addr, len) || addr == 0)
			goto out;
		if ((ret = unmap_locked(vs, addr, addr + len)))
			goto out;
	} else if (addr && range_ok(PAGE_ROUND_DOWN(addr), len) &&
		   range_free(vs, PAGE_ROUND_DOWN(addr),
			      PAGE_ROUND_DOWN(addr) + len)) {
		addr = PAGE_ROUND_DOWN(addr);	/* the hint is free: take it */
	} else {
		addr = find_free(vs, len);
		ret = -ENOMEM;
		if (!addr)
			goto out;
	}
	ret = add_region(vs, addr, addr + len, prot, REGION_ANON);
	if (ret == 0)
		ret = addr;
out:
	mutex_unlock(&vs->lock);
	return ret;
}

int vm_mprotect(struct vmspace *vs, uint64_t addr, uint64_t len, int prot)
{
	uint64_t end, va;
	struct list_node *pos;
	int err;

	if ((addr & ~PAGE_MASK) || (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC)))
		return -EINVAL;
	if (len == 0)
		return 0;
	if (!range_ok(addr, len))
		return -ENOMEM;
	end = addr + PAGE_ROUND_UP(len);
	mutex_lock(&vs->lock);
	for (va = addr; va < end; ) {	/* Linux: every page must be mapped */
		struct region *r = find(vs, va);

		if (!r) {
			mutex_unlock(&vs->lock);
			return -ENOMEM;
		}
		va = r->end;
	}
	if ((err = split_at(vs, addr)) || (err = split_at(vs, end))) {
		mutex_unlock(&vs->lock);
		return err;
	}
	list_for_each(pos, &vs->regions) {
		struct region *r = list_entry(pos, struct region, node);

		if (r->start < addr || r->end > end)
			continue;
		r->prot = prot;
		for (va = r->start; va < r->end; va += PAGE_SIZE) {
			pte_t *e = walk(vs, va, 0);
			uint64_t keep_w;

			if (!e || !HAS_FRAME(*e))
				continue;
			/* A shared frame stays read-only: written, it is copied. */
			keep_w = (prot & PROT_WRITE) &&
				 pmm_page_refs(*e & PTE_ADDR) == 1 ? PTE_W : 0;
			*e = (*e & PTE_ADDR) | (pte_flags(prot) & ~PTE_W) | keep_w;
			flush(vs, va);
		}
	}
	mutex_unlock(&vs->lock);
	return 0;
}

uint64_t vm_brk(struct vmspace *vs, uint64_t addr)
{
	uint64_t old_end, new_end;
	struct region *r;

	mutex_lock(&vs->lock);
	if (addr < vs->brk_start || addr >= vs->mmap_base)
		goto out;
	old_end = PAGE_ROUND_UP(vs->brk);
	new_end = PAGE_ROUND_UP(addr);
	r = find(vs, vs->brk_start);
	if (new_end > old_end) {
		if (!range_free(vs, old_end, new_end))
			goto out;
		if (r && r->kind == REGION_BRK)
			r->end = new_end;
		else if (add_region(vs, vs->brk_start, new_end,
				    PROT_READ | PROT_WRITE, REGION_BRK))
			goto out;
	} else if (new_end < old_end && r && r->kind == REGION_BRK) {
		unmap_pages(vs, new_end, old_end);
		r->end = new_end;
		if (r->end == r->start) {
			list_remove(&r->node);
			kfree(r);
		}
	}
	vs->brk = addr;
out:
	addr = vs->brk;
	mutex_unlock(&vs->lock);
	return addr;
}

void vm_activate(struct vmspace *vs)
{
	paddr_t want = vs ? vs->pml4 : vm_kernel_pml4();

	if ((read_cr3() & PTE_ADDR) != want)
		write_cr3(want);
}
