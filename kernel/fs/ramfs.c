/*
 * The RAM file system that holds /. Directories are lists of entries;
 * regular files are sparse arrays of pages (pagetree.h; a hole reads as
 * zeros); a symbolic link keeps its target as its contents (a page).
 * All changes to the name space (lookup, create, remove, rename, readdir)
 * take one lock, ns_lock; file contents are under each inode's own lock.
 * An inode lives while a directory links it (nlink) or anything holds a
 * reference (refs).
 */
#include "ramfs.h"

#include "pagetree.h"
#include "vfs.h"
#include "../errno.h"
#include "../kmalloc.h"
#include "../list.h"
#include "../pmm.h"
#include "../string.h"

struct entry {
	struct list_node node;		/* in its directory's list */
	uint64_t cookie;		/* readdir position; rises along the list */
	struct inode *ino;
	char name[NAME_MAX + 1];
};

struct dir {
	struct list_node entries;	/* by cookie */
	uint64_t count;
	uint64_t next_cookie;		/* from 2: 0 and 1 are . and .. */
};


static struct mutex ns_lock;
static uint64_t next_ino = 1;		/* ns_lock */

static const struct inode_ops ramfs_ops;

/* A new inode of mode (type and permissions), not linked anywhere. */
static struct inode *new_inode(uint32_t mode)
{
	struct inode *ino = inode_alloc();
	uint64_t now = vfs_now();

	if (!ino)
		return NULL;
	if (S_ISDIR(mode) || S_ISREG(mode) || S_ISLNK(mode)) {
		ino->priv = kzalloc(S_ISDIR(mode) ? sizeof(struct dir) :
				    sizeof(struct pagetree));
		if (!ino->priv) {
			inode_free(ino);
			return NULL;
		}
		if (S_ISDIR(mode))
			list_init(&((struct dir *)ino->priv)->entries);
	}
	ino->refs = 1;
	ino->ops = &ramfs_ops;
	mutex_init(&ino->lock, "ramfs inode");
	ino->mode = mode;
	ino->atime = ino->mtime = ino->ctime = now;
	ino->ino = __atomic_fetch_add(&next_ino, 1, __ATOMIC_RELAXED);
	return ino;
}

static struct entry *find(struct inode *dir, const char *name)
{
	struct dir *d = dir->priv;
	struct list_node *pos;

	list_for_each(pos, &d->entries) {
		struct entry *e = list_entry(pos, struct entry, node);

		if (strcmp(e->name, name) == 0)
			return e;
	}
	return NULL;
}

static int ramfs_lookup(struct inode *dir, const char *name, struct inode **out)
{
	struct entry *e;

	if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
		*out = strcmp(name, ".") == 0 || !dir->parent ? dir : dir->parent;
		inode_get(*out);
		return 0;
	}
	mutex_lock(&ns_lock);
	e = find(dir, name);
	if (e)
		inode_get(e->ino);
	mutex_unlock(&ns_lock);
	if (!e)
		return -ENOENT;
	*out = e->ino;
	return 0;
}

static uint64_t next_cookie(struct inode *dir)
{
	struct dir *d = dir->priv;

	if (d->next_cookie < 2)
		d->next_cookie = 2;
	return d->next_cookie++;
}

/* Link ino into dir as name; ns_lock held. */
static int link_entry(struct inode *dir, const char *name, struct inode *ino)
{
	struct entry *e = kzalloc(sizeof(*e));

	if (!e)
		return -ENOMEM;
	strlcpy(e->name, name, sizeof(e->name));
	e->ino = ino;
	e->cookie = next_cookie(dir);
	list_add_tail(&((struct dir *)dir->priv)->entries, &e->node);
	((struct dir *)dir->priv)->count++;
	dir->mtime = dir->ctime = vfs_now();
	return 0;
}

static long ramfs_write(struct inode *ino, uint64_t off, struct iobuf *b,
			size_t n);

