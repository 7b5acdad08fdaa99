/*
 * Conversion of the firmware's memory map into the boot-info contract's
 * (shared/bootinfo.h). Pure code, also built into the host unit tests.
 */
#pragma once

#include <stdint.h>

#include "../shared/bootinfo.h"

/* UEFI memory types (UEFI 2.10 section 7.2), as numbers. */
enum {
	UEFI_RESERVED, UEFI_LOADER_CODE, UEFI_LOADER_DATA,
	UEFI_BOOT_SERVICES_CODE, UEFI_BOOT_SERVICES_DATA,
	UEFI_RUNTIME_SERVICES_CODE, UEFI_RUNTIME_SERVICES_DATA,
	UEFI_CONVENTIONAL, UEFI_UNUSABLE, UEFI_ACPI_RECLAIM, UEFI_ACPI_NVS,
	UEFI_MMIO, UEFI_MMIO_PORT_SPACE, UEFI_PAL_CODE, UEFI_PERSISTENT,
	UEFI_UNACCEPTED,
};

/* The leading fields of EFI_MEMORY_DESCRIPTOR; the firmware's descriptor
   may be larger, so arrays are walked by the size it reports. */
struct uefi_mem_desc {
	uint32_t type;
	uint32_t pad;
	uint64_t phys_start;
	uint64_t virt_start;
	uint64_t pages;
	uint64_t attribute;
};

/* The contract's type for a UEFI memory type. */
uint32_t memmap_type_of(uint32_t uefi_type);

/*
 * Convert the firmware map (map_size bytes of descriptors, desc_size bytes
 * apart) into out[0..out_max), then mark each of the claims (ranges the
 * loader allocated and hands over, e.g. the kernel and files) with the
 * claim's type. The result is sorted, free of overlaps, and has adjacent
 * ranges of one type merged. Returns the number of ranges, or -1 if out is
 * too small or desc_size is smaller than a descriptor.
 */
int memmap_convert(const void *map, uint64_t map_size, uint64_t desc_size,
		   const struct bootinfo_mem_range *claims, int nclaims,
		   struct bootinfo_mem_range *out, int out_max);
