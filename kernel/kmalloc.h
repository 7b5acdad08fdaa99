/*
 * The kernel heap: kmalloc/kfree for objects of any size. Small objects
 * (up to KMALLOC_MAX_SMALL bytes) come from per-size-class slab pages;
 * larger ones are whole buddy blocks. Memory is 16-byte aligned and lives
 * in the direct map.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#define KMALLOC_MIN		16
#define KMALLOC_MAX_SMALL	2048
#define KMALLOC_NCLASSES	8	/* 16 << 0 ... 16 << 7 = 2048 */

/* size bytes, or NULL when memory is exhausted (size 0 counts as 1). */
void *kmalloc(size_t size);
/* Like kmalloc, zero-filled. */
void *kzalloc(size_t size);
/* Free p (from kmalloc or kzalloc); NULL is ignored. */
void kfree(void *p);

/* Objects currently allocated (small and large), for leak checks. */
uint64_t kmalloc_live_objects(void);

/* What the heap holds now, for /proc: per size class the objects handed
   out and the slab pages that hold them (each class keeps one empty
   page, a cache), then the large blocks and their pages. */
struct kmalloc_stats {
	struct {
		uint64_t objects, pages;
	} cls[KMALLOC_NCLASSES];
	uint64_t large_blocks, large_pages;
};

void kmalloc_stats(struct kmalloc_stats *st);
size_t kmalloc_class_size(unsigned c);