static int ramfs_create(struct inode *dir, const char *name, uint32_t mode,
			const char *target, struct inode **out)
{
	struct inode *ino;
	int err;

	if (dir->nlink == 0)
		return -ENOENT;		/* a removed directory */
	ino = new_inode(mode);
	if (!ino)
		return -ENOMEM;
	if (target) {
		struct iobuf b = { .kaddr = (void *)target };

		if (ramfs_write(ino, 0, &b, strlen(target)) < 0) {
			inode_put(ino);
			return -ENOMEM;
		}
	}
	mutex_lock(&ns_lock);
	err = find(dir, name) ? -EEXIST : link_entry(dir, name, ino);
	if (!err) {
		ino->nlink = S_ISDIR(mode) ? 2 : 1;
		if (S_ISDIR(mode)) {
			ino->parent = dir;
			dir->nlink++;
		}
	}
	mutex_unlock(&ns_lock);
	if (err) {
		inode_put(ino);
		return err;
	}
	*out = ino;
	return 0;
}

/* Take entry e out of dir; ns_lock held. The inode's links drop. */
static void unlink_entry(struct inode *dir, struct entry *e)
{
	struct inode *ino = e->ino;

	list_remove(&e->node);
	((struct dir *)dir->priv)->count--;
	dir->mtime = dir->ctime = vfs_now();
	if (S_ISDIR(ino->mode)) {
		ino->nlink = 0;
		dir->nlink--;
	} else {
		ino->nlink--;
	}
	ino->ctime = vfs_now();
	kfree(e);
}

static int ramfs_remove(struct inode *dir, const char *name, int want_dir)
{
	struct inode *ino = NULL;
	struct entry *e;
	int err = 0;

	mutex_lock(&ns_lock);
	e = find(dir, name);
	if (!e)
		err = -ENOENT;
	else if (want_dir && !S_ISDIR(e->ino->mode))
		err = -ENOTDIR;
	else if (!want_dir && S_ISDIR(e->ino->mode))
		err = -EISDIR;
	else if (want_dir && ((struct dir *)e->ino->priv)->count)
		err = -ENOTEMPTY;
	if (!err) {
		ino = e->ino;
		inode_get(ino);		/* freed by the put below if unused */
		unlink_entry(dir, e);
	}
	mutex_unlock(&ns_lock);
	if (ino)
		inode_put(ino);
	return err;
}

static int ramfs_link(struct inode *dir, const char *name, struct inode *ino)
{
	int err;

	if (ino->ops != &ramfs_ops)
		return -EXDEV;
	if (S_ISDIR(ino->mode))
		return -EPERM;
	mutex_lock(&ns_lock);
	err = dir->nlink == 0 || ino->nlink == 0 ? -ENOENT :
	      find(dir, name) ? -EEXIST : link_entry(dir, name, ino);
	if (!err) {
		ino->nlink++;
		ino->ctime = vfs_now();
	}
	mutex_unlock(&ns_lock);
	return err;
}

static int ramfs_rename(struct inode *odir, const char *oname,
			struct inode *ndir, const char *nname)
{
	struct inode *victim = NULL, *p;
	struct entry *from, *to;
	int err = 0;

	mutex_lock(&ns_lock);
	from = find(odir, oname);
	to = find(ndir, nname);
	if (!from) {
		err = -ENOENT;
		goto out;
	}
	if (to && to->ino == from->ino)
		goto out;		/* the same file: nothing to do */
	if (S_ISDIR(from->ino->mode))	/* not into itself or below */
		for (p = ndir; p; p = p->parent)
			if (p == from->ino) {
				err = -EINVAL;
				goto out;
			}
	if (to) {
		if (S_ISDIR(from->ino->mode) && !S_ISDIR(to->ino->mode))
			err = -ENOTDIR;
		else if (!S_ISDIR(from->ino->mode) && S_ISDIR(to->ino->mode))
			err = -EISDIR;
		else if (S_ISDIR(to->ino->mode) &&
			 ((struct dir *)to->ino->priv)->count)
			err = -ENOTEMPTY;
		if (err)
			goto out;
		victim = to->ino;
		inode_get(victim);
		unlink_entry(ndir, to);
	}
	/* Move the entry itself. */
	list_remove(&from->node);
	((struct dir *)odir->priv)->count--;
	strlcpy(from->name, nname, sizeof(from->name));
	from->cookie = next_cookie(ndir);
	list_add_tail(&((struct dir *)ndir->priv)->entries, &from->node);
	((struct dir *)ndir->priv)->count++;
	if (S_ISDIR(from->ino->mode) && odir != ndir) {
		from->ino->parent = ndir;
		odir->nlink--;
		ndir->nlink++;
	}
	odir->mtime = ndir->mtime = from->ino->ctime = vfs_now();
out:
	mutex_unlock(&ns_lock);
	if (victim)
		inode_put(victim);
	return err;
}

