/*
 * Host tests of kernel/pmm.c. A 64 MiB host buffer plays physical memory
 * [0, 64 MiB) behind P2V(); the memory map below has usable RAM below
 * and above 1 MiB, reserved holes, a loader-reclaimable range freed
 * later, and an MMIO range far above RAM. What the allocator should
 * manage is worked out here from the map, page by page, independently
 * of pmm.c.
 */
#include "check.h"

#include "errno.h"
#include "pmm.h"
#include "stubs.h"

#define RAM_SIZE	(64UL << 20)
#define RAM_PAGES	(RAM_SIZE / PAGE_SIZE)
#define LOW_MEMORY	0x100000UL
#define LOADER_BASE	0x900000UL
#define LOADER_LEN	0x100000UL

static const struct bootinfo_mem_range map[] = {
	{ 0x0, 0x9f000, BOOT_MEM_USABLE, 0 },		/* below 1 MiB */
	{ 0x9f000, 0x61000, BOOT_MEM_RESERVED, 0 },
	{ 0x100000, 0x700000, BOOT_MEM_USABLE, 0 },	/* the page array */
	{ 0x800000, 0x100000, BOOT_MEM_ACPI_NVS, 0 },
	{ LOADER_BASE, LOADER_LEN, BOOT_MEM_LOADER_RECLAIMABLE, 0 },
	{ 0xa00000, 0x5f0000, BOOT_MEM_USABLE, 0 },
	{ 0xff0000, 0x10000, BOOT_MEM_BAD, 0 },
	{ 0x1000000, 0x2000000, BOOT_MEM_USABLE, 0 },	/* 8 whole 4 MiB */
	{ 0x3000000, 0x1000, BOOT_MEM_RESERVED, 0 },
	{ 0x3001000, 0x2000, BOOT_MEM_USABLE, 0 },
	{ 0x3003000, 0xfd000, BOOT_MEM_KERNEL_AND_FILES, 0 },
	{ 0x3100000, 0xef0000, BOOT_MEM_USABLE, 0 },
	{ 0x3ff0000, 0x10000, BOOT_MEM_ACPI_RECLAIMABLE, 0 },
	{ 0xfee00000, 0x1000, BOOT_MEM_MMIO, 0 },
};

static uint64_t array_pa, array_bytes;	/* where pmm_init should put it */
static int loader_freed;
static uint8_t owned[RAM_PAGES];	/* pages handed out to this test */

/* Should the allocator hand out the page at pa? */
static int managed(uint64_t pa)
{
	size_t i;

	if (pa < LOW_MEMORY || (pa >= array_pa && pa < array_pa + array_bytes))
		return 0;
	if (loader_freed && pa >= LOADER_BASE && pa < LOADER_BASE + LOADER_LEN)
		return 1;
	for (i = 0; i < ARRAY_LEN(map); i++)
		if (map[i].type == BOOT_MEM_USABLE && pa >= map[i].base &&
		    pa < map[i].base + map[i].length)
			return 1;
	return 0;
}

/* Aligned blocks of 2^order pages made only of managed pages. */
static uint64_t managed_blocks(unsigned order)
{
	uint64_t pfn, i, n = 0, len = 1UL << order;

	for (pfn = 0; pfn < RAM_PAGES; pfn += len) {
		for (i = 0; i < len && managed((pfn + i) * PAGE_SIZE); i++)
			;
		n += i == len;
	}
	return n;
}

/* Fresh RAM and a fresh allocator over map. */
static void setup(void)
{
	host_ram_init(0, RAM_SIZE);
	/* The first usable range above 1 MiB: 1 MiB to 8 MiB. */
	array_pa = LOW_MEMORY;
	array_bytes = PAGE_ROUND_UP(RAM_PAGES * sizeof(struct page));
	loader_freed = 0;
	memset(owned, 0, sizeof(owned));
	if (!CHECK_EQ(pmm_init(map, ARRAY_LEN(map)), 0))
		exit(1);
}

static void free_loader_range(void)
{
	pmm_free_range(LOADER_BASE, LOADER_LEN);
	loader_freed = 1;
}

