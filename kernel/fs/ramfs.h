/* The RAM file system (see ramfs.c). */
#pragma once

struct inode;

/* A new, empty RAM file system; returns its root directory. */
struct inode *ramfs_mount(void);
