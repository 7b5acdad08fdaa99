/*
 * Host tests of kernel/fs/pagetree.c. The kernel heap is played by
 * calloc with a count of live nodes and a switch that makes the next
 * allocations fail; a random run is compared with a plain array.
 */
#include "check.h"

#include <stdint.h>

#include "errno.h"
#include "fs/pagetree.h"
#include "kmalloc.h"

static long live_nodes;
static long fail_after = -1;		/* allocations left; -1: never fail */

void *kzalloc(size_t size)
{
	void *p;

	if (fail_after == 0)
		return NULL;
	if (fail_after > 0)
		fail_after--;
	if ((p = calloc(1, size)))
		live_nodes++;
	return p;
}

void kfree(void *p)
{
	if (p)
		live_nodes--;
	free(p);
}

/* What the tree dropped: how many, and their sum. */
static uint64_t dropped, dropped_sum;

static void drop(paddr_t pa)
{
	dropped++;
	dropped_sum += pa;
}

static paddr_t frame_for(uint64_t idx)
{
	return (idx * 0x9e3779b97f4a7c15ull) | 1;	/* never 0 */
}

static void empty_tree_has_only_holes(void)
{
	struct pagetree t = { 0 };

	CHECK_EQ(pagetree_get(&t, 0), 0);
	CHECK_EQ(pagetree_get(&t, PAGETREE_LIMIT - 1), 0);
	CHECK_EQ(pagetree_get(&t, UINT64_MAX), 0);
	pagetree_cut(&t, 0, drop);
	CHECK(t.root == NULL);
	CHECK_EQ(dropped, 0);
	CHECK_EQ(live_nodes, 0);
}

static void small_file_is_one_node(void)
{
	struct pagetree t = { 0 };
	uint64_t i;

	for (i = 0; i < 64; i++)
		CHECK_EQ(pagetree_put(&t, i, frame_for(i)), 0);
	CHECK_EQ(live_nodes, 1);
	CHECK_EQ(t.height, 1);
	CHECK_EQ(t.pages, 64);
	for (i = 0; i < 64; i++)
		CHECK_EQ(pagetree_get(&t, i), frame_for(i));
	CHECK_EQ(pagetree_get(&t, 64), 0);
	CHECK_EQ(pagetree_get(&t, 1 << 20), 0);
	pagetree_cut(&t, 0, drop);
	CHECK_EQ(dropped, 64);
	CHECK_EQ(live_nodes, 0);
	CHECK_EQ(t.pages, 0);
}

static void far_pages_and_the_limit(void)
{
	static const uint64_t at[] = {
		0, 63, 64, 4095, 4096, 1ull << 32, PAGETREE_LIMIT - 1,
	};
	struct pagetree t = { 0 };
	size_t i;

	for (i = 0; i < ARRAY_LEN(at); i++)
		CHECK_EQ(pagetree_put(&t, at[i], frame_for(at[i])), 0);
	CHECK_EQ(pagetree_put(&t, PAGETREE_LIMIT, 7), (uint64_t)-EFBIG);
	CHECK_EQ(pagetree_put(&t, UINT64_MAX, 7), (uint64_t)-EFBIG);
	CHECK_EQ(t.height, 9);
	CHECK_EQ(t.pages, ARRAY_LEN(at));
	for (i = 0; i < ARRAY_LEN(at); i++)
		CHECK_EQ(pagetree_get(&t, at[i]), frame_for(at[i]));
	CHECK_EQ(pagetree_get(&t, PAGETREE_LIMIT - 2), 0);
	CHECK_EQ(pagetree_get(&t, 1ull << 33), 0);
	/* Cut the last one: its eight nodes go, nothing else. */
	pagetree_cut(&t, (1ull << 32) + 1, drop);
	CHECK_EQ(dropped, 1);
	CHECK_EQ(dropped_sum, frame_for(PAGETREE_LIMIT - 1));
	CHECK_EQ(pagetree_get(&t, PAGETREE_LIMIT - 1), 0);
	CHECK_EQ(pagetree_get(&t, 1ull << 32), frame_for(1ull << 32));
	CHECK_EQ(t.pages, ARRAY_LEN(at) - 1);
	pagetree_cut(&t, 4096, drop);
	CHECK_EQ(pagetree_get(&t, 4095), frame_for(4095));
	CHECK_EQ(pagetree_get(&t, 4096), 0);
	pagetree_cut(&t, 0, NULL);
	CHECK_EQ(live_nodes, 0);
	CHECK(t.root == NULL && t.height == 0 && t.pages == 0);
}

