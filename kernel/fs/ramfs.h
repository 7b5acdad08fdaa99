/* The RAM file system (see ramfs.c). */
#pragma once

#include <stdint.h>

struct inode;

/* A new, empty RAM file system; returns its root directory. */
struct inode *ramfs_mount(void);

/* Make ino, an empty file of a RAM file system, hold the size bytes that
   start at the physical page base (a file the loader read), taking its
   pages over instead of copying them. 0 or -ENOMEM/-EINVAL. */
int ramfs_adopt(struct inode *ino, uint64_t base, uint64_t size);
