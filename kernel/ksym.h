/*
 * Kernel symbols for backtraces, read from the kernel's own ELF file,
 * which the loader hands over unstripped (shared/bootinfo.h).
 */
#pragma once

#include <stdint.h>

/* Use the ELF file at file[0..size) (kept for the kernel's lifetime).
   Returns 0, or -ENOEXEC when it has no usable symbol table. */
int ksym_init(const void *file, uint64_t size);

/* The name of the function containing addr and addr's offset in it, or
   NULL when unknown. */
const char *ksym_lookup(uint64_t addr, uint64_t *offset);
