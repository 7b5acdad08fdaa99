/*
 * Page allocations from the firmware, recorded so that a failed boot can
 * give every page back before returning to the firmware.
 */
#pragma once

#include <efi.h>

/* Allocate pages of the given UEFI type for size bytes (rounded up to
   pages), zero them, and record them. */
EFI_STATUS mem_alloc(EFI_MEMORY_TYPE type, UINT64 size, EFI_PHYSICAL_ADDRESS *out);

/* Give back every recorded allocation (on a failed boot). */
void mem_free_all(void);

extern EFI_BOOT_SERVICES *BS;
