/*
 * User address spaces (see vmspace.h). Words: a "pte" here is always a
 * last-level (4 KiB) entry of the lower half; user pages are never large.
 * A frame mapped by several spaces after fork is read-only in all of them
 * and counted in its struct page (pmm_page_ref); the first write copies
 * it, unless the writer holds the last reference, which keeps it.
 *
 * TLB: a space is loaded on every CPU running one of its threads (its
 * cpus mask, kept by vm_activate). An entry that gains rights needs no
 * flush: a stale one only faults again. An entry removed or weakened is
 * flushed on all those CPUs before the frame or table it led to is
 * freed: struct zap gathers such changes, as Linux's mmu_gather does.
 */
#include "vmspace.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/percpu.h"
#include "arch/x86_64/tlb.h"
#include "errno.h"
#include "fs/vfs.h"
#include "kmalloc.h"
#include "panic.h"
#include "pmm.h"
#include "spinlock.h"
#include "string.h"
#include "vm.h"
#include "vmobject.h"

#define LOWER_HALF	256		/* PML4 entries of user space */
/* A page of a PROT_NONE region keeps its frame in a non-present entry,
   marked with a bit the CPU ignores, so mprotect can restore it. */
#define PTE_PROTNONE	(1UL << 9)
#define HAS_FRAME(e)	((e) & (PTE_P | PTE_PROTNONE))

static uint64_t table_pages;		/* atomic: user page tables, all spaces */

/* A zeroed page table for a user space, or NULL. */
static pte_t *table_new(void)
{
	pte_t *t = vm_table_new();

	if (t)
		__atomic_add_fetch(&table_pages, 1, __ATOMIC_RELAXED);
	return t;
}

static void table_free(paddr_t pa)
{
	__atomic_sub_fetch(&table_pages, 1, __ATOMIC_RELAXED);
	pmm_free_page(pa);
}

uint64_t vm_table_pages(void)
{
	return __atomic_load_n(&table_pages, __ATOMIC_RELAXED);
}

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

			if (!create || !(next = table_new()))
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

/* Entries of vs changed at va: flush it wherever vs is loaded. */
static void flush(struct vmspace *vs, uint64_t va)
{
	tlb_shootdown_mask(&vs->cpus, va);
}

static void free_tables(pte_t *table, int shift, int nentries);

#define ZAP_MAX		32

/* Entries removed or weakened, and what they led to, to free once every
   CPU has flushed them. */
struct zap {
	struct vmspace *vs;
	int nva;			/* entries changed; va: the first */
	uint64_t va;
	int nframes, ntables;
	paddr_t frame[ZAP_MAX];		/* references to drop */
	pte_t *table[ZAP_MAX];		/* tables (with those below) to free */
	int shift[ZAP_MAX];		/* ... of this level */
};

static void zap_init(struct zap *z, struct vmspace *vs)
{
	z->vs = vs;
	z->nva = z->nframes = z->ntables = 0;
}

/* Flush what z gathered everywhere, then free it. */
static void zap_finish(struct zap *z)
{
	int i;

	if (z->nva)
		flush(z->vs, z->nva == 1 ? z->va : TLB_FLUSH_USER);
	for (i = 0; i < z->nframes; i++)
		pmm_page_unref(z->frame[i]);
	for (i = 0; i < z->ntables; i++)
		free_tables(z->table[i], z->shift[i], PTES_PER_TABLE);
	z->nva = z->nframes = z->ntables = 0;
}

/* The entry for va changed; frame (if not 0) loses a reference. */
static void zap_page(struct zap *z, uint64_t va, paddr_t frame)
{
	if (z->nframes == ZAP_MAX)
		zap_finish(z);
	if (!z->nva++)
		z->va = va;
	if (frame)
		z->frame[z->nframes++] = frame;
}

/* Does table (level shift) or one below map any frame? */
static int maps_frames(const pte_t *table, int shift)
{
	int i;

	for (i = 0; i < PTES_PER_TABLE; i++) {
		pte_t e = table[i];

		if (shift == 12 ? HAS_FRAME(e) :
		    (e & PTE_P) && maps_frames(P2V(e & PTE_ADDR), shift - 9))
			return 1;
	}
	return 0;
}

