/*
 * A sparse array of page frames indexed by page number, for the pages of
 * a RAM file: a radix tree of 64-slot nodes, only as tall as its largest
 * index needs. A small file costs one node (512 bytes); a file with one
 * page at 2^63 - 4096 costs nine; holes cost nothing. The tree does not
 * own the frames: whoever puts one in takes it out (pagetree_cut).
 * Callers serialise (a RAM file's inode lock).
 */
#pragma once

#include <stdint.h>

#include "../arch/x86_64/vmlayout.h"

/* Indices below this fit (offsets below 2^63). */
#define PAGETREE_LIMIT	(1ull << 51)

struct ptnode;

struct pagetree {
	struct ptnode *root;		/* NULL when empty */
	int height;			/* levels below root; 0 when empty */
	uint64_t pages;			/* frames in the tree */
};

/* The frame at idx, 0 for a hole. */
paddr_t pagetree_get(const struct pagetree *t, uint64_t idx);

/* Put frame pa (not 0) at idx, which is a hole: 0, -ENOMEM when a node
   cannot be had, -EFBIG when idx >= PAGETREE_LIMIT. */
int pagetree_put(struct pagetree *t, uint64_t idx, paddr_t pa);

/* Take every frame at index >= from out of the tree, handing each to
   drop (may be NULL), and free the nodes left empty. Cutting from 0
   leaves an empty tree that holds no memory. */
void pagetree_cut(struct pagetree *t, uint64_t from, void (*drop)(paddr_t));
