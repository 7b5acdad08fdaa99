/* Memory objects behind shared and file mappings (see vmobject.h). */
#include "vmobject.h"

#include "errno.h"
#include "fs/vfs.h"
#include "kmalloc.h"
#include "panic.h"
#include "string.h"
#include "vm.h"

#define LEAF_ENTRIES	(PAGE_SIZE / sizeof(paddr_t))

struct vmobject *vmobject_anon(uint64_t npages)
{
	struct vmobject *o = kzalloc(sizeof(*o));
	uint64_t nleaves = (npages + LEAF_ENTRIES - 1) / LEAF_ENTRIES;

	if (!o)
		return NULL;
	o->dir = kzalloc(nleaves ? nleaves * sizeof(*o->dir) : 1);
	if (!o->dir) {
		kfree(o);
		return NULL;
	}
	o->refs = 1;
	o->npages = npages;
	spin_init(&o->lock, "vmobject");
	return o;
}

struct vmobject *vmobject_file(struct inode *ino)
{
	struct vmobject *o = kzalloc(sizeof(*o));

	if (!o)
		return NULL;
	o->refs = 1;
	o->ino = ino;
	inode_get(ino);
	spin_init(&o->lock, "vmobject");
	return o;
}

void vmobject_get(struct vmobject *o)
{
	__atomic_add_fetch(&o->refs, 1, __ATOMIC_RELAXED);
}

void vmobject_put(struct vmobject *o)
{
	uint64_t i, j, nleaves;
	int left = __atomic_sub_fetch(&o->refs, 1, __ATOMIC_ACQ_REL);

	KASSERT(left >= 0);
	if (left)
		return;
	if (o->ino) {
		inode_put(o->ino);
	} else {
		nleaves = (o->npages + LEAF_ENTRIES - 1) / LEAF_ENTRIES;
		for (i = 0; i < nleaves; i++) {
			if (!o->dir[i])
				continue;
			for (j = 0; j < LEAF_ENTRIES; j++)
				if (o->dir[i][j])
					pmm_page_unref(o->dir[i][j]);
			pmm_free_page(V2P(o->dir[i]));
		}
		kfree(o->dir);
	}
	kfree(o);
}

static int anon_page(struct vmobject *o, uint64_t idx, paddr_t *pa)
{
	paddr_t leaf = 0, page = 0;
	paddr_t *slot;

	if (idx >= o->npages)
		return -EIO;
	/* Allocate outside the lock; a racing fault may win, then free. */
	if (!o->dir[idx / LEAF_ENTRIES] && !(leaf = pmm_zalloc_page()))
		return -ENOMEM;
	spin_lock(&o->lock);
	if (!o->dir[idx / LEAF_ENTRIES] && leaf) {
		o->dir[idx / LEAF_ENTRIES] = P2V(leaf);
		leaf = 0;
	}
	slot = &o->dir[idx / LEAF_ENTRIES][idx % LEAF_ENTRIES];
	if (!*slot) {
		spin_unlock(&o->lock);
		page = pmm_zalloc_page();
		if (!page) {
			if (leaf)
				pmm_free_page(leaf);
			return -ENOMEM;
		}
		spin_lock(&o->lock);
		if (!*slot) {
			*slot = page;
			page = 0;
		}
	}
	*pa = *slot;
	pmm_page_ref(*pa);
	spin_unlock(&o->lock);
	if (page)
		pmm_free_page(page);
	if (leaf)
		pmm_free_page(leaf);
	return 0;
}

int vmobject_page(struct vmobject *o, uint64_t idx, int alloc, paddr_t *pa)
{
	if (!o->ino)
		return anon_page(o, idx, pa);
	if (!o->ino->ops->getpage)
		return -EIO;
	return o->ino->ops->getpage(o->ino, idx, alloc, pa);
}