/* The entry leading to table (level shift) for va was cleared: a table
   of a hole between regions, which maps nothing. */
static void zap_table(struct zap *z, uint64_t va, pte_t *table, int shift)
{
	DEBUG_KASSERT(!maps_frames(table, shift));
	if (z->ntables == ZAP_MAX)
		zap_finish(z);
	if (!z->nva++)
		z->va = va;
	z->table[z->ntables] = table;
	z->shift[z->ntables++] = shift;
}

struct vmspace *vm_create(void)
{
	struct vmspace *vs = kzalloc(sizeof(*vs));
	pte_t *pml4, *kernel = P2V(vm_kernel_pml4());
	int i;

	if (!vs)
		return NULL;
	pml4 = table_new();
	if (!pml4) {
		kfree(vs);
		return NULL;
	}
	for (i = LOWER_HALF; i < PTES_PER_TABLE; i++)
		pml4[i] = kernel[i];
	vs->pml4 = V2P(pml4);
	vs->refs = 1;
	mutex_init(&vs->lock, "vmspace");
	list_init(&vs->regions);
	vs->stack_limit = STACK_TOP - STACK_MAX;
	vs->stack_rlimit = STACK_MAX;
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
		table_free(V2P(table));
}

static void region_free(struct region *r)
{
	if (r->obj)
		vmobject_put(r->obj);
	kfree(r);
}

void vm_get(struct vmspace *vs)
{
	__atomic_add_fetch(&vs->refs, 1, __ATOMIC_RELAXED);
}

void vm_put(struct vmspace *vs)
{
	struct list_node *n;
	int left = __atomic_sub_fetch(&vs->refs, 1, __ATOMIC_ACQ_REL);

	KASSERT(left >= 0);
	if (left)
		return;
	KASSERT(!__atomic_load_n(&vs->cpus, __ATOMIC_RELAXED));
	free_tables(P2V(vs->pml4), 39, LOWER_HALF);
	table_free(vs->pml4);
	while ((n = list_pop(&vs->regions)))
		region_free(list_entry(n, struct region, node));
	if (vs->exe) {
		inode_allow_write(vs->exe);
		inode_put(vs->exe);
	}
	kfree(vs);
}

