/* Fault injection for debugging kernels (failinject.h). */
#include "failinject.h"

#include "log.h"
#include "proc.h"
#include "string.h"

static uint64_t rate;		/* set at boot: 1 in rate fails, 0 none */
static uint64_t draws;		/* atomic: allocations considered */
static uint64_t failures;	/* atomic: failures made */

void failinject_init(const char *arg)
{
	uint64_t n = 0;

	if (!arg)
		return;
	while (*arg >= '0' && *arg <= '9' && n < UINT32_MAX)
		n = n * 10 + (uint64_t)(*arg++ - '0');
	if (*arg || n == 0) {
		klog(LOG_WARN, "failinject: fail_alloc=N wants a positive "
		     "number; off\n");
		return;
	}
	rate = n;
	klog(LOG_INFO, "failinject: 1 in %lu allocations fails for processes "
	     "with make-it-fail\n", rate);
}

/* splitmix64: a well-mixed draw from a counter, the same on every run. */
static uint64_t mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

int failinject_alloc(void)
{
	struct proc *p;

	if (!rate || !(p = proc_current()) ||
	    !__atomic_load_n(&p->make_it_fail, __ATOMIC_RELAXED))
		return 0;
	if (mix(__atomic_fetch_add(&draws, 1, __ATOMIC_RELAXED)) % rate)
		return 0;
	__atomic_fetch_add(&failures, 1, __ATOMIC_RELAXED);
	return 1;
}

uint64_t failinject_count(void)
{
	return __atomic_load_n(&failures, __ATOMIC_RELAXED);
}
