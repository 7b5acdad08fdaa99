/*
 * Host tests of loader/memmap.c: UEFI memory descriptors (48 bytes
 * apart, as real firmware lays them out, with junk after the fields we
 * know) into the boot-info memory map. Every result is also checked to
 * be sorted, non-overlapping, page-aligned and merged; random maps are
 * compared page by page with a model.
 */
#include "check.h"

#include "../../loader/memmap.h"

#define DESC_SIZE	48
#define MAX_DESC	160
#define PG		4096ULL

struct fwmap {
	int n;
	uint8_t bytes[DESC_SIZE * MAX_DESC];
};

static void fw_add(struct fwmap *m, uint32_t type, uint64_t base,
		   uint64_t pages)
{
	struct uefi_mem_desc d = {
		.type = type, .pad = 0xdeadbeef, .phys_start = base,
		.virt_start = 0x5a5a5a5a5a5a5000ULL, .pages = pages,
		.attribute = 0x800000000000000fULL,
	};
	uint8_t *p = m->bytes + DESC_SIZE * m->n++;

	memset(p, 0xa5, DESC_SIZE);
	memcpy(p, &d, sizeof(d));
}

/* Sorted, non-overlapping, page-aligned, non-empty, merged. */
static void check_well_formed(const struct bootinfo_mem_range *r, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		CHECK(r[i].base % PG == 0 && r[i].length % PG == 0);
		CHECK(r[i].length > 0);
		if (i == 0)
			continue;
		CHECK(r[i - 1].base + r[i - 1].length <= r[i].base);
		CHECK(r[i - 1].base + r[i - 1].length != r[i].base ||
		      r[i - 1].type != r[i].type);
	}
}

/* memmap_convert() on an exact-size copy of the map. */
static int convert_sized(const struct fwmap *m, uint64_t map_size,
			 uint64_t desc_size,
			 const struct bootinfo_mem_range *claims, int nclaims,
			 struct bootinfo_mem_range *out, int out_max)
{
	void *copy = malloc(map_size ? map_size : 1);
	int n;

	memcpy(copy, m->bytes, map_size);
	n = memmap_convert(copy, map_size, desc_size, claims, nclaims, out,
			   out_max);
	free(copy);
	if (n >= 0)
		check_well_formed(out, n);
	return n;
}

static int convert(const struct fwmap *m,
		   const struct bootinfo_mem_range *claims, int nclaims,
		   struct bootinfo_mem_range *out, int out_max)
{
	return convert_sized(m, (uint64_t)m->n * DESC_SIZE, DESC_SIZE, claims,
			     nclaims, out, out_max);
}

/* Ranges given in pages: { first page, pages, type }. */
struct want {
	uint64_t page, pages;
	uint32_t type;
};

#define CHECK_RANGES(out, n, ...) \
	check_ranges((out), (n), (const struct want[]){ __VA_ARGS__ }, \
		     sizeof((const struct want[]){ __VA_ARGS__ }) / \
		     sizeof(struct want), __FILE__, __LINE__)

static void check_ranges(const struct bootinfo_mem_range *r, int n,
			 const struct want *w, int nw, const char *file,
			 int line)
{
	int i;

	if (n != nw) {
		check_fail(file, line, "%d ranges, expected %d", n, nw);
		for (i = 0; i < n; i++)
			printf("    [%#llx, +%#llx) type %u\n",
			       (unsigned long long)r[i].base,
			       (unsigned long long)r[i].length, r[i].type);
		return;
	}
	for (i = 0; i < n; i++)
		if (r[i].base != w[i].page * PG ||
		    r[i].length != w[i].pages * PG || r[i].type != w[i].type)
			check_fail(file, line, "range %d is [%#llx, +%#llx) "
				   "type %u, expected [%#llx, +%#llx) type %u",
				   i, (unsigned long long)r[i].base,
				   (unsigned long long)r[i].length, r[i].type,
				   (unsigned long long)(w[i].page * PG),
				   (unsigned long long)(w[i].pages * PG),
				   w[i].type);
}