int vm_set_exe(struct vmspace *vs, struct inode *ino)
{
	int err = inode_deny_write(ino);

	if (err)
		return err;
	inode_get(ino);
	vs->exe = ino;
	return 0;
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

int vm_futex_key(struct vmspace *vs, uint64_t uaddr, const void **space,
		 uint64_t *where)
{
	struct region *r;
	int err = 0;

	mutex_lock(&vs->lock);
	r = find(vs, uaddr);
	if (!r) {
		err = -EFAULT;
	} else if (r->shared && r->obj) {
		*space = r->obj;
		*where = r->pgoff * PAGE_SIZE + (uaddr - r->start);
	} else {
		*space = vs;
		*where = uaddr;
	}
	mutex_unlock(&vs->lock);
	return err;
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

/* Add a region like tmpl (its object gains a reference). */
static int add_region_like(struct vmspace *vs, const struct region *tmpl)
{
	struct region *r = kzalloc(sizeof(*r));
	struct list_node *pos;

	if (!r)
		return -ENOMEM;
	*r = *tmpl;
	if (r->obj)
		vmobject_get(r->obj);
	list_for_each(pos, &vs->regions)
		if (list_entry(pos, struct region, node)->start > r->start)
			break;
	list_insert_between(&r->node, pos->prev, pos);
	return 0;
}

static int add_region(struct vmspace *vs, uint64_t start, uint64_t end,
		      int prot, enum region_kind kind)
{
	struct region r = { .start = start, .end = end, .prot = prot,
			    .kind = kind };

	return add_region_like(vs, &r);
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

/*
 * Give va (in region r) its page if it has none: the object's page of a
 * shared mapping; the file's own page, read-only, for a private file
 * mapping (the first write copies it, as after fork: a program's text is
 * the file's pages in every process that runs it); else zeros.
 */
static int populate(struct vmspace *vs, struct region *r, uint64_t va,
		    pte_t **out)
{
	uint64_t idx = r->pgoff + (va - r->start) / PAGE_SIZE;
	uint64_t flags = pte_flags(r->prot);
	pte_t *e = walk(vs, va, 1);
	paddr_t pa = 0;
	int err;

	if (!e)
		return -ENOMEM;
	if (!HAS_FRAME(*e)) {
		if (r->obj && (err = vmobject_page(r->obj, idx, r->shared, &pa)))
			return err;
		if (pa && !r->shared)
			flags &= ~PTE_W;	/* the file's: copy on write */
		else if (!pa && !(pa = pmm_zalloc_page()))
			return -ENOMEM;		/* anonymous, or a file hole */
		DEBUG_KASSERT(pmm_page_refs(pa) > 0);
		*e = pa | flags;
		vs->pages++;
	}
	*out = e;
	return 0;
}

/* Give the writer of the shared frame behind e (at va) a private copy.
   Every CPU drops the old entry before the old frame's reference goes:
   another thread must not go on reading a frame the other sharer may
   now write. */
static int break_cow(struct vmspace *vs, pte_t *e, uint64_t va, int prot)
{
	paddr_t old = *e & PTE_ADDR, copy;

	if (pmm_page_refs(old) == 1) {	/* the last sharer keeps it */
		*e = old | pte_flags(prot);
		return 0;
	}
	copy = pmm_alloc_page();
	if (!copy)
		return -ENOMEM;
	memcpy(P2V(copy), P2V(old), PAGE_SIZE);
	*e = copy | pte_flags(prot);
	flush(vs, va);
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
		/* Into a private copy, even in a read-only region (exec
		   fills text pages): never into a page shared with a file or
		   another process. */
		err = populate(vs, r, PAGE_ROUND_DOWN(uaddr), &e);
		if (!err && !r->shared && !(*e & PTE_W))
			err = break_cow(vs, e, PAGE_ROUND_DOWN(uaddr), r->prot);
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
			    STACK_TOP - PAGE_ROUND_DOWN(addr) <= vs->stack_rlimit &&
			    range_free(vs, PAGE_ROUND_DOWN(addr), s->start)) {
				s->start = PAGE_ROUND_DOWN(addr);
				r = s;
				break;
			}
		}
	}
	err = r ? -EACCES : -EFAULT;
	if (!r || (write && !(r->prot & PROT_WRITE)) ||
	    (exec && !(r->prot & PROT_EXEC)) || r->prot == PROT_NONE)
		goto out;
	err = populate(vs, r, PAGE_ROUND_DOWN(addr), &e);
	if (!err && write && !(*e & PTE_W)) {
		if (r->shared)
			*e |= PTE_W;	/* the object's page: never copied */
		else
			err = break_cow(vs, e, PAGE_ROUND_DOWN(addr), r->prot);
	}
	/* Rights only grew: a stale entry elsewhere just faults again. */
	if (!err && is_loaded(vs))
		invlpg(PAGE_ROUND_DOWN(addr));
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
		next = table_new();
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

		if ((err = add_region_like(child, r)))
			break;
	}
	if (!err)
		err = fork_tables(child, P2V(vs->pml4), P2V(child->pml4), 39,
				  LOWER_HALF);
	if (vs->exe)
		vm_set_exe(child, vs->exe);	/* runs already: cannot fail */
	child->brk_start = vs->brk_start;
	child->brk = vs->brk;
	child->stack_limit = vs->stack_limit;
	child->mmap_base = vs->mmap_base;
	child->stack_rlimit = vs->stack_rlimit;
	/* The parent's writable entries just became read-only, on every
	   CPU running one of its threads. */
	flush(vs, TLB_FLUSH_USER);
	mutex_unlock(&vs->lock);
	if (err) {
		vm_put(child);
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
	tail->pgoff += (addr - r->start) / PAGE_SIZE;
	if (tail->obj)
		vmobject_get(tail->obj);
	r->end = addr;
	list_insert_between(&tail->node, &r->node, r->node.next);
	return 0;
}

