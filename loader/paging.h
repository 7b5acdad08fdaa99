/*
 * The page tables the kernel starts on (see shared/bootinfo.h for what
 * they map).
 */
#pragma once

#include <efi.h>

#include "elf.h"

/* Build the tables for a kernel image loaded at kernel_phys and a physical
   address space of [0, top). Returns the PML4's physical address in *pml4. */
EFI_STATUS paging_build(const struct kimage *ki, UINT64 kernel_phys,
			UINT64 top, EFI_PHYSICAL_ADDRESS *pml4);
