/*
 * Host tests of kernel/kmalloc.c over kernel/pmm.c, with a 64 MiB host
 * buffer as physical memory. Every live object is filled with its own
 * pattern and checked later, so objects that overlap, or a heap that
 * writes into memory it handed out, show up as a broken pattern.
 */
#include "check.h"

#include "kmalloc.h"
#include "pmm.h"
#include "stubs.h"

#define RAM_SIZE	(64UL << 20)
#define NCLASSES	8		/* 16, 32, ..., 2048 */
#define MAX_LARGE	(PAGE_SIZE << PMM_MAX_ORDER)

static const struct bootinfo_mem_range map[] = {
	{ 0x0, 0x9f000, BOOT_MEM_USABLE, 0 },
	{ 0x9f000, 0x61000, BOOT_MEM_RESERVED, 0 },
	{ 0x100000, RAM_SIZE - 0x100000, BOOT_MEM_USABLE, 0 },
};

struct obj {
	uint8_t *p;
	size_t size;
};

static struct obj objs[8192];
static int nobjs;

static void setup(void)
{
	host_ram_init(0, RAM_SIZE);
	if (!CHECK_EQ(pmm_init(map, ARRAY_LEN(map)), 0))
		exit(1);
}

static uint8_t pattern(const struct obj *o, size_t i)
{
	return (uint8_t)((uintptr_t)o->p / 16 * 7 + o->size * 3 + i);
}

/* kmalloc size bytes as objs[nobjs++], filled with its pattern. */
static uint8_t *get(size_t size)
{
	struct obj *o = &objs[nobjs];
	size_t i;

	o->p = kmalloc(size);
	o->size = size;
	if (!o->p)
		return NULL;
	nobjs++;
	CHECK_EQ((uintptr_t)o->p % 16, 0);
	CHECK(V2P(o->p) >= 0x100000 && V2P(o->p) + size <= RAM_SIZE);
	for (i = 0; i < size; i++)
		o->p[i] = pattern(o, i);
	return o->p;
}

static int intact(const struct obj *o)
{
	size_t i;

	for (i = 0; i < o->size; i++)
		if (o->p[i] != pattern(o, i))
			return 0;
	return 1;
}

/* kfree objs[i] after checking its pattern. */
static void put(int i)
{
	if (!CHECK(intact(&objs[i])))
		printf("    object of %zu bytes at %p\n", objs[i].size,
		       (void *)objs[i].p);
	kfree(objs[i].p);
	objs[i] = objs[--nobjs];
}

static int by_address(const void *a, const void *b)
{
	const struct obj *x = a, *y = b;

	return x->p < y->p ? -1 : x->p > y->p;
}

/* All live objects: patterns intact and no two overlapping. */
static void check_live(void)
{
	int i, bad = 0;

	for (i = 0; i < nobjs; i++)
		bad += !intact(&objs[i]);
	CHECK_EQ(bad, 0);
	qsort(objs, nobjs, sizeof(objs[0]), by_address);
	for (i = 1, bad = 0; i < nobjs; i++)
		bad += objs[i - 1].p + objs[i - 1].size > objs[i].p;
	CHECK_EQ(bad, 0);
}

static void check_balanced(void)
{
	CHECK_EQ(stub_locks_held(), 0);
	CHECK_EQ(stub_irq_depth(), 0);
}

static void every_size_aligned_and_disjoint(void)
{
	static const size_t big[] = {
		8192, 8193, 65536, 1 << 20, (1 << 20) + 1, 3 << 20, MAX_LARGE,
	};
	uint64_t baseline;
	size_t size, i;

	setup();
	baseline = pmm_free_pages_count();
	for (size = 1; size <= 5000; size++)
		CHECK(get(size) != NULL);
	for (i = 0; i < ARRAY_LEN(big); i++)
		CHECK(get(big[i]) != NULL);
	check_live();
	while (nobjs > 0)			/* by address: interleaved */
		put(nobjs / 2);
	CHECK(pmm_free_pages_count() <= baseline);
	CHECK(baseline - pmm_free_pages_count() <= NCLASSES);
	check_balanced();
}

static void zero_size_gives_an_object(void)
{
	void *p, *q;

	setup();
	p = kmalloc(0);
	q = kmalloc(0);
	CHECK(p != NULL && q != NULL && p != q);
	kfree(p);
	kfree(q);
}

static void kfree_then_kmalloc_reuses_memory(void)
{
	uint64_t nfree;
	size_t size;
	void *p, *q;

	setup();
	for (size = 16; size <= KMALLOC_MAX_SMALL; size *= 2) {
		p = kmalloc(size);
		kfree(p);
		q = kmalloc(size - 1);
		CHECK(q == p);
		kfree(q);
	}
	nfree = pmm_free_pages_count();
	p = kmalloc(3 * PAGE_SIZE);
	CHECK_EQ(pmm_free_pages_count(), nfree - 4);
	kfree(p);
	CHECK_EQ(pmm_free_pages_count(), nfree);
	check_balanced();
}

static void kzalloc_zeroes(void)
{
	static const size_t sizes[] = { 1, 24, 100, 2048, 2049, 10000 };
	size_t i, j;

	setup();
	for (i = 0; i < ARRAY_LEN(sizes); i++) {
		uint8_t *p = kmalloc(sizes[i]), *q;

		memset(p, 0xff, sizes[i]);
		kfree(p);
		q = kzalloc(sizes[i]);
		for (j = 0; j < sizes[i] && q[j] == 0; j++)
			;
		if (!CHECK_EQ(j, sizes[i]))
			printf("    for size %zu\n", sizes[i]);
		kfree(q);
	}
}