static void uefi_types_map_to_contract_types(void)
{
	/* UEFI 2.10 table 7.10, by number. */
	static const struct { uint32_t uefi, type; } t[] = {
		{ 0, BOOT_MEM_RESERVED },		/* reserved */
		{ 1, BOOT_MEM_LOADER_RECLAIMABLE },	/* loader code */
		{ 2, BOOT_MEM_LOADER_RECLAIMABLE },	/* loader data */
		{ 3, BOOT_MEM_LOADER_RECLAIMABLE },	/* boot services code */
		{ 4, BOOT_MEM_LOADER_RECLAIMABLE },	/* boot services data */
		{ 5, BOOT_MEM_FIRMWARE },		/* runtime code */
		{ 6, BOOT_MEM_FIRMWARE },		/* runtime data */
		{ 7, BOOT_MEM_USABLE },			/* conventional */
		{ 8, BOOT_MEM_BAD },			/* unusable */
		{ 9, BOOT_MEM_ACPI_RECLAIMABLE },	/* ACPI reclaim */
		{ 10, BOOT_MEM_ACPI_NVS },		/* ACPI NVS */
		{ 11, BOOT_MEM_MMIO },			/* MMIO */
		{ 12, BOOT_MEM_MMIO },			/* MMIO port space */
		{ 13, BOOT_MEM_RESERVED },		/* PAL code */
		{ 14, BOOT_MEM_PERSISTENT },		/* persistent */
		{ 15, BOOT_MEM_RESERVED },		/* unaccepted */
		{ 16, BOOT_MEM_RESERVED },		/* beyond the list */
		{ 0x70000000, BOOT_MEM_RESERVED },	/* OEM */
		{ 0x80000000, BOOT_MEM_RESERVED },	/* OS loader */
		{ 0xffffffff, BOOT_MEM_RESERVED },
	};
	size_t i;

	for (i = 0; i < ARRAY_LEN(t); i++)
		if (!CHECK_EQ(memmap_type_of(t[i].uefi), t[i].type))
			printf("    for UEFI type %#x\n", t[i].uefi);
	CHECK_EQ(UEFI_CONVENTIONAL, 7);
	CHECK_EQ(UEFI_UNACCEPTED, 15);
}

static void descriptor_stride_of_48_honoured(void)
{
	struct bootinfo_mem_range out[8];
	struct fwmap m = { 0 };
	int n;

	fw_add(&m, UEFI_CONVENTIONAL, 0x100 * PG, 16);
	fw_add(&m, UEFI_ACPI_NVS, 0x200 * PG, 1);
	fw_add(&m, UEFI_RUNTIME_SERVICES_DATA, 0x300 * PG, 2);
	n = convert(&m, NULL, 0, out, 8);
	CHECK_RANGES(out, n, { 0x100, 16, BOOT_MEM_USABLE },
		     { 0x200, 1, BOOT_MEM_ACPI_NVS },
		     { 0x300, 2, BOOT_MEM_FIRMWARE });
	CHECK_EQ(out[0].reserved, 0);
}

static void descriptor_size_below_struct_rejected(void)
{
	struct bootinfo_mem_range out[8];
	struct fwmap m = { 0 };
	int n;

	fw_add(&m, UEFI_CONVENTIONAL, 0, 16);
	CHECK_EQ(convert_sized(&m, 40, 39, NULL, 0, out, 8), -1);
	CHECK_EQ(convert_sized(&m, 40, 0, NULL, 0, out, 8), -1);
	n = convert_sized(&m, 40, 40, NULL, 0, out, 8);
	CHECK_RANGES(out, n, { 0, 16, BOOT_MEM_USABLE });
}

static void trailing_partial_descriptor_ignored(void)
{
	struct bootinfo_mem_range out[8];
	struct fwmap m = { 0 };
	int n;

	fw_add(&m, UEFI_CONVENTIONAL, 0, 16);
	fw_add(&m, UEFI_ACPI_RECLAIM, 32 * PG, 4);
	fw_add(&m, UEFI_MMIO, 64 * PG, 4);
	n = convert_sized(&m, 2 * DESC_SIZE + DESC_SIZE - 1, DESC_SIZE, NULL, 0,
			  out, 8);
	CHECK_RANGES(out, n, { 0, 16, BOOT_MEM_USABLE },
		     { 32, 4, BOOT_MEM_ACPI_RECLAIMABLE });
	CHECK_EQ(convert_sized(&m, 0, DESC_SIZE, NULL, 0, out, 8), 0);
}

