/*
 * Memory objects: where the pages of a shared or file mapping come from.
 * An anonymous object is shared memory (MAP_SHARED|MAP_ANONYMOUS): a
 * sparse array of zero-filled pages, created on first touch and kept
 * while any mapping refers to it. A file object hands out the file's own
 * pages (the RAM file system's), so MAP_SHARED writes are the file's
 * bytes; a private file mapping copies them on its first fault.
 *
 * Every page returned carries a reference for the mapping that maps it
 * (pmm_page_ref); unmapping drops it. Objects are reference counted by
 * the regions that use them.
 */
#pragma once

#include <stdint.h>

#include "pmm.h"
#include "spinlock.h"

struct inode;

struct vmobject {
	int refs;			/* atomic: regions using it */
	struct inode *ino;		/* file: a reference; NULL: anonymous */
	struct spinlock lock;		/* anonymous: protects dir */
	uint64_t npages;
	paddr_t **dir;			/* anonymous: npages/512 leaves */
};

/* A new object of npages zero pages, or of a file. NULL: no memory. */
struct vmobject *vmobject_anon(uint64_t npages);
struct vmobject *vmobject_file(struct inode *ino);
void vmobject_get(struct vmobject *o);
void vmobject_put(struct vmobject *o);

/*
 * The page at index idx, with a reference for the caller, in *pa.
 * alloc: create a missing page (anonymous memory, file holes); otherwise
 * a hole gives *pa = 0 (reads as zeros). Returns 0, -EIO for a page
 * wholly past the end of the file (SIGBUS), or -ENOMEM.
 */
int vmobject_page(struct vmobject *o, uint64_t idx, int alloc, paddr_t *pa);
