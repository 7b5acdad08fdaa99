/*
 * The kernel's page tables. Words: a "level" is the size of page an entry
 * at that depth maps (512 GiB for the PML4, 1 GiB, 2 MiB, 4 KiB); "walk"
 * finds the entry for an address at a level, creating tables on the way.
 * The upper half's 256 PDPTs are all created here, once, so every
 * address space made later can share them by copying 256 PML4 entries.
 */
#include "vm.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/cpufeat.h"
#include "arch/x86_64/tlb.h"
#include "errno.h"
#include "kstat.h"
#include "log.h"
#include "panic.h"
#include "pmm.h"
#include "spinlock.h"
#include "string.h"

#define LEVEL_4K	(1UL << 12)
#define LEVEL_2M	(1UL << 21)
#define LEVEL_1G	(1UL << 30)
#define LEVEL_512G	(1UL << 39)
#define KERNEL_HALF	256		/* first PML4 slot of the upper half */

extern char __text_start[], __text_end[], __rodata_start[], __rodata_end[];
extern char __data_start[], __kernel_end[];

static struct spinlock vm_lock = SPINLOCK_INIT("vm");

/* Protected by vm_lock (after boot): */
static pte_t *kernel_pml4;
static paddr_t kernel_pml4_pa;

pte_t *vm_table_new(void)
{
	paddr_t pa = pmm_zalloc_page();

	return pa ? P2V(pa) : NULL;
}

/* The entry for va at `level` under pml4, or NULL if out of memory or a
   large page already covers va above that level (*covered set). */
static pte_t *walk(pte_t *pml4, uint64_t va, uint64_t level, int *covered)
{
	pte_t *table = pml4;
	int shift;

	*covered = 0;
	for (shift = 39; ; shift -= 9) {
		pte_t *e = &table[(va >> shift) & 511];

		if ((1UL << shift) == level)
			return e;
		if ((*e & PTE_P) && (*e & PTE_PS)) {
			*covered = 1;
			return NULL;
		}
		if (!(*e & PTE_P)) {
			pte_t *next = vm_table_new();

			if (!next)
				return NULL;
			kstat_add(KSTAT_KERNEL_TABLES, 1);
			*e = V2P(next) | PTE_P | PTE_W;
		}
		table = P2V(*e & PTE_ADDR);
	}
}

/* Map [va, va+len) to pa with flags, using pages up to max_level when
   aligned. Present entries are left alone. */
static int map_range(uint64_t va, paddr_t pa, uint64_t len, uint64_t flags,
		     uint64_t max_level)
{
	uint64_t end = va + len;

	while (va < end) {
		uint64_t level = max_level;
		int covered;
		pte_t *e;

		while (level > LEVEL_4K &&
		       ((va | pa) & (level - 1) || va + level > end))
			level >>= 9;
		e = walk(kernel_pml4, va, level, &covered);
		if (!e && !covered)
			return -ENOMEM;
		if (e && !(*e & PTE_P))
			*e = pa | flags | (level > LEVEL_4K ? PTE_PS : 0);
		va += level;
		pa += level;
	}
	return 0;
}

static int map_image(const struct bootinfo *bi)
{
	static const struct {
		char *start, *end;
		uint64_t flags;
	} sect[] = {
		{ __text_start, __text_end, PTE_P | PTE_G },
		{ __rodata_start, __rodata_end, PTE_P | PTE_G | PTE_NX },
		{ __data_start, __kernel_end, PTE_P | PTE_W | PTE_G | PTE_NX },
	};
	unsigned i;

	for (i = 0; i < sizeof(sect) / sizeof(sect[0]); i++) {
		uint64_t va = PAGE_ROUND_DOWN((uint64_t)sect[i].start);
		uint64_t end = PAGE_ROUND_UP((uint64_t)sect[i].end);
		uint64_t flags = sect[i].flags & (cpu_has(CPU_NX) ? ~0UL : ~PTE_NX);

		if (map_range(va, bi->kernel_phys + (va - bi->kernel_virt),
			      end - va, flags, LEVEL_4K))
			return -ENOMEM;
	}
	return 0;
}

static int is_direct_mapped(uint32_t type)
{
	return type != BOOT_MEM_MMIO && type != BOOT_MEM_RESERVED &&
	       type != BOOT_MEM_BAD;
}

/* Direct-map every RAM-like range, merging neighbours into runs so the
   largest pages fit. */
static int map_ram(const struct bootinfo_mem_range *map, int n)
{
	uint64_t top = cpu_has(CPU_PAGE1G) ? LEVEL_1G : LEVEL_2M;
	uint64_t flags = PTE_P | PTE_W | PTE_G |
			 (cpu_has(CPU_NX) ? PTE_NX : 0);
	int i = 0;

	while (i < n) {
		uint64_t base, end;

		if (!is_direct_mapped(map[i].type)) {
			i++;
			continue;
		}
		base = map[i].base;
		end = base + map[i].length;
		for (i++; i < n && map[i].base == end &&
			  is_direct_mapped(map[i].type); i++)
			end += map[i].length;
		if (map_range((uint64_t)P2V(base), base, end - base, flags, top))
			return -ENOMEM;
	}
	return 0;
}

