/*
 * User address spaces. A vmspace is a page table whose upper half is the
 * kernel's (shared by all) and whose lower half belongs to one process,
 * plus the list of regions that say what may be mapped where. Pages are
 * mapped lazily by the page-fault handler: zero-filled on first touch,
 * copied on the first write to a page shared after fork.
 *
 * User layout (addresses below USER_TOP):
 *
 *   program segments (ELF addresses; static-pie at PIE_BASE)
 *   brk heap, growing up from the end of the data
 *   ...
 *   mmap areas, handed out top-down below mmap_base
 *   guard gap (STACK_GUARD_GAP, never mapped)
 *   stack, growing down on demand to STACK_MAX below STACK_TOP
 */
#pragma once

#include <stdint.h>

#include "arch/x86_64/vmlayout.h"
#include "list.h"
#include "mutex.h"

#define PROT_NONE	0
#define PROT_READ	1
#define PROT_WRITE	2
#define PROT_EXEC	4

#define STACK_TOP	0x00007ffffffff000UL
#define STACK_MAX	(8UL << 20)		/* RLIMIT_STACK default */
#define STACK_GUARD_GAP	(1UL << 20)
#define PIE_BASE	0x0000555555554000UL

enum region_kind {
	REGION_ANON,		/* program segments, mmap */
	REGION_BRK,		/* the heap */
	REGION_STACK,		/* grows down on faults below it */
};

struct vmobject;

struct region {
	struct list_node node;		/* vs->regions, by address */
	uint64_t start, end;		/* page aligned, end exclusive */
	int prot;			/* PROT_* */
	enum region_kind kind;
	int shared;			/* MAP_SHARED: writes reach obj */
	struct vmobject *obj;		/* pages come from here (a reference),
					   NULL: private zero-fill memory */
	uint64_t pgoff;			/* obj's page index at start */
};

/* What an mmap asks for besides its range (vm_mmap). */
struct vm_mapping {
	int prot;
	int shared;
	struct vmobject *obj;		/* NULL: anonymous private */
	uint64_t pgoff;
	int fixed;			/* MAP_FIXED: replace what is there */
	int noreplace;			/* MAP_FIXED_NOREPLACE: EEXIST if used */
	uint64_t limit_as;		/* RLIMIT_AS, RLIMIT_DATA (bytes) */
	uint64_t limit_data;
};

struct vmspace {
	int refs;			/* atomic: the processes using it
					   (CLONE_VM), /proc readers */
	uint64_t cpus;			/* atomic: the CPUs that have it
					   loaded (bit = CPU id), which
					   must flush what they cached of
					   it when its entries change */
	struct mutex lock;
	/* Protected by lock: */
	struct list_node regions;
	uint64_t brk_start, brk;	/* heap: [brk_start, brk) */
	uint64_t stack_limit;		/* the stack may grow down to here */
	uint64_t mmap_base;		/* mmap searches below this */
	uint64_t pages;			/* user pages mapped (resident) */
	uint64_t stack_rlimit;		/* RLIMIT_STACK, bytes */
	/* Fixed: */
	paddr_t pml4;
	struct inode *exe;		/* the program (a reference, its
					   writing denied), or NULL */
};

/* A fresh, empty space, or NULL when out of memory. */
struct vmspace *vm_create(void);
/* A copy-on-write copy of vs (the caller runs on vs), or NULL. */
struct vmspace *vm_fork(struct vmspace *vs);
/* Take and drop a reference; the last frees every page, table and
   region of vs, which must not be loaded then. */
void vm_get(struct vmspace *vs);
void vm_put(struct vmspace *vs);

/* Where the user word at uaddr lives, for futexes: in a shared mapping
   its memory object and offset in it (so every process mapping it meets
   there), else vs and uaddr. 0, or -EFAULT if no region holds uaddr. */
int vm_futex_key(struct vmspace *vs, uint64_t uaddr, const void **space,
		 uint64_t *where);

/* Make ino the program vs runs: no one may write it while vs lives.
   0, or -ETXTBSY if it is open for writing. */
int vm_set_exe(struct vmspace *vs, struct inode *ino);

/* Add a region [start, start+len) (page aligned, free). 0 or -ENOMEM. */
int vm_add_region(struct vmspace *vs, uint64_t start, uint64_t len,
		  int prot, enum region_kind kind);
/* Copy bytes into vs (which need not be loaded), mapping pages as
   needed within existing regions. 0, -EFAULT or -ENOMEM. */
int vm_copy_out(struct vmspace *vs, uint64_t uaddr, const void *src,
		uint64_t len);

/* Resolve a fault at addr (write, exec: the access). 0 when the access
   may be retried, -EFAULT for an address no region covers, -EACCES for
   an access the region forbids (both SIGSEGV), or -ENOMEM. The caller runs with interrupts on and no spinlock held. */
int vm_fault(struct vmspace *vs, uint64_t addr, int write, int exec);

/* mmap, munmap, mprotect, mremap, madvise(MADV_DONTNEED) and brk with
   Linux's argument rules; each returns what the system call returns.
   The limits are the caller's RLIMIT_AS and RLIMIT_DATA. */
int64_t vm_mmap(struct vmspace *vs, uint64_t addr, uint64_t len,
		const struct vm_mapping *m);
int vm_munmap(struct vmspace *vs, uint64_t addr, uint64_t len);
int vm_mprotect(struct vmspace *vs, uint64_t addr, uint64_t len, int prot,
		uint64_t limit_data);
int64_t vm_mremap(struct vmspace *vs, uint64_t old, uint64_t old_len,
		  uint64_t new_len, int flags, uint64_t new_addr,
		  uint64_t limit_as);
int vm_dontneed(struct vmspace *vs, uint64_t addr, uint64_t len);
uint64_t vm_brk(struct vmspace *vs, uint64_t addr, uint64_t limit_as,
		uint64_t limit_data);

/* The stack may grow to this size (RLIMIT_STACK); set per fault by the
   caller's limit. */
void vm_set_stack_rlimit(struct vmspace *vs, uint64_t limit);

/* Pages holding user page tables, of every space (/proc/meminfo). */
uint64_t vm_table_pages(void);

/* Load vs's page table on this CPU (NULL: the kernel's). */
void vm_activate(struct vmspace *vs);
