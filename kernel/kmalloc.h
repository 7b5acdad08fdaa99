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

/* size bytes, or NULL when memory is exhausted (size 0 counts as 1). */
void *kmalloc(size_t size);
/* Like kmalloc, zero-filled. */
void *kzalloc(size_t size);
/* Free p (from kmalloc or kzalloc); NULL is ignored. */
void kfree(void *p);

/* Objects currently allocated (small and large), for leak checks. */
uint64_t kmalloc_live_objects(void);