/* Unmap and free the pages of [start, end). */
static void unmap_pages(struct vmspace *vs, uint64_t start, uint64_t end)
{
	struct zap z;
	uint64_t va;

	zap_init(&z, vs);
	for (va = start; va < end; va += PAGE_SIZE) {
		pte_t *e = walk(vs, va, 0);

		if (!e || !HAS_FRAME(*e))
			continue;
		zap_page(&z, va, *e & PTE_ADDR);
		*e = 0;
		vs->pages--;
	}
	zap_finish(&z);
}

struct gap {
	uint64_t lo, hi;		/* no region covers [lo, hi) ... */
	uint64_t start, end;		/* ... which holds [start, end) */
};

/* Unhook the tables under table (level shift, covering from base) that
   serve [start, end) and nothing outside the gap, to be freed by z. */
static void free_gap_tables(pte_t *table, int shift, uint64_t base,
			    const struct gap *g, struct zap *z)
{
	uint64_t span = 1UL << shift, top = base + PTES_PER_TABLE * span;
	uint64_t start = g->start > base ? g->start : base;
	uint64_t end = g->end < top ? g->end : top;
	uint64_t i;

	if (start >= end)
		return;
	for (i = (start - base) >> shift; i <= (end - 1 - base) >> shift; i++) {
		uint64_t s = base + i * span;

		if (!(table[i] & PTE_P))
			continue;
		if (s >= g->lo && s + span <= g->hi) {
			pte_t *sub = P2V(table[i] & PTE_ADDR);

			table[i] = 0;
			zap_table(z, s, sub, shift - 9);
		} else if (shift > 21) {
			free_gap_tables(P2V(table[i] & PTE_ADDR), shift - 9,
					s, g, z);
		}
	}
}

/*
 * [start, end) was just unmapped: free the page tables that served it
 * and nothing else, that is nothing outside the hole around it (from the
 * end of the region below to the start of the one above), as Linux's
 * free_pgtables does. Otherwise a program that maps and unmaps far apart
 * keeps every table it ever needed, and each fork copies them. Tables
 * elsewhere in the hole went when their own range was unmapped.
 */
static void free_gap(struct vmspace *vs, uint64_t start, uint64_t end)
{
	struct gap g = { 0, USER_TOP, start, end };
	struct list_node *pos;
	struct zap z;

	list_for_each(pos, &vs->regions) {
		struct region *r = list_entry(pos, struct region, node);

		if (r->end <= start && r->end > g.lo)
			g.lo = r->end;
		if (r->start >= end && r->start < g.hi)
			g.hi = r->start;
	}
	/* A CPU may cache the entries that led to a freed table: one
	   INVLPG drops every such cached entry (Intel SDM 4.10.4), and
	   zap_finish flushes before the tables are freed. */
	zap_init(&z, vs);
	free_gap_tables(P2V(vs->pml4), 39, 0, &g, &z);
	zap_finish(&z);
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
			region_free(r);
		}
	}
	free_gap(vs, start, end);
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

/* Bytes of [start, end) covered by regions, all of them or only those
   RLIMIT_DATA counts (private, writable, not the stack). */
static uint64_t covered(struct vmspace *vs, uint64_t start, uint64_t end,
			int data_only)
{
	struct list_node *pos;
	uint64_t n = 0;

	list_for_each(pos, &vs->regions) {
		struct region *r = list_entry(pos, struct region, node);
		uint64_t s = r->start > start ? r->start : start;
		uint64_t e = r->end < end ? r->end : end;

		if (e <= s)
			continue;
		if (data_only && (r->shared || !(r->prot & PROT_WRITE) ||
				  r->kind == REGION_STACK))
			continue;
		n += e - s;
	}
	return n;
}

/* Would adding len bytes (of which data count for RLIMIT_DATA), while
   [start, end) is replaced, break the limits? */
static int over_limits(struct vmspace *vs, uint64_t len, uint64_t data,
		       uint64_t start, uint64_t end, uint64_t limit_as,
		       uint64_t limit_data)
{
	uint64_t total = covered(vs, 0, USER_TOP, 0) - covered(vs, start, end, 0);
	uint64_t dtotal = covered(vs, 0, USER_TOP, 1) - covered(vs, start, end, 1);

	return total + len > limit_as || (data && dtotal + data > limit_data);
}

