/* Sparse arrays of page frames for RAM files (pagetree.h). */
#include "pagetree.h"

#include "../errno.h"
#include "../kmalloc.h"

#define BITS	6
#define SLOTS	(1 << BITS)
#define MASK	(SLOTS - 1)
#define LEVELS	9			/* 9 * BITS >= log2(PAGETREE_LIMIT) */

_Static_assert(LEVELS * BITS >= 51, "PAGETREE_LIMIT fits");

/* A node of height 1 holds frames; a taller one, nodes one lower. */
union slot {
	struct ptnode *child;
	paddr_t frame;
};

struct ptnode {
	union slot slot[SLOTS];
};

/* Does a tree of height h reach index idx? */
static int reaches(int h, uint64_t idx)
{
	return h > 0 && (h >= LEVELS || (idx >> (BITS * h)) == 0);
}

/* The slot of idx in node n of height h. */
static union slot *slot_of(struct ptnode *n, int h, uint64_t idx)
{
	return &n->slot[(idx >> (BITS * (h - 1))) & MASK];
}

paddr_t pagetree_get(const struct pagetree *t, uint64_t idx)
{
	struct ptnode *n = t->root;
	int h;

	if (!reaches(t->height, idx))
		return 0;
	for (h = t->height; h > 1 && n; h--)
		n = slot_of(n, h, idx)->child;
	return n ? slot_of(n, 1, idx)->frame : 0;
}

int pagetree_put(struct pagetree *t, uint64_t idx, paddr_t pa)
{
	struct ptnode *n;
	int h;

	if (idx >= PAGETREE_LIMIT)
		return -EFBIG;
	/* Taller first: the old root becomes slot 0 of a new one. */
	while (!reaches(t->height, idx)) {
		struct ptnode *r = kzalloc(sizeof(*r));

		if (!r)
			return -ENOMEM;
		r->slot[0].child = t->root;
		t->root = r;
		t->height++;
	}
	n = t->root;
	for (h = t->height; h > 1; h--) {
		union slot *s = slot_of(n, h, idx);

		if (!s->child && !(s->child = kzalloc(sizeof(*s->child))))
			return -ENOMEM;	/* empty nodes stay until a cut */
		n = s->child;
	}
	slot_of(n, 1, idx)->frame = pa;
	t->pages++;
	return 0;
}

/*
 * Cut the frames at index >= from out of node n, of height h, whose
 * first index is base. Returns whether n is left empty.
 */
static int cut(struct pagetree *t, struct ptnode *n, int h, uint64_t base,
	       uint64_t from, void (*drop)(paddr_t))
{
	uint64_t span = 1ull << (BITS * (h - 1));	/* indices per slot */
	int i, empty = 1;

	for (i = 0; i < SLOTS; i++) {
		union slot *s = &n->slot[i];
		uint64_t lo = base + i * span;

		if (h == 1 && s->frame && lo >= from) {
			if (drop)
				drop(s->frame);
			s->frame = 0;
			t->pages--;
		} else if (h > 1 && s->child && lo + span > from &&
			   cut(t, s->child, h - 1, lo, from, drop)) {
			kfree(s->child);
			s->child = NULL;
		}
		empty &= h == 1 ? !s->frame : !s->child;
	}
	return empty;
}

void pagetree_cut(struct pagetree *t, uint64_t from, void (*drop)(paddr_t))
{
	if (t->root && cut(t, t->root, t->height, 0, from, drop)) {
		kfree(t->root);
		t->root = NULL;
		t->height = 0;
	}
}
