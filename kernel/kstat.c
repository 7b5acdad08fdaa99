/* Counters of kernel objects (kstat.h). */
#include "kstat.h"

static int64_t counters[KSTAT_NCOUNTERS];	/* atomic */

static const char *const names[KSTAT_NCOUNTERS] = {
	[KSTAT_KSTACKS] = "kernel_stacks",
	[KSTAT_KERNEL_TABLES] = "kernel_page_tables",
	[KSTAT_FILES] = "files",
	[KSTAT_PIPES] = "pipes",
	[KSTAT_INODES] = "inodes",
};

void kstat_add(enum kstat_counter c, int64_t delta)
{
	__atomic_fetch_add(&counters[c], delta, __ATOMIC_RELAXED);
}

int64_t kstat_get(enum kstat_counter c)
{
	return __atomic_load_n(&counters[c], __ATOMIC_RELAXED);
}

const char *kstat_name(enum kstat_counter c)
{
	return names[c];
}
