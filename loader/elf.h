/*
 * Validation of the kernel's ELF image: the loader trusts nothing in
 * kernel.elf until elf_check_kernel() has accepted it. Pure code, also
 * built into the host unit tests.
 */
#pragma once

#include <stdint.h>

#define KIMAGE_MAX_SEGMENTS	16
#define KIMAGE_VIRT_MIN		0xffffffff80000000ULL	/* top 2 GiB */
#define KIMAGE_MAX_SPAN		(256ULL << 20)		/* sanity bound */
#define KIMAGE_PAGE_SIZE	4096ULL

struct kimage_segment {
	uint64_t vaddr;		/* first byte */
	uint64_t memsz;		/* bytes in memory (>= filesz) */
	uint64_t offset;	/* in the file */
	uint64_t filesz;	/* bytes copied from the file; rest zeroed */
	uint32_t flags;		/* PF_R | PF_W | PF_X */
};

struct kimage {
	uint64_t entry;
	uint64_t virt_base;	/* lowest segment page */
	uint64_t virt_size;	/* bytes from virt_base to the last page's end */
	int nseg;
	struct kimage_segment seg[KIMAGE_MAX_SEGMENTS];
};

/*
 * Check that file[0..size) is an x86_64 ELF64 executable whose loadable
 * segments lie inside the file, inside the kernel's address range, and on
 * pages of their own, with the entry point in an executable segment.
 * Fills *out and returns NULL if so; otherwise returns a message saying
 * what is wrong (a static string).
 */
const char *elf_check_kernel(const void *file, uint64_t size,
			     struct kimage *out);
