/*
 * HPET (IA-PC HPET specification 1.0a). Only the main counter is used:
 * GCAP_ID gives its period in femtoseconds; GEN_CONF bit 0 starts it.
 */
#include "hpet.h"

#include "../../acpi.h"
#include "../../acpi_parse.h"
#include "../../errno.h"
#include "../../vm.h"

#define HPET_GCAP_ID		0x000
#define HPET_GEN_CONF		0x010
#define HPET_MAIN_COUNTER	0x0f0
#define GCAP_COUNT_SIZE_64	(1UL << 13)
#define GEN_CONF_ENABLE		1UL
#define FEMTO_PER_SEC		1000000000000000ULL
#define MAX_PERIOD_FS		100000000UL	/* spec: at most 100 ns */

static volatile uint64_t *regs;
static uint64_t freq;
static int wide;		/* 64-bit counter */
static uint32_t last_lo;	/* 32-bit counters: for extension */
static uint64_t high;

int hpet_init(void)
{
	const struct hpet_info *h = acpi_hpet();
	uint64_t cap, period;

	if (!h)
		return -ENODEV;
	regs = vm_map_phys(h->addr, 1024, PTE_CACHE_UC);
	if (!regs)
		return -ENODEV;
	cap = regs[HPET_GCAP_ID / 8];
	period = cap >> 32;
	if (period == 0 || period > MAX_PERIOD_FS) {
		regs = 0;
		return -ENODEV;
	}
	freq = FEMTO_PER_SEC / period;
	wide = (cap & GCAP_COUNT_SIZE_64) != 0;
	regs[HPET_GEN_CONF / 8] |= GEN_CONF_ENABLE;
	return 0;
}

uint64_t hpet_hz(void)
{
	return regs ? freq : 0;
}

uint64_t hpet_read(void)
{
	uint32_t lo;

	if (wide)
		return regs[HPET_MAIN_COUNTER / 8];
	lo = *(volatile uint32_t *)&regs[HPET_MAIN_COUNTER / 8];
	if (lo < last_lo)
		high += 1ULL << 32;
	last_lo = lo;
	return high | lo;
}