static void kfree_null_ignored(void)
{
	uint64_t nfree;

	setup();
	nfree = pmm_free_pages_count();
	kfree(NULL);
	CHECK_EQ(pmm_free_pages_count(), nfree);
	check_balanced();
}

static void slab_page_holds_page_size_over_class_objects(void)
{
	size_t size;

	setup();
	for (size = 16; size <= KMALLOC_MAX_SMALL; size *= 2) {
		uint8_t *first = get(size);
		size_t n;

		for (n = 1; n < PAGE_SIZE / size; n++)
			CHECK(PAGE_ROUND_DOWN((uintptr_t)get(size)) ==
			      PAGE_ROUND_DOWN((uintptr_t)first));
		CHECK(PAGE_ROUND_DOWN((uintptr_t)get(size)) !=
		      PAGE_ROUND_DOWN((uintptr_t)first));
	}
	check_live();
}

static void kfree_inside_an_object_panics(void)
{
	uint8_t *small, *large;

	setup();
	small = kmalloc(64);
	large = kmalloc(3 * PAGE_SIZE);
	CHECK_PANICS(kfree(small + 16), "not the start of an object");
	CHECK_PANICS(kfree(small + 1), "not the start of an object");
	CHECK_PANICS(kfree(large + 16), "not allocated by kmalloc");
	CHECK_PANICS(kfree(large + PAGE_SIZE), "not allocated by kmalloc");
	kfree(small);				/* both still intact */
	kfree(large);
	check_balanced();
}

static void kfree_of_memory_kmalloc_never_gave_panics(void)
{
	paddr_t pa;

	setup();
	pa = pmm_alloc_page();
	CHECK_PANICS(kfree(P2V(pa)), "not allocated by kmalloc");
	CHECK_PANICS(kfree(P2V(0x2000000)), "not allocated by kmalloc");
	CHECK_PANICS(kfree(P2V(0x2001000)), "not allocated by kmalloc");
	CHECK_PANICS(kfree(P2V(0x1000)), "not allocated by kmalloc");
	CHECK_PANICS(kfree(P2V(RAM_SIZE)), "assertion failed");
	check_balanced();
}

static void double_kfree_panics(void)
{
	void *small, *large;

	setup();
	small = kmalloc(32);
	kfree(small);
	CHECK_PANICS(kfree(small), "kfree");
	large = kmalloc(5 * PAGE_SIZE);
	kfree(large);
	CHECK_PANICS(kfree(large), "kfree");
	check_balanced();
}

static void too_large_gives_null(void)
{
	void *p;

	setup();
	CHECK(kmalloc(MAX_LARGE + 1) == NULL);
	CHECK(kmalloc((size_t)-1) == NULL);
	CHECK(kzalloc((size_t)-1) == NULL);
	p = kmalloc(MAX_LARGE);
	CHECK(p != NULL);
	kfree(p);
}

static void exhausted_memory_gives_null(void)
{
	size_t size;

	setup();
	for (size = MAX_LARGE; size >= PAGE_SIZE; size /= 2)
		while (get(size))
			;
	CHECK_EQ(pmm_free_pages_count(), 0);
	for (size = 1; size <= 3 * PAGE_SIZE; size += 7)
		CHECK(kmalloc(size) == NULL);
	CHECK(kzalloc(100) == NULL);
	CHECK(kzalloc(5000) == NULL);
	check_balanced();
	put(0);					/* one page back */
	CHECK(get(16) != NULL);
	check_live();
	while (nobjs > 0)
		put(nobjs - 1);
	CHECK(pmm_free_pages_count() >= pmm_total_pages() - NCLASSES);
}

static uint64_t rnd_state = 0xda3e39cb94b95bdbULL;

static uint64_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

static void random_kmalloc_kfree_keeps_contents(void)
{
	uint64_t baseline;
	int step;

	setup();
	baseline = pmm_free_pages_count();
	for (step = 0; step < 200000 && !check_failures; step++) {
		if (nobjs < (int)ARRAY_LEN(objs) && rnd() % 16 < 9) {
			size_t size = rnd() % 64 ? 1 + rnd() % 600 :
				      1 + rnd() % 40000;

			if (!get(size))
				break;
		} else if (nobjs > 0) {
			put(rnd() % nobjs);
		}
		if (step % 20000 == 0)
			check_live();
	}
	CHECK(nobjs > 1000);
	check_live();
	while (nobjs > 0)
		put(rnd() % nobjs);
	CHECK(baseline - pmm_free_pages_count() <= NCLASSES);
	check_balanced();
}

static const struct check_case cases[] = {
	{ "every_size_aligned_and_disjoint", every_size_aligned_and_disjoint },
	{ "zero_size_gives_an_object", zero_size_gives_an_object },
	{ "kfree_then_kmalloc_reuses_memory",
	  kfree_then_kmalloc_reuses_memory },
	{ "kzalloc_zeroes", kzalloc_zeroes },
	{ "kfree_null_ignored", kfree_null_ignored },
	{ "slab_page_holds_page_size_over_class_objects",
	  slab_page_holds_page_size_over_class_objects },
	{ "kfree_inside_an_object_panics", kfree_inside_an_object_panics },
	{ "kfree_of_memory_kmalloc_never_gave_panics",
	  kfree_of_memory_kmalloc_never_gave_panics },
	{ "double_kfree_panics", double_kfree_panics },
	{ "too_large_gives_null", too_large_gives_null },
	{ "exhausted_memory_gives_null", exhausted_memory_gives_null },
	{ "random_kmalloc_kfree_keeps_contents",
	  random_kmalloc_kfree_keeps_contents },
};

int main(int argc, char **argv)
{
	return check_run(cases, ARRAY_LEN(cases), argc, argv);
}