/* Take a block for the test, checking it against the model. */
static paddr_t take(unsigned order)
{
	paddr_t pa = pmm_alloc_pages(order);
	uint64_t i, n = 1UL << order;

	if (!pa)
		return 0;
	CHECK_EQ(pa % (PAGE_SIZE << order), 0);
	CHECK_EQ(pmm_page(pa)->refcount, 1);
	for (i = 0; i < n; i++) {
		uint64_t pfn = pa / PAGE_SIZE + i;

		if (!CHECK(pfn < RAM_PAGES && managed(pfn * PAGE_SIZE)) ||
		    !CHECK(!owned[pfn])) {
			printf("    page %#llx of block %#llx order %u\n",
			       (unsigned long long)(pfn * PAGE_SIZE),
			       (unsigned long long)pa, order);
			exit(1);
		}
		owned[pfn] = 1;
		*(uint64_t *)P2V(pfn * PAGE_SIZE) = pa ^ i;	/* a stamp */
	}
	return pa;
}

/* Give back a block from take(), checking its stamps survived. */
static void give(paddr_t pa, unsigned order)
{
	uint64_t i, n = 1UL << order;

	for (i = 0; i < n; i++) {
		uint64_t pfn = pa / PAGE_SIZE + i;

		CHECK_EQ(*(uint64_t *)P2V(pfn * PAGE_SIZE), pa ^ i);
		owned[pfn] = 0;
	}
	pmm_free_pages(pa, order);
}

static void check_balanced(void)
{
	CHECK_EQ(stub_locks_held(), 0);
	CHECK_EQ(stub_irq_depth(), 0);
}

static void page_array_placed_in_first_range_that_fits(void)
{
	setup();
	CHECK((void *)pmm_page(0) == P2V(array_pa));
	CHECK((void *)pmm_page(RAM_SIZE - PAGE_SIZE) ==
	      P2V(array_pa + (RAM_PAGES - 1) * sizeof(struct page)));
	CHECK_EQ(pmm_page_addr(pmm_page(0x1234000)), 0x1234000);
}

/* One page too small for the array, then exactly its size. */
static void page_array_skips_ranges_too_small(void)
{
	static const struct bootinfo_mem_range small[] = {
		{ 0x0, 0x9f000, BOOT_MEM_USABLE, 0 },
		{ 0x100000, 0x4f000, BOOT_MEM_USABLE, 0 },
		{ 0x14f000, 0x1000, BOOT_MEM_RESERVED, 0 },
		{ 0x150000, 0x50000, BOOT_MEM_USABLE, 0 },
		{ 0x1a0000, 0x1000, BOOT_MEM_RESERVED, 0 },
		{ 0x1a1000, RAM_SIZE - 0x1a1000, BOOT_MEM_USABLE, 0 },
	};

	host_ram_init(0, RAM_SIZE);
	if (!CHECK_EQ(PAGE_ROUND_UP(RAM_PAGES * sizeof(struct page)),
		      0x50000) ||
	    !CHECK_EQ(pmm_init(small, ARRAY_LEN(small)), 0))
		return;
	CHECK((void *)pmm_page(0) == P2V(0x150000));
	CHECK_EQ(pmm_total_pages(),
		 (0x4f000 + RAM_SIZE - 0x1a1000) / PAGE_SIZE);
	CHECK_EQ(pmm_free_pages_count(), pmm_total_pages());
}

/* RAM ending 5 pages past 16 MiB: the last page's buddy would be the
   frame just past the end, whose struct page would lie beyond the array.
   A decoy there that looks free must not be merged with. */
