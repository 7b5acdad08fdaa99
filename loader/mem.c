/* The loader's page allocations: firmware pages, remembered for undo. */
#include "mem.h"

#include "fs.h"
#include "lib.h"

#define MAX_ALLOCS (FS_MAX_FILES + 64)

EFI_BOOT_SERVICES *BS;

static struct {
	EFI_PHYSICAL_ADDRESS base;
	UINTN pages;
} allocs[MAX_ALLOCS];
static int nallocs;

EFI_STATUS mem_alloc(EFI_MEMORY_TYPE type, UINT64 size, EFI_PHYSICAL_ADDRESS *out)
{
	UINTN pages = (size + EFI_PAGE_SIZE - 1) / EFI_PAGE_SIZE;
	EFI_STATUS st;

	if (pages == 0)
		pages = 1;
	if (nallocs == MAX_ALLOCS)
		return EFI_OUT_OF_RESOURCES;
	st = BS->AllocatePages(AllocateAnyPages, type, pages, out);
	if (EFI_ERROR(st))
		return st;
	memset((void *)(UINTN)*out, 0, pages * EFI_PAGE_SIZE);
	allocs[nallocs].base = *out;
	allocs[nallocs].pages = pages;
	nallocs++;
	return EFI_SUCCESS;
}

void mem_free_all(void)
{
	while (nallocs > 0) {
		nallocs--;
		BS->FreePages(allocs[nallocs].base, allocs[nallocs].pages);
	}
}
