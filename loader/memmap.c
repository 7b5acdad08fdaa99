/*
 * Firmware memory map → boot-info memory map. The firmware's list is
 * unsorted and its descriptors may be larger than the struct we know;
 * the result is sorted, non-overlapping and merged, with the loader's own
 * hand-over allocations (claims) carved out under their own type.
 */
#include "memmap.h"

#define PAGE_SIZE 4096ULL

uint32_t memmap_type_of(uint32_t t)
{
	switch (t) {
	case UEFI_CONVENTIONAL:
		return BOOT_MEM_USABLE;
	case UEFI_LOADER_CODE:
	case UEFI_LOADER_DATA:
	case UEFI_BOOT_SERVICES_CODE:
	case UEFI_BOOT_SERVICES_DATA:
		return BOOT_MEM_LOADER_RECLAIMABLE;
	case UEFI_RUNTIME_SERVICES_CODE:
	case UEFI_RUNTIME_SERVICES_DATA:
		return BOOT_MEM_FIRMWARE;
	case UEFI_UNUSABLE:
		return BOOT_MEM_BAD;
	case UEFI_ACPI_RECLAIM:
		return BOOT_MEM_ACPI_RECLAIMABLE;
	case UEFI_ACPI_NVS:
		return BOOT_MEM_ACPI_NVS;
	case UEFI_MMIO:
	case UEFI_MMIO_PORT_SPACE:
		return BOOT_MEM_MMIO;
	case UEFI_PERSISTENT:
		return BOOT_MEM_PERSISTENT;
	default:	/* reserved, PAL code, unaccepted, OEM and OS types */
		return BOOT_MEM_RESERVED;
	}
}

/* Remove [base, base+len) from every range in r[0..*n); may split one. */
static int carve(struct bootinfo_mem_range *r, int *n, int max,
		 uint64_t base, uint64_t len)
{
	uint64_t end = base + len;
	int i, count = *n;

	for (i = 0; i < count; i++) {
		uint64_t rb = r[i].base, re = r[i].base + r[i].length;

		if (re <= base || rb >= end)
			continue;
		if (rb < base && re > end) {	/* split in two */
			if (*n == max)
				return -1;
			r[*n] = r[i];
			r[*n].base = end;
			r[*n].length = re - end;
			(*n)++;
			r[i].length = base - rb;
		} else if (rb < base) {
			r[i].length = base - rb;
		} else if (re > end) {
			r[i].base = end;
			r[i].length = re - end;
		} else {
			r[i].length = 0;	/* swallowed; dropped below */
		}
	}
	return 0;
}

static void sort_by_base(struct bootinfo_mem_range *r, int n)
{
	int i, j;

	for (i = 1; i < n; i++) {
		struct bootinfo_mem_range key = r[i];

		for (j = i - 1; j >= 0 && r[j].base > key.base; j--)
			r[j + 1] = r[j];
		r[j + 1] = key;
	}
}

/* Drop empty ranges, clip overlaps (first range wins), merge neighbours. */
static int normalize(struct bootinfo_mem_range *r, int n)
{
	int i, m = 0;

	sort_by_base(r, n);
	for (i = 0; i < n; i++) {
		struct bootinfo_mem_range cur = r[i];

		if (m > 0) {
			struct bootinfo_mem_range *prev = &r[m - 1];
			uint64_t pend = prev->base + prev->length;

			if (cur.base < pend) {
				uint64_t cend = cur.base + cur.length;

				if (cend <= pend)
					continue;
				cur.length = cend - pend;
				cur.base = pend;
			}
			if (cur.length && cur.base == pend &&
			    cur.type == prev->type) {
				prev->length += cur.length;
				continue;
			}
		}
		if (cur.length)
			r[m++] = cur;
	}
	return m;
}

int memmap_convert(const void *map, uint64_t map_size, uint64_t desc_size,
		   const struct bootinfo_mem_range *claims, int nclaims,
		   struct bootinfo_mem_range *out, int out_max)
{
	const uint8_t *p = map;
	uint64_t off;
	int i, n = 0;

	if (desc_size < sizeof(struct uefi_mem_desc))
		return -1;
	for (off = 0; off + desc_size <= map_size; off += desc_size) {
		const struct uefi_mem_desc *d = (const void *)(p + off);

		if (d->pages == 0 || d->pages > (~0ULL - d->phys_start) / PAGE_SIZE)
			continue;	/* empty or wrapping: ignore */
		if (n == out_max)
			return -1;
		out[n].base = d->phys_start;
		out[n].length = d->pages * PAGE_SIZE;
		out[n].type = memmap_type_of(d->type);
		out[n].reserved = 0;
		n++;
	}
	n = normalize(out, n);
	for (i = 0; i < nclaims; i++) {
		if (claims[i].length == 0)
			continue;
		if (carve(out, &n, out_max, claims[i].base, claims[i].length) ||
		    n == out_max)
			return -1;
		out[n++] = claims[i];
	}
	return normalize(out, n);
}