static void failed_node_leaves_tree_whole(void)
{
	struct pagetree t = { 0 };
	long n, ret;

	CHECK_EQ(pagetree_put(&t, 5, frame_for(5)), 0);
	/* Allow 0, 1, 2 ... allocations: each short try fails cleanly (the
	   old page stays, the new one is not there) and keeps the nodes it
	   made, so the far page (8 taller roots, 8 nodes below) gets in. */
	for (n = 0; n <= 16; n++) {
		fail_after = n;
		ret = pagetree_put(&t, PAGETREE_LIMIT - 1, 9);
		fail_after = -1;
		CHECK_EQ(pagetree_get(&t, 5), frame_for(5));
		if (ret == 0)
			break;
		CHECK_EQ(ret, -ENOMEM);
		CHECK_EQ(pagetree_get(&t, PAGETREE_LIMIT - 1), 0);
		CHECK_EQ(t.pages, 1);
	}
	CHECK(n > 0 && n <= 16);
	CHECK_EQ(pagetree_get(&t, PAGETREE_LIMIT - 1), 9);
	CHECK_EQ(t.pages, 2);
	pagetree_cut(&t, 0, drop);
	CHECK_EQ(dropped, 2);
	CHECK_EQ(live_nodes, 0);
}

static uint64_t rnd_state = 0x2545f4914f6cdd1dull;

static uint64_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

/* Random puts and cuts over 20,000 indices, against a plain array. */
static void random_run_matches_an_array(void)
{
	enum { N = 20000 };
	static paddr_t model[N];
	struct pagetree t = { 0 };
	uint64_t pages = 0, i;
	int step;

	for (step = 0; step < 200000 && !check_failures; step++) {
		uint64_t idx = rnd() % N;

		if (rnd() % 1000 == 0) {
			uint64_t sum = 0, n = 0;

			dropped = dropped_sum = 0;
			pagetree_cut(&t, idx, drop);
			for (i = idx; i < N; i++)
				if (model[i]) {
					sum += model[i];
					n++;
					model[i] = 0;
				}
			CHECK_EQ(dropped, n);
			CHECK_EQ(dropped_sum, sum);
			pages -= n;
		} else if (!model[idx]) {
			model[idx] = frame_for(idx + step);
			CHECK_EQ(pagetree_put(&t, idx, model[idx]), 0);
			pages++;
		} else {
			CHECK_EQ(pagetree_get(&t, idx), model[idx]);
		}
	}
	CHECK_EQ(t.pages, pages);
	for (i = 0; i < N; i++)
		CHECK_EQ(pagetree_get(&t, i), model[i]);
	pagetree_cut(&t, 0, NULL);
	CHECK_EQ(live_nodes, 0);
}

static const struct check_case cases[] = {
	{ "empty_tree_has_only_holes", empty_tree_has_only_holes },
	{ "small_file_is_one_node", small_file_is_one_node },
	{ "far_pages_and_the_limit", far_pages_and_the_limit },
	{ "failed_node_leaves_tree_whole", failed_node_leaves_tree_whole },
	{ "random_run_matches_an_array", random_run_matches_an_array },
};

int main(int argc, char **argv)
{
	return check_run(cases, ARRAY_LEN(cases), argc, argv);
}
