/*
 * The boot file system: the files the loader read from the ESP's root/
 * folder, looked up by absolute path, read-only. (The VFS with its RAM
 * root file system replaces this as the source of programs.)
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "../shared/bootinfo.h"

/* Use the loader's file table (kept for the kernel's lifetime). */
void bootfs_init(const struct bootinfo_file *files, uint32_t count);

/* Find path: 0 and its contents, -ENOENT, -EISDIR, or -ENOTDIR (a
   component is a file). */
int bootfs_lookup(const char *path, const uint8_t **data, uint64_t *size);