static void unsorted_input_sorted(void)
{
	struct bootinfo_mem_range out[8];
	struct fwmap m = { 0 };
	int n;

	fw_add(&m, UEFI_MMIO, 0xfee00 * PG, 1);
	fw_add(&m, UEFI_CONVENTIONAL, 0x100 * PG, 0x700);
	fw_add(&m, UEFI_RESERVED, 0xa0 * PG, 0x60);
	fw_add(&m, UEFI_ACPI_NVS, 0x900 * PG, 0x10);
	fw_add(&m, UEFI_CONVENTIONAL, 0, 0x9f);
	n = convert(&m, NULL, 0, out, 8);
	CHECK_RANGES(out, n, { 0, 0x9f, BOOT_MEM_USABLE },
		     { 0xa0, 0x60, BOOT_MEM_RESERVED },
		     { 0x100, 0x700, BOOT_MEM_USABLE },
		     { 0x900, 0x10, BOOT_MEM_ACPI_NVS },
		     { 0xfee00, 1, BOOT_MEM_MMIO });
}

static void adjacent_same_type_merged(void)
{
	struct bootinfo_mem_range out[8];
	struct fwmap m = { 0 };
	int n;

	fw_add(&m, UEFI_CONVENTIONAL, 16 * PG, 16);
	fw_add(&m, UEFI_LOADER_DATA, 40 * PG, 8);
	fw_add(&m, UEFI_CONVENTIONAL, 0, 16);
	fw_add(&m, UEFI_BOOT_SERVICES_CODE, 32 * PG, 8);
	fw_add(&m, UEFI_LOADER_CODE, 48 * PG, 1);
	n = convert(&m, NULL, 0, out, 8);
	CHECK_RANGES(out, n, { 0, 32, BOOT_MEM_USABLE },
		     { 32, 17, BOOT_MEM_LOADER_RECLAIMABLE });
}

static void different_types_or_gaps_not_merged(void)
{
	struct bootinfo_mem_range out[8];
	struct fwmap m = { 0 };
	int n;

	fw_add(&m, UEFI_CONVENTIONAL, 0, 16);
	fw_add(&m, UEFI_ACPI_RECLAIM, 16 * PG, 16);
	fw_add(&m, UEFI_CONVENTIONAL, 32 * PG, 16);
	fw_add(&m, UEFI_CONVENTIONAL, 49 * PG, 16);
	n = convert(&m, NULL, 0, out, 8);
	CHECK_RANGES(out, n, { 0, 16, BOOT_MEM_USABLE },
		     { 16, 16, BOOT_MEM_ACPI_RECLAIMABLE },
		     { 32, 16, BOOT_MEM_USABLE },
		     { 49, 16, BOOT_MEM_USABLE });
}

static void overlapping_descriptors_clipped(void)
{
	struct bootinfo_mem_range out[8];
	struct fwmap m = { 0 };
	uint64_t covered = 0;
	int n, i;

	fw_add(&m, UEFI_CONVENTIONAL, 0, 32);
	fw_add(&m, UEFI_RESERVED, 16 * PG, 32);
	fw_add(&m, UEFI_ACPI_RECLAIM, 20 * PG, 4);	/* inside both */
	fw_add(&m, UEFI_CONVENTIONAL, 4 * PG, 4);	/* inside, same type */
	n = convert(&m, NULL, 0, out, 8);
	for (i = 0; i < n; i++)
		covered += out[i].length;
	CHECK_EQ(covered, 48 * PG);
	CHECK(n >= 2 && out[0].base == 0 && out[0].type == BOOT_MEM_USABLE);
	CHECK(n >= 2 && out[n - 1].base + out[n - 1].length == 48 * PG &&
	      out[n - 1].type == BOOT_MEM_RESERVED);
}

static void zero_page_descriptors_dropped(void)
{
	struct bootinfo_mem_range out[8];
	struct fwmap m = { 0 };
	int n;

	fw_add(&m, UEFI_ACPI_NVS, 8 * PG, 0);
	fw_add(&m, UEFI_CONVENTIONAL, 0, 8);
	fw_add(&m, UEFI_MMIO, 4 * PG, 0);
	fw_add(&m, UEFI_CONVENTIONAL, 8 * PG, 8);
	fw_add(&m, UEFI_RESERVED, 100 * PG, 0);
	n = convert(&m, NULL, 0, out, 8);
	CHECK_RANGES(out, n, { 0, 16, BOOT_MEM_USABLE });
}

static void wrapping_descriptor_dropped(void)
{
	struct bootinfo_mem_range out[8];
	struct fwmap m = { 0 };
	int n;

	fw_add(&m, UEFI_CONVENTIONAL, 0, 8);
	fw_add(&m, UEFI_MMIO, 0xfffffffffffff000ULL, 2);
	fw_add(&m, UEFI_MMIO, 0x8000000000000000ULL, 1ULL << 52);
	n = convert(&m, NULL, 0, out, 8);
	CHECK_RANGES(out, n, { 0, 8, BOOT_MEM_USABLE });
}