int vm_init(const struct bootinfo *bi, const struct bootinfo_mem_range *map,
	    int n)
{
	int i;

	kernel_pml4 = vm_table_new();
	if (!kernel_pml4)
		return -ENOMEM;
	kernel_pml4_pa = V2P(kernel_pml4);
	for (i = KERNEL_HALF; i < PTES_PER_TABLE; i++) {
		pte_t *pdpt = vm_table_new();

		if (!pdpt)
			return -ENOMEM;
		kernel_pml4[i] = V2P(pdpt) | PTE_P | PTE_W;
	}
	if (map_image(bi) || map_ram(map, n))
		return -ENOMEM;
	if (bi->fb.format != BOOT_FB_NONE &&
	    !vm_map_phys(bi->fb.base, bi->fb.size, PTE_CACHE_WC))
		return -ENOMEM;

	write_cr3(kernel_pml4_pa);
	vm_init_cpu();
	return 0;
}

void vm_init_cpu(void)
{
	wrmsr(MSR_PAT, PAT_VALUE);	/* before any WC or UC mapping is used */
	if (cpu_has(CPU_NX))
		wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
	write_cr0(read_cr0() | CR0_WP);
	if (cpu_has(CPU_PGE))
		write_cr4(read_cr4() | CR4_PGE);
	if (cpu_has(CPU_SMEP))
		write_cr4(read_cr4() | CR4_SMEP);
	if (cpu_has(CPU_SMAP))
		write_cr4(read_cr4() | CR4_SMAP);
	if (cpu_has(CPU_UMIP))
		write_cr4(read_cr4() | CR4_UMIP);
}

void *vm_map_phys(paddr_t pa, uint64_t len, uint64_t cache)
{
	uint64_t start = PAGE_ROUND_DOWN(pa), end = PAGE_ROUND_UP(pa + len);
	uint64_t flags = PTE_P | PTE_W | PTE_G | cache |
			 (cpu_has(CPU_NX) ? PTE_NX : 0);
	int err;

	KASSERT(kernel_pml4 != NULL);
	spin_lock(&vm_lock);
	err = map_range((uint64_t)P2V(start), start, end - start, flags,
			LEVEL_2M);
	spin_unlock(&vm_lock);
	return err ? NULL : P2V(pa);
}

int vm_map_kernel_page(vaddr_t va, paddr_t pa, uint64_t flags)
{
	int covered, err = 0;
	pte_t *e;

	KASSERT(va >= KSTACK_BASE && va < KERNEL_BASE && !(va & ~PAGE_MASK));
	spin_lock(&vm_lock);
	e = walk(kernel_pml4, va, LEVEL_4K, &covered);
	if (!e)
		err = -ENOMEM;
	else if (*e & PTE_P)
		panic("vm_map_kernel_page: %lx is already mapped", va);
	else
		*e = pa | flags | PTE_P;
	spin_unlock(&vm_lock);
	return err;
}

paddr_t vm_unmap_kernel_page_lazy(vaddr_t va)
{
	int covered;
	paddr_t pa = 0;
	pte_t *e;

	KASSERT(va >= KSTACK_BASE && va < KERNEL_BASE && !(va & ~PAGE_MASK));
	spin_lock(&vm_lock);
	e = walk(kernel_pml4, va, LEVEL_4K, &covered);
	if (e && (*e & PTE_P)) {
		pa = *e & PTE_ADDR;
		*e = 0;
	}
	spin_unlock(&vm_lock);
	return pa;
}

paddr_t vm_unmap_kernel_page(vaddr_t va)
{
	paddr_t pa = vm_unmap_kernel_page_lazy(va);

	if (pa)
		tlb_shootdown(va);	/* every CPU, before pa is reused */
	return pa;
}

int vm_kernel_readable(uint64_t va, uint64_t len)
{
	uint64_t end = va + len, page;
	pte_t *table;

	if (end < va || (va < DIRECT_MAP_BASE && end > USER_TOP))
		return 0;	/* wraps, or touches the non-canonical hole */
	for (page = PAGE_ROUND_DOWN(va); page < end; page += PAGE_SIZE) {
		int shift;

		table = P2V(read_cr3() & PTE_ADDR);
		for (shift = 39; ; shift -= 9) {
			pte_t e = table[(page >> shift) & 511];

			if (!(e & PTE_P))
				return 0;
			if (shift == 12 || (e & PTE_PS))
				break;
			table = P2V(e & PTE_ADDR);
		}
	}
	return 1;
}

uint64_t vm_pte_nx(void)
{
	return cpu_has(CPU_NX) ? PTE_NX : 0;
}

paddr_t vm_kernel_pml4(void)
{
	return kernel_pml4_pa;
}