static void no_buddy_merged_past_end_of_ram(void)
{
	static const struct bootinfo_mem_range odd[] = {
		{ 0x100000, 0xf05000, BOOT_MEM_USABLE, 0 },
	};
	uint64_t end_pfn = 0x1005, n = 0;
	uint64_t bytes = PAGE_ROUND_UP(end_pfn * sizeof(struct page));
	struct page *decoy;
	paddr_t pa;

	host_ram_init(0, end_pfn * PAGE_SIZE);
	decoy = (struct page *)P2V(0x100000) + end_pfn;
	if (!CHECK((void *)(decoy + 1) <= P2V(0x100000 + bytes)))
		return;
	*decoy = (struct page){ .next = PFN_NONE, .prev = PFN_NONE,
				.flags = PG_FREE, .order = 0 };
	if (!CHECK_EQ(pmm_init(odd, ARRAY_LEN(odd)), 0))
		return;
	while ((pa = pmm_alloc_page()) != 0) {
		CHECK(pa >= 0x100000 + bytes && pa < end_pfn * PAGE_SIZE);
		n++;
	}
	CHECK_EQ(n, (0xf05000 - bytes) / PAGE_SIZE);
}

static void init_without_room_for_page_array_fails(void)
{
	static const struct bootinfo_mem_range tight[] = {
		{ 0x0, 0x9f000, BOOT_MEM_USABLE, 0 },
		{ 0x100000, 0x1000, BOOT_MEM_USABLE, 0 },
		{ 0x101000, 0x3eff000, BOOT_MEM_KERNEL_AND_FILES, 0 },
	};

	host_ram_init(0, RAM_SIZE);
	CHECK_EQ(pmm_init(tight, ARRAY_LEN(tight)), -ENOMEM);
}

static void total_pages_equal_managed_pages(void)
{
	setup();
	CHECK_EQ(pmm_total_pages(), managed_blocks(0));
	CHECK_EQ(pmm_free_pages_count(), pmm_total_pages());
	/* What the map above works out to, as a cross-check of managed(). */
	CHECK_EQ(managed_blocks(0), (0x700000 - array_bytes + 0x5f0000 +
				     0x2000000 + 0x2000 + 0xef0000) /
				    PAGE_SIZE);
	check_balanced();
}

static paddr_t all[RAM_PAGES];

static void every_page_handed_out_once_then_exhausted(void)
{
	uint64_t n = 0, i;
	unsigned order;

	setup();
	while ((all[n] = take(0)) != 0)
		n++;
	CHECK_EQ(n, managed_blocks(0));
	CHECK_EQ(pmm_free_pages_count(), 0);
	for (order = 0; order <= PMM_MAX_ORDER; order++)
		CHECK_EQ(pmm_alloc_pages(order), 0);
	for (i = 0; i < n; i++)
		give(all[i], 0);
	CHECK_EQ(pmm_free_pages_count(), pmm_total_pages());
	check_balanced();
}

static uint64_t rnd_state = 0x853c49e6748fea9bULL;

static uint64_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

/* Allocate order blocks until none is left; free them; return count. */
static uint64_t count_allocatable(unsigned order)
{
	uint64_t n = 0, i;

	while ((all[n] = take(order)) != 0)
		n++;
	for (i = 0; i < n; i++)
		give(all[i], order);
	return n;
}

static void free_all_in_random_order_coalesces_to_max_order(void)
{
	uint64_t n = 0, i;

	setup();
	while ((all[n] = take(0)) != 0)
		n++;
	for (i = n; i > 1; i--) {		/* shuffle */
		uint64_t j = rnd() % i;
		paddr_t t = all[i - 1];

		all[i - 1] = all[j];
		all[j] = t;
	}
	for (i = 0; i < n; i++)
		give(all[i], 0);
	CHECK(managed_blocks(PMM_MAX_ORDER) >= 8);
	CHECK_EQ(count_allocatable(PMM_MAX_ORDER),
		 managed_blocks(PMM_MAX_ORDER));
}

static void blocks_aligned_to_their_order(void)
{
	unsigned order;
	int i;

	setup();
	for (order = 0; order <= PMM_MAX_ORDER; order++) {
		paddr_t pa[4];

		for (i = 0; i < 4; i++)		/* take() checks them */
			CHECK((pa[i] = take(order)) != 0);
		for (i = 0; i < 4; i++)
			if (pa[i])
				give(pa[i], order);
	}
	CHECK_EQ(pmm_alloc_pages(PMM_MAX_ORDER + 1), 0);
	CHECK_EQ(pmm_free_pages_count(), pmm_total_pages());
}