static const struct bootinfo_mem_range *claim(uint64_t page, uint64_t pages)
{
	static struct bootinfo_mem_range c;

	c = (struct bootinfo_mem_range){ page * PG, pages * PG,
					 BOOT_MEM_KERNEL_AND_FILES, 0 };
	return &c;
}

/* Usable [0, 64) pages, ACPI [64, 80), usable [80, 96). */
static void three_ranges(struct fwmap *m)
{
	fw_add(m, UEFI_CONVENTIONAL, 0, 64);
	fw_add(m, UEFI_ACPI_RECLAIM, 64 * PG, 16);
	fw_add(m, UEFI_CONVENTIONAL, 80 * PG, 16);
}

static void claim_in_middle_splits_range(void)
{
	struct bootinfo_mem_range out[8];
	struct fwmap m = { 0 };
	int n;

	three_ranges(&m);
	n = convert(&m, claim(16, 8), 1, out, 8);
	CHECK_RANGES(out, n, { 0, 16, BOOT_MEM_USABLE },
		     { 16, 8, BOOT_MEM_KERNEL_AND_FILES },
		     { 24, 40, BOOT_MEM_USABLE },
		     { 64, 16, BOOT_MEM_ACPI_RECLAIMABLE },
		     { 80, 16, BOOT_MEM_USABLE });
}

static void claim_at_either_edge_trims_range(void)
{
	struct bootinfo_mem_range out[8];
	struct fwmap m = { 0 };
	int n;

	three_ranges(&m);
	n = convert(&m, claim(0, 4), 1, out, 8);
	CHECK_RANGES(out, n, { 0, 4, BOOT_MEM_KERNEL_AND_FILES },
		     { 4, 60, BOOT_MEM_USABLE },
		     { 64, 16, BOOT_MEM_ACPI_RECLAIMABLE },
		     { 80, 16, BOOT_MEM_USABLE });
	n = convert(&m, claim(60, 4), 1, out, 8);
	CHECK_RANGES(out, n, { 0, 60, BOOT_MEM_USABLE },
		     { 60, 4, BOOT_MEM_KERNEL_AND_FILES },
		     { 64, 16, BOOT_MEM_ACPI_RECLAIMABLE },
		     { 80, 16, BOOT_MEM_USABLE });
}

static void claim_swallowing_whole_range_replaces_it(void)
{
	struct bootinfo_mem_range out[8];
	struct fwmap m = { 0 };
	int n;

	three_ranges(&m);
	n = convert(&m, claim(64, 16), 1, out, 8);
	CHECK_RANGES(out, n, { 0, 64, BOOT_MEM_USABLE },
		     { 64, 16, BOOT_MEM_KERNEL_AND_FILES },
		     { 80, 16, BOOT_MEM_USABLE });
	n = convert(&m, claim(0, 96), 1, out, 8);
	CHECK_RANGES(out, n, { 0, 96, BOOT_MEM_KERNEL_AND_FILES });
}

static void claim_spanning_two_ranges_trims_both(void)
{
	struct bootinfo_mem_range out[8];
	struct fwmap m = { 0 };
	int n;

	three_ranges(&m);
	n = convert(&m, claim(60, 8), 1, out, 8);
	CHECK_RANGES(out, n, { 0, 60, BOOT_MEM_USABLE },
		     { 60, 8, BOOT_MEM_KERNEL_AND_FILES },
		     { 68, 12, BOOT_MEM_ACPI_RECLAIMABLE },
		     { 80, 16, BOOT_MEM_USABLE });
}

static void several_claims_each_carved_and_merged(void)
{
	struct bootinfo_mem_range out[16], c[3];
	struct fwmap m = { 0 };
	int n;

	three_ranges(&m);
	c[0] = *claim(8, 4);
	c[1] = *claim(12, 4);			/* touches c[0]: one range */
	c[2] = *claim(100, 2);			/* in no range: kept */
	c[2].type = BOOT_MEM_LOADER_RECLAIMABLE;
	n = convert(&m, c, 3, out, 16);
	CHECK_RANGES(out, n, { 0, 8, BOOT_MEM_USABLE },
		     { 8, 8, BOOT_MEM_KERNEL_AND_FILES },
		     { 16, 48, BOOT_MEM_USABLE },
		     { 64, 16, BOOT_MEM_ACPI_RECLAIMABLE },
		     { 80, 16, BOOT_MEM_USABLE },
		     { 100, 2, BOOT_MEM_LOADER_RECLAIMABLE });
}

