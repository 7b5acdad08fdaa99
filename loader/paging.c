/*
 * Four-level x86_64 page tables for the hand-over. Physical memory is
 * mapped twice with the largest pages the CPU has (identity, for the
 * instant of the CR3 switch, and at BOOTINFO_DIRECT_MAP); both maps share
 * their lower-level tables. The kernel's segments get 4 KiB pages with the
 * permissions their ELF flags ask for. All tables come from one pool of
 * LoaderData pages, sized up front.
 */
#include "paging.h"

#include <cpuid.h>

#include "../shared/bootinfo.h"
#include "../shared/elf.h"
#include "lib.h"
#include "mem.h"

#define PTE_P		(1ULL << 0)
#define PTE_W		(1ULL << 1)
#define PTE_PS		(1ULL << 7)
#define PTE_NX		(1ULL << 63)
#define PTE_ADDR	0x000ffffffffff000ULL

#define SIZE_4K		0x1000ULL
#define SIZE_2M		0x200000ULL
#define SIZE_1G		0x40000000ULL
#define SIZE_512G	0x8000000000ULL

static UINT64 *pool;
static UINTN pool_used, pool_pages;
static UINT64 nx_bit;

static UINT64 *table_alloc(void)
{
	if (pool_used == pool_pages)
		return NULL;	/* sized wrong: a loader bug, caught below */
	return pool + 512 * pool_used++;
}

/* The entry for va at the level whose pages are `size` bytes, creating
   the tables above it. NULL if the pool is exhausted. */
static UINT64 *walk(UINT64 *pml4, UINT64 va, UINT64 size)
{
	UINT64 *table = pml4;
	int shift;

	for (shift = 39; ; shift -= 9) {
		UINT64 *e = &table[(va >> shift) & 511];

		if ((1ULL << shift) == size)
			return e;
		if (!(*e & PTE_P)) {
			UINT64 *next = table_alloc();

			if (!next)
				return NULL;
			*e = (UINT64)(UINTN)next | PTE_P | PTE_W;
		}
		table = (UINT64 *)(UINTN)(*e & PTE_ADDR);
	}
}

static int has_1g_pages(void)
{
	unsigned a, b, c, d;

	return __get_cpuid(0x80000001, &a, &b, &c, &d) && (d & (1u << 26));
}

static int has_nx(void)
{
	unsigned a, b, c, d;

	return __get_cpuid(0x80000001, &a, &b, &c, &d) && (d & (1u << 20));
}

EFI_STATUS paging_build(const struct kimage *ki, UINT64 kernel_phys,
			UINT64 top, EFI_PHYSICAL_ADDRESS *pml4_pa)
{
	UINT64 big = has_1g_pages() ? SIZE_1G : SIZE_2M;
	UINT64 *pml4, pa;
	EFI_PHYSICAL_ADDRESS pool_pa;
	EFI_STATUS st;
	int i;

	nx_bit = has_nx() ? PTE_NX : 0;
	top = (top + SIZE_1G - 1) & ~(SIZE_1G - 1);
	/* PML4 + PDPTs + PDs (2 MiB pages) + the kernel's PDPT, PD and PTs. */
	pool_pages = 1 + top / SIZE_512G + 1 + (big == SIZE_2M ? top / SIZE_1G : 0) +
		     2 + ki->virt_size / SIZE_2M + 2;
	st = mem_alloc(EfiLoaderData, pool_pages * SIZE_4K, &pool_pa);
	if (EFI_ERROR(st))
		return st;
	pool = (UINT64 *)(UINTN)pool_pa;
	pool_used = 0;
	pml4 = table_alloc();

	for (pa = 0; pa < top; pa += big) {
		UINT64 *e = walk(pml4, BOOTINFO_DIRECT_MAP + pa, big);

		if (!e)
			return EFI_BUFFER_TOO_SMALL;
		/* Executable: the identity half runs the loader's last
		   instructions. The kernel's own tables replace these. */
		*e = pa | PTE_P | PTE_W | PTE_PS;
	}
	/* The identity map shares the direct map's PDPTs. */
	for (i = 0; i < 256 && (UINT64)i * SIZE_512G < top; i++)
		pml4[i] = pml4[256 + i];

	for (i = 0; i < ki->nseg; i++) {
		const struct kimage_segment *s = &ki->seg[i];
		UINT64 va = s->vaddr & ~(SIZE_4K - 1);
		UINT64 flags = PTE_P;

		if (s->flags & PF_W)
			flags |= PTE_W;
		if (!(s->flags & PF_X))
			flags |= nx_bit;
		for (; va < s->vaddr + s->memsz; va += SIZE_4K) {
			UINT64 *e = walk(pml4, va, SIZE_4K);

			if (!e)
				return EFI_BUFFER_TOO_SMALL;
			*e = (kernel_phys + va - ki->virt_base) | flags;
		}
	}
	*pml4_pa = (EFI_PHYSICAL_ADDRESS)(UINTN)pml4;
	return EFI_SUCCESS;
}