int64_t vm_mmap(struct vmspace *vs, uint64_t addr, uint64_t len,
		const struct vm_mapping *m)
{
	struct region r;
	int64_t ret;
	int data;

	if (len == 0 || len >= USER_TOP || (m->prot & ~(PROT_READ | PROT_WRITE |
							 PROT_EXEC)))
		return len >= USER_TOP ? -ENOMEM : -EINVAL;
	len = PAGE_ROUND_UP(len);
	data = !m->shared && (m->prot & PROT_WRITE);
	mutex_lock(&vs->lock);
	if (m->fixed || m->noreplace) {
		ret = -EINVAL;
		if ((addr & ~PAGE_MASK) || addr == 0)
			goto out;
		ret = -ENOMEM;
		if (!range_ok(addr, len))
			goto out;
		ret = -EEXIST;
		if (m->noreplace && !range_free(vs, addr, addr + len))
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
	ret = -ENOMEM;
	if (over_limits(vs, len, data ? len : 0, addr, addr + len,
			m->limit_as, m->limit_data))
		goto out;
	if ((ret = unmap_locked(vs, addr, addr + len)))
		goto out;
	memset(&r, 0, sizeof(r));
	r.start = addr;
	r.end = addr + len;
	r.prot = m->prot;
	r.kind = REGION_ANON;
	r.shared = m->shared;
	r.obj = m->obj;
	r.pgoff = m->pgoff;
	ret = add_region_like(vs, &r);
	if (ret == 0)
		ret = addr;
out:
	mutex_unlock(&vs->lock);
	return ret;
}

int vm_mprotect(struct vmspace *vs, uint64_t addr, uint64_t len, int prot,
		uint64_t limit_data)
{
	uint64_t end, va;
	struct list_node *pos;
	struct zap z;
	int err;

	zap_init(&z, vs);
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
	if (prot & PROT_WRITE) {	/* private memory made writable */
		uint64_t now = covered(vs, addr, end, 1), after = 0;

		list_for_each(pos, &vs->regions) {
			struct region *r = list_entry(pos, struct region, node);
			uint64_t s = r->start > addr ? r->start : addr;
			uint64_t e = r->end < end ? r->end : end;

			if (e > s && !r->shared && r->kind != REGION_STACK)
				after += e - s;
		}
		if (covered(vs, 0, USER_TOP, 1) - now + after > limit_data) {
			mutex_unlock(&vs->lock);
			return -ENOMEM;
		}
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
			zap_page(&z, va, 0);
		}
	}
	zap_finish(&z);
	mutex_unlock(&vs->lock);
	return 0;
}

uint64_t vm_brk(struct vmspace *vs, uint64_t addr, uint64_t limit_as,
		uint64_t limit_data)
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
		if (!range_free(vs, old_end, new_end) ||
		    over_limits(vs, new_end - old_end, new_end - old_end, 0, 0,
				limit_as, limit_data))
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
			region_free(r);
		}
		free_gap(vs, new_end, old_end);
	}
	vs->brk = addr;
out:
	addr = vs->brk;
	mutex_unlock(&vs->lock);
	return addr;
}

#define MREMAP_MAYMOVE	1
#define MREMAP_FIXED	2

/* Move the pages of [from, from+len) to [to, to+len) (to is unmapped). */
static int move_pages(struct vmspace *vs, uint64_t from, uint64_t to,
		      uint64_t len)
{
	uint64_t off;
	struct zap z;
	int err = 0;

	zap_init(&z, vs);
	for (off = 0; off < len && !err; off += PAGE_SIZE) {
		pte_t *src = walk(vs, from + off, 0), *dst;

		if (!src || !HAS_FRAME(*src))
			continue;
		if (!(dst = walk(vs, to + off, 1))) {
			err = -ENOMEM;
			break;
		}
		*dst = *src;
		*src = 0;
		zap_page(&z, from + off, 0);
	}
	zap_finish(&z);
	return err;
}