static void loader_range_freed_adds_exactly_its_pages(void)
{
	uint64_t total, nfree;

	setup();
	total = pmm_total_pages();
	nfree = pmm_free_pages_count();
	free_loader_range();
	CHECK_EQ(pmm_total_pages(), total + LOADER_LEN / PAGE_SIZE);
	CHECK_EQ(pmm_free_pages_count(), nfree + LOADER_LEN / PAGE_SIZE);
	CHECK_EQ(pmm_total_pages(), managed_blocks(0));
	/* Its 1 MiB is one aligned block, and every page can be had. */
	CHECK_EQ(count_allocatable(8), managed_blocks(8));
	CHECK_EQ(count_allocatable(0), managed_blocks(0));
	check_balanced();
}

static void free_range_rounds_inward_and_skips_low_memory(void)
{
	uint64_t total;

	setup();
	total = pmm_total_pages();
	pmm_free_range(0x9f000, 0x61000);		/* below 1 MiB */
	CHECK_EQ(pmm_total_pages(), total);
	pmm_free_range(0x3003800, 0x2000);		/* one whole page */
	CHECK_EQ(pmm_total_pages(), total + 1);
	pmm_free_range(0x3006000, 0xfff);		/* no whole page */
	CHECK_EQ(pmm_total_pages(), total + 1);
	pmm_free_range(0x3ff0000, 0x20000);		/* past the last pfn */
	CHECK_EQ(pmm_total_pages(), total + 1 + 0x10);
	CHECK_EQ(pmm_free_pages_count(), pmm_total_pages());
	check_balanced();
}

static void freeing_range_twice_panics(void)
{
	setup();
	free_loader_range();
	CHECK_PANICS(pmm_free_range(LOADER_BASE, PAGE_SIZE), "already managed");
	CHECK_PANICS(pmm_free_range(0x2000000, PAGE_SIZE), "already managed");
	check_balanced();
}

static void double_free_panics(void)
{
	paddr_t pa;

	setup();
	pa = pmm_alloc_page();
	pmm_free_page(pa);
	CHECK_PANICS(pmm_free_page(pa), "already free");
	pa = pmm_alloc_pages(3);
	pmm_free_pages(pa, 3);
	CHECK_PANICS(pmm_free_pages(pa, 3), "already free");
	check_balanced();
}

/* The second page of a pair is freed after the first, so it merges into
   its buddy's block and is no longer a block head; freeing it again must
   still be caught, not put a page of a free block on a free list. */
static void double_free_after_buddy_merge_panics(void)
{
	paddr_t a = 0, b;
	uint64_t nfree;
	int i;

	setup();
	for (i = 0; i < 10; i++) {	/* past any lone pages: a pair */
		b = pmm_alloc_page();
		if (a && b == a + PAGE_SIZE && (a / PAGE_SIZE) % 2 == 0)
			break;
		a = b;
	}
	if (!CHECK(i < 10))
		return;
	pmm_free_page(a);
	pmm_free_page(b);
	nfree = pmm_free_pages_count();
	CHECK_PANICS(pmm_free_page(b), "pmm_free_pages");
	CHECK_EQ(pmm_free_pages_count(), nfree);
}

static void freeing_with_wrong_order_panics(void)
{
	paddr_t pa;

	setup();
	pa = pmm_alloc_pages(2);
	CHECK_PANICS(pmm_free_pages(pa, 1), "order");
	CHECK_PANICS(pmm_free_pages(pa, 0), "order");
	CHECK_PANICS(pmm_free_pages(pa + PAGE_SIZE, 2), "pmm_free_pages");
	CHECK_PANICS(pmm_free_pages(pa, PMM_MAX_ORDER + 1), "bad block");
	pmm_free_pages(pa, 2);			/* still intact */
	CHECK_EQ(pmm_free_pages_count(), pmm_total_pages());
	check_balanced();
}