static int ramfs_readdir(struct inode *dir, uint64_t *pos,
			 struct vfs_dirent *d)
{
	struct dir *dd = dir->priv;
	struct list_node *p;
	int err = -ENOENT;

	if (*pos < 2) {			/* "." and ".." */
		struct inode *t = *pos == 0 || !dir->parent ? dir : dir->parent;

		d->ino = t->ino;
		d->type = S_IFDIR;
		strlcpy(d->name, *pos == 0 ? "." : "..", sizeof(d->name));
		(*pos)++;
		return 0;
	}
	mutex_lock(&ns_lock);
	list_for_each(p, &dd->entries) {
		struct entry *e = list_entry(p, struct entry, node);

		if (e->cookie < *pos)
			continue;
		d->ino = e->ino->ino;
		d->type = e->ino->mode & S_IFMT;
		strlcpy(d->name, e->name, sizeof(d->name));
		*pos = e->cookie + 1;
		err = 0;
		break;
	}
	mutex_unlock(&ns_lock);
	return err;
}

/* A regular file's or a link's pages; each counts 8 blocks (st_blocks),
   as on Linux's tmpfs. */
static struct pagetree *pages_of(struct inode *ino)
{
	return ino->priv;
}

static void drop_page(paddr_t pa)
{
	pmm_page_unref(pa);		/* mappings may keep it */
}

/* The page at idx, made (zeroed) if it is a hole: 0 if out of memory or
   past the largest offset. */
static paddr_t page_made(struct inode *ino, uint64_t idx)
{
	struct pagetree *t = pages_of(ino);
	paddr_t pa = pagetree_get(t, idx);

	if (pa)
		return pa;
	if (!(pa = pmm_zalloc_page()))
		return 0;
	if (pagetree_put(t, idx, pa)) {
		pmm_page_unref(pa);
		return 0;
	}
	ino->blocks = t->pages * (PAGE_SIZE / 512);
	return pa;
}

static long ramfs_read(struct inode *ino, uint64_t off, struct iobuf *b,
		       size_t n)
{
	static const char zeros[256];
	size_t done = 0;

	if (S_ISDIR(ino->mode))
		return -EISDIR;
	if (off >= ino->size)
		return 0;
	if (n > ino->size - off)
		n = ino->size - off;
	while (done < n) {
		uint64_t idx = (off + done) / PAGE_SIZE, in = (off + done) % PAGE_SIZE;
		size_t k = PAGE_SIZE - in < n - done ? PAGE_SIZE - in : n - done;
		paddr_t pa = pagetree_get(pages_of(ino), idx);
		size_t got;

		if (pa) {
			got = iobuf_copy_to_some(b, done, (char *)P2V(pa) + in,
						 k);
		} else {		/* a hole */
			if (k > sizeof(zeros))
				k = sizeof(zeros);
			got = iobuf_copy_to_some(b, done, zeros, k);
		}
		done += got;
		if (got < k)
			return done ? (long)done : -EFAULT;
	}
	ino->atime = vfs_now();
	return done;
}