static void empty_claim_ignored(void)
{
	struct bootinfo_mem_range out[8];
	struct fwmap m = { 0 };
	int n;

	three_ranges(&m);
	n = convert(&m, claim(16, 0), 1, out, 3);
	CHECK_RANGES(out, n, { 0, 64, BOOT_MEM_USABLE },
		     { 64, 16, BOOT_MEM_ACPI_RECLAIMABLE },
		     { 80, 16, BOOT_MEM_USABLE });
}

static void output_too_small_rejected(void)
{
	struct bootinfo_mem_range out[8];
	struct fwmap m = { 0 };

	three_ranges(&m);
	CHECK_EQ(convert(&m, NULL, 0, out, 2), -1);
	CHECK_EQ(convert(&m, NULL, 0, out, 3), 3);
	/* A split needs two more: the second half and the claim. */
	CHECK_EQ(convert(&m, claim(16, 8), 1, out, 4), -1);
	CHECK_EQ(convert(&m, claim(16, 8), 1, out, 5), 5);
	CHECK_EQ(convert(&m, NULL, 0, out, 0), -1);
}

static uint64_t rnd_state = 0x2545f4914f6cdd1dULL;

static uint64_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

#define WINDOW	128	/* pages in a random map */

static const uint32_t some_types[] = {
	UEFI_CONVENTIONAL, UEFI_CONVENTIONAL, UEFI_CONVENTIONAL,
	UEFI_LOADER_DATA, UEFI_BOOT_SERVICES_CODE, UEFI_BOOT_SERVICES_DATA,
	UEFI_RUNTIME_SERVICES_DATA, UEFI_ACPI_RECLAIM, UEFI_ACPI_NVS,
	UEFI_RESERVED, UEFI_MMIO, UEFI_UNUSABLE, UEFI_PERSISTENT, 0x80000001,
};

/* Shuffle the descriptors of m in place. */
static void fw_shuffle(struct fwmap *m)
{
	uint8_t tmp[DESC_SIZE];
	int i, j;

	for (i = m->n - 1; i > 0; i--) {
		j = rnd() % (i + 1);
		memcpy(tmp, m->bytes + DESC_SIZE * i, DESC_SIZE);
		memcpy(m->bytes + DESC_SIZE * i, m->bytes + DESC_SIZE * j,
		       DESC_SIZE);
		memcpy(m->bytes + DESC_SIZE * j, tmp, DESC_SIZE);
	}
}

/* Compare out[0..n) with model[] (0: no range) for the window at base. */
static void check_model(const struct bootinfo_mem_range *out, int n,
			uint64_t base, const uint32_t *model)
{
	uint64_t pages = 0, want = 0, p;
	int i;

	for (p = 0; p < WINDOW; p++)
		want += model[p] != 0;
	for (i = 0; i < n; i++) {
		pages += out[i].length / PG;
		for (p = 0; p < out[i].length / PG; p++) {
			uint64_t at = (out[i].base - base) / PG + p;

			if (out[i].base < base || at >= WINDOW ||
			    model[at] != out[i].type) {
				check_fail(__FILE__, __LINE__, "page %#llx "
					   "has type %u, model says %u",
					   (unsigned long long)at, out[i].type,
					   at < WINDOW ? model[at] : 0);
				return;
			}
		}
	}
	CHECK_EQ(pages, want);
}