static void freeing_unmanaged_frame_panics(void)
{
	static const paddr_t frames[] = {
		0x0, 0x1000, 0x9e000,		/* usable, but below 1 MiB */
		0x9f000,			/* reserved */
		LOW_MEMORY,			/* the page array */
		0x800000,			/* ACPI NVS */
		LOADER_BASE,			/* not freed yet */
		0xff0000,			/* bad RAM */
		0x3003000,			/* kernel and files */
		0x3ff0000,			/* ACPI reclaimable */
	};
	size_t i;

	setup();
	for (i = 0; i < ARRAY_LEN(frames); i++)
		CHECK_PANICS(pmm_free_page(frames[i]), "not managed");
	CHECK_PANICS(pmm_free_page(RAM_SIZE), "bad block");
	CHECK_PANICS(pmm_free_page(0xfee00000), "bad block");
	CHECK_PANICS(pmm_free_page(0x2000800), "bad block");
	CHECK_EQ(pmm_free_pages_count(), pmm_total_pages());
	check_balanced();
}

static void random_alloc_free_never_hands_out_a_frame_twice(void)
{
	static struct { paddr_t pa; unsigned order; } live[8192];
	int nlive = 0, step, failed_allocs = 0;
	unsigned order;

	setup();
	free_loader_range();
	for (step = 0; step < 100000 && !check_failures; step++) {
		int grow = nlive == 0 || rnd() % 8 < 5;

		if (grow && nlive < (int)ARRAY_LEN(live)) {
			order = rnd() % 4 ? rnd() % 3 :
				rnd() % (PMM_MAX_ORDER + 1);
			live[nlive].pa = take(order);
			live[nlive].order = order;
			if (live[nlive].pa)
				nlive++;
			else
				failed_allocs++;
		} else {
			int i = rnd() % nlive;

			give(live[i].pa, live[i].order);
			live[i] = live[--nlive];
		}
	}
	CHECK(failed_allocs > 0);	/* memory did run out on the way */
	while (nlive > 0) {
		nlive--;
		give(live[nlive].pa, live[nlive].order);
	}
	CHECK_EQ(pmm_free_pages_count(), pmm_total_pages());
	for (order = 0; order <= PMM_MAX_ORDER; order++)
		if (!CHECK_EQ(count_allocatable(order), managed_blocks(order)))
			printf("    for order %u\n", order);
	check_balanced();
}

static const struct check_case cases[] = {
	{ "page_array_placed_in_first_range_that_fits",
	  page_array_placed_in_first_range_that_fits },
	{ "page_array_skips_ranges_too_small",
	  page_array_skips_ranges_too_small },
	{ "no_buddy_merged_past_end_of_ram", no_buddy_merged_past_end_of_ram },
	{ "init_without_room_for_page_array_fails",
	  init_without_room_for_page_array_fails },
	{ "total_pages_equal_managed_pages", total_pages_equal_managed_pages },
	{ "every_page_handed_out_once_then_exhausted",
	  every_page_handed_out_once_then_exhausted },
	{ "free_all_in_random_order_coalesces_to_max_order",
	  free_all_in_random_order_coalesces_to_max_order },
	{ "blocks_aligned_to_their_order", blocks_aligned_to_their_order },
	{ "loader_range_freed_adds_exactly_its_pages",
	  loader_range_freed_adds_exactly_its_pages },
	{ "free_range_rounds_inward_and_skips_low_memory",
	  free_range_rounds_inward_and_skips_low_memory },
	{ "freeing_range_twice_panics", freeing_range_twice_panics },
	{ "double_free_panics", double_free_panics },
	{ "double_free_after_buddy_merge_panics",
	  double_free_after_buddy_merge_panics },
	{ "freeing_with_wrong_order_panics", freeing_with_wrong_order_panics },
	{ "freeing_unmanaged_frame_panics", freeing_unmanaged_frame_panics },
	{ "random_alloc_free_never_hands_out_a_frame_twice",
	  random_alloc_free_never_hands_out_a_frame_twice },
};

int main(int argc, char **argv)
{
	return check_run(cases, ARRAY_LEN(cases), argc, argv);
}