int64_t vm_mremap(struct vmspace *vs, uint64_t old, uint64_t old_len,
		  uint64_t new_len, int flags, uint64_t new_addr,
		  uint64_t limit_as)
{
	struct region *r, moved;
	int64_t ret;

	if ((old & ~PAGE_MASK) || (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED)) ||
	    ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE)))
		return -EINVAL;
	if (!new_len || new_len >= USER_TOP || old_len >= USER_TOP)
		return -EINVAL;
	old_len = PAGE_ROUND_UP(old_len);
	new_len = PAGE_ROUND_UP(new_len);
	if ((flags & MREMAP_FIXED) &&
	    ((new_addr & ~PAGE_MASK) || !range_ok(new_addr, new_len) ||
	     (new_addr < old + old_len && old < new_addr + new_len)))
		return -EINVAL;
	mutex_lock(&vs->lock);
	r = find(vs, old);
	ret = -EFAULT;
	if (!r || old_len > r->end - old || !old_len)
		goto out;
	if (!(flags & MREMAP_FIXED) && new_len <= old_len) {
		ret = unmap_locked(vs, old + new_len, old + old_len);
		if (!ret)
			ret = old;		/* shrunk (or unchanged) */
		goto out;
	}
	ret = -ENOMEM;
	if (!(flags & MREMAP_FIXED) &&
	    over_limits(vs, new_len - old_len, 0, 0, 0, limit_as, ~0ULL))
		goto out;
	if (!(flags & MREMAP_FIXED) && r->end == old + old_len &&
	    range_ok(old, new_len) &&
	    range_free(vs, old + old_len, old + new_len)) {
		r->end = old + new_len;	/* grown in place */
		ret = old;
		goto out;
	}
	if (!(flags & MREMAP_MAYMOVE))
		goto out;
	if (flags & MREMAP_FIXED) {
		if ((ret = unmap_locked(vs, new_addr, new_addr + new_len)))
			goto out;
	} else if (!(new_addr = find_free(vs, new_len))) {
		goto out;
	}
	if ((ret = split_at(vs, old)) || (ret = split_at(vs, old + old_len)))
		goto out;
	r = find(vs, old);
	moved = *r;
	moved.start = new_addr;
	moved.end = new_addr + new_len;
	if (moved.kind != REGION_ANON)
		moved.kind = REGION_ANON;	/* a moved heap or stack */
	if ((ret = add_region_like(vs, &moved)))
		goto out;
	if (old_len > new_len)
		old_len = new_len;		/* FIXED may also shrink */
	if ((ret = move_pages(vs, old, new_addr, old_len)) == 0)
		ret = unmap_locked(vs, old, old + PAGE_ROUND_UP(r->end - old));
	if (ret == 0)
		ret = new_addr;
out:
	mutex_unlock(&vs->lock);
	return ret;
}

int vm_dontneed(struct vmspace *vs, uint64_t addr, uint64_t len)
{
	uint64_t end, va;

	if (addr & ~PAGE_MASK)
		return -EINVAL;
	if (len == 0)
		return 0;
	if (!range_ok(addr, len))
		return -EINVAL;
	end = addr + PAGE_ROUND_UP(len);
	mutex_lock(&vs->lock);
	for (va = addr; va < end; ) {	/* every page must be mapped */
		struct region *r = find(vs, va);

		if (!r) {
			mutex_unlock(&vs->lock);
			return -ENOMEM;
		}
		va = r->end;
	}
	/* Dropped pages fault back in: zeros, the object's, or the file's. */
	unmap_pages(vs, addr, end);
	mutex_unlock(&vs->lock);
	return 0;
}

void vm_set_stack_rlimit(struct vmspace *vs, uint64_t limit)
{
	vs->stack_rlimit = limit;
}

void vm_activate(struct vmspace *vs)
{
	paddr_t want = vs ? vs->pml4 : vm_kernel_pml4();
	struct vmspace *old;
	struct cpu *c;
	uint64_t me;

	irq_save();			/* stay on this CPU */
	c = this_cpu();
	me = 1UL << c->id;
	old = c->vm;
	/* In the mask before the tables are used (tlb_shootdown_mask). */
	if (vs && old != vs)
		__atomic_fetch_or(&vs->cpus, me, __ATOMIC_SEQ_CST);
	if ((read_cr3() & PTE_ADDR) != want)
		write_cr3(want);
	/* Out of it once nothing of it can be cached here any more. */
	if (old && old != vs)
		__atomic_fetch_and(&old->cpus, ~me, __ATOMIC_SEQ_CST);
	c->vm = vs;
	irq_restore();
}
