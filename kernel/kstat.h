/*
 * Counters of kernel objects, for leak checks: /proc/kstat shows them
 * with the allocators' own figures (procfs.c), and a boot test checks
 * that a run of the user test suite gives every one back. Each counter
 * is bumped where its object is made and dropped where it is freed.
 */
#pragma once

#include <stdint.h>

enum kstat_counter {
	KSTAT_KSTACKS,		/* kernel stacks mapped (thread.c) */
	KSTAT_KERNEL_TABLES,	/* the kernel half's page tables (vm.c): they
				   only grow, to the most stacks mapped */
	KSTAT_FILES,		/* open file descriptions (file.c) */
	KSTAT_PIPES,		/* pipes (pipe.c) */
	KSTAT_INODES,		/* inodes in memory (vfs.c) */
	KSTAT_NCOUNTERS
};

void kstat_add(enum kstat_counter c, int64_t delta);
int64_t kstat_get(enum kstat_counter c);
/* The counter's name in /proc/kstat. */
const char *kstat_name(enum kstat_counter c);