static long ramfs_write(struct inode *ino, uint64_t off, struct iobuf *b,
			size_t n)
{
	size_t done = 0;

	if (S_ISDIR(ino->mode))
		return -EISDIR;
	if (off + n < off)
		return -EFBIG;
	while (done < n) {
		uint64_t idx = (off + done) / PAGE_SIZE, in = (off + done) % PAGE_SIZE;
		size_t k = PAGE_SIZE - in < n - done ? PAGE_SIZE - in : n - done;
		paddr_t pa = page_made(ino, idx);
		size_t got;

		if (!pa)
			break;
		got = iobuf_copy_from_some((char *)P2V(pa) + in, b, done, k);
		done += got;
		if (got < k) {
			if (!done)
				return -EFAULT;
			break;
		}
	}
	if (done == 0 && n)
		return -ENOSPC;
	if (off + done > ino->size)
		ino->size = off + done;
	ino->mtime = ino->ctime = vfs_now();
	return done;
}

static int ramfs_truncate(struct inode *ino, uint64_t size)
{
	struct pagetree *t = pages_of(ino);
	paddr_t last;

	if (S_ISDIR(ino->mode))
		return -EISDIR;
	pagetree_cut(t, (size + PAGE_SIZE - 1) / PAGE_SIZE, drop_page);
	ino->blocks = t->pages * (PAGE_SIZE / 512);
	last = size % PAGE_SIZE ? pagetree_get(t, size / PAGE_SIZE) : 0;
	if (last)		/* a later extension reads zeros */
		memset((char *)P2V(last) + size % PAGE_SIZE, 0,
		       PAGE_SIZE - size % PAGE_SIZE);
	ino->size = size;
	ino->mtime = ino->ctime = vfs_now();
	return 0;
}

static int ramfs_getpage(struct inode *ino, uint64_t idx, int alloc,
			 paddr_t *pa)
{
	int err = 0;

	if (!S_ISREG(ino->mode))
		return -EIO;
	mutex_lock(&ino->lock);
	*pa = 0;
	if (idx >= (ino->size + PAGE_SIZE - 1) / PAGE_SIZE)
		err = -EIO;		/* past the end: SIGBUS */
	else if (!(*pa = alloc ? page_made(ino, idx) :
			  pagetree_get(pages_of(ino), idx)) && alloc)
		err = -ENOMEM;
	if (*pa)
		pmm_page_ref(*pa);
	mutex_unlock(&ino->lock);
	return err;
}

int ramfs_adopt(struct inode *ino, uint64_t base, uint64_t size)
{
	struct pagetree *t = pages_of(ino);
	uint64_t i, n = PAGE_ROUND_UP(size) / PAGE_SIZE;
	int err = 0;

	if (n == 0)
		return 0;
	mutex_lock(&ino->lock);
	for (i = 0; i < n && !err; i++) {
		err = pmm_adopt_page(base + i * PAGE_SIZE);
		if (!err && (err = pagetree_put(t, i, base + i * PAGE_SIZE)))
			pmm_page_unref(base + i * PAGE_SIZE);
	}
	ino->blocks = t->pages * (PAGE_SIZE / 512);
	if (!err) {
		/* Past the end reads as zeros (mmap shows the last page). */
		memset((char *)P2V(base) + size, 0, n * PAGE_SIZE - size);
		ino->size = size;
	}
	mutex_unlock(&ino->lock);
	return err;
}

static void ramfs_evict(struct inode *ino)
{
	if (S_ISREG(ino->mode) || S_ISLNK(ino->mode))
		pagetree_cut(pages_of(ino), 0, drop_page);
	kfree(ino->priv);
}

static const struct inode_ops ramfs_ops = {
	.lookup = ramfs_lookup,
	.create = ramfs_create,
	.remove = ramfs_remove,
	.rename = ramfs_rename,
	.link = ramfs_link,
	.readdir = ramfs_readdir,
	.getpage = ramfs_getpage,
	.read = ramfs_read,
	.write = ramfs_write,
	.truncate = ramfs_truncate,
	.evict = ramfs_evict,
};

struct inode *ramfs_mount(void)
{
	static int ready;
	struct inode *root;

	if (!ready++)			/* one lock for every instance */
		mutex_init(&ns_lock, "ramfs names");
	root = new_inode(S_IFDIR | 0755);
	if (root)
		root->nlink = 2;
	return root;
}