static void random_maps_match_page_model(void)
{
	int round;

	for (round = 0; round < 3000 && !check_failures; round++) {
		uint64_t base = (rnd() % (1ULL << 36)) * PG, p = 0;
		uint64_t in_bytes = 0, out_bytes = 0, hole_claimed = 0;
		struct bootinfo_mem_range out[256], c[4];
		uint32_t model[WINDOW] = { 0 }, desc[WINDOW] = { 0 };
		struct fwmap m = { 0 };
		int n, i, nc = rnd() % 5;

		while (p < WINDOW) {
			uint64_t len = 1 + rnd() % 12;
			uint32_t t = some_types[rnd() % ARRAY_LEN(some_types)];

			p += rnd() % 4 == 0 ? rnd() % 4 : 0;
			if (rnd() % 8 == 0)
				fw_add(&m, t, base + p * PG, 0);
			if (p + len > WINDOW)
				break;
			fw_add(&m, t, base + p * PG, len);
			in_bytes += len * PG;
			for (i = 0; i < (int)len; i++)
				desc[p + i] = model[p + i] = memmap_type_of(t);
			p += len;
		}
		for (i = 0, p = 0; i < nc && p < WINDOW - 1; i++) {
			uint64_t at = p + rnd() % 16, len = 1 + rnd() % 8, q;

			if (at + len > WINDOW)
				break;
			c[i] = (struct bootinfo_mem_range){
				base + at * PG, len * PG,
				rnd() % 2 ? BOOT_MEM_KERNEL_AND_FILES :
					    BOOT_MEM_LOADER_RECLAIMABLE, 0 };
			for (q = at; q < at + len; q++) {
				hole_claimed += desc[q] == 0;
				model[q] = c[i].type;
			}
			p = at + len;
		}
		nc = i;
		fw_shuffle(&m);
		n = convert(&m, c, nc, out, 256);
		if (!CHECK(n >= 0))
			break;
		check_model(out, n, base, model);
		for (i = 0; i < n; i++)
			out_bytes += out[i].length;
		CHECK_EQ(out_bytes, in_bytes + hole_claimed * PG);
	}
}

static void random_overlapping_maps_cover_their_union(void)
{
	int round;

	for (round = 0; round < 3000 && !check_failures; round++) {
		uint32_t types[WINDOW] = { 0 };	/* bit t: type t covers */
		struct bootinfo_mem_range out[256];
		struct fwmap m = { 0 };
		uint64_t covered = 0, p;
		int n, i, nd = 1 + rnd() % 40;

		for (i = 0; i < nd; i++) {
			uint64_t at = rnd() % WINDOW, len = 1 + rnd() % 32;
			uint32_t t = some_types[rnd() % ARRAY_LEN(some_types)];

			if (at + len > WINDOW)
				len = WINDOW - at;
			fw_add(&m, t, at * PG, len);
			for (p = at; p < at + len; p++)
				types[p] |= 1u << memmap_type_of(t);
		}
		n = convert(&m, NULL, 0, out, 256);
		if (!CHECK(n >= 0))
			break;
		for (i = 0; i < n; i++)
			for (p = out[i].base / PG;
			     p < (out[i].base + out[i].length) / PG; p++) {
				covered++;
				if (!CHECK(p < WINDOW &&
					   (types[p] & (1u << out[i].type))))
					return;
			}
		for (p = 0; p < WINDOW; p++)
			covered -= types[p] != 0;
		CHECK_EQ(covered, 0);
	}
}

static const struct check_case cases[] = {
	{ "uefi_types_map_to_contract_types",
	  uefi_types_map_to_contract_types },
	{ "descriptor_stride_of_48_honoured",
	  descriptor_stride_of_48_honoured },
	{ "descriptor_size_below_struct_rejected",
	  descriptor_size_below_struct_rejected },
	{ "trailing_partial_descriptor_ignored",
	  trailing_partial_descriptor_ignored },
	{ "unsorted_input_sorted", unsorted_input_sorted },
	{ "adjacent_same_type_merged", adjacent_same_type_merged },
	{ "different_types_or_gaps_not_merged",
	  different_types_or_gaps_not_merged },
	{ "overlapping_descriptors_clipped", overlapping_descriptors_clipped },
	{ "zero_page_descriptors_dropped", zero_page_descriptors_dropped },
	{ "wrapping_descriptor_dropped", wrapping_descriptor_dropped },
	{ "claim_in_middle_splits_range", claim_in_middle_splits_range },
	{ "claim_at_either_edge_trims_range",
	  claim_at_either_edge_trims_range },
	{ "claim_swallowing_whole_range_replaces_it",
	  claim_swallowing_whole_range_replaces_it },
	{ "claim_spanning_two_ranges_trims_both",
	  claim_spanning_two_ranges_trims_both },
	{ "several_claims_each_carved_and_merged",
	  several_claims_each_carved_and_merged },
	{ "empty_claim_ignored", empty_claim_ignored },
	{ "output_too_small_rejected", output_too_small_rejected },
	{ "random_maps_match_page_model", random_maps_match_page_model },
	{ "random_overlapping_maps_cover_their_union",
	  random_overlapping_maps_cover_their_union },
};

int main(int argc, char **argv)
{
	return check_run(cases, ARRAY_LEN(cases), argc, argv);
}
