/* CPUID decoding: which leaf and bit each feature lives in. */
#include "cpufeat.h"

#include <stdint.h>

#include "cpu.h"
#include "../../log.h"
#include "../../printf.h"
#include "../../string.h"

enum reg { EAX, EBX, ECX, EDX };

static const struct {
	const char *name;
	uint32_t leaf, sub;
	enum reg reg;
	int bit;
} features[CPU_FEATURES] = {
	[CPU_NX] =		{ "nx", 0x80000001, 0, EDX, 20 },
	[CPU_PAGE1G] =		{ "pdpe1gb", 0x80000001, 0, EDX, 26 },
	[CPU_PGE] =		{ "pge", 1, 0, EDX, 13 },
	[CPU_PAT] =		{ "pat", 1, 0, EDX, 16 },
	[CPU_SMEP] =		{ "smep", 7, 0, EBX, 7 },
	[CPU_SMAP] =		{ "smap", 7, 0, EBX, 20 },
	[CPU_UMIP] =		{ "umip", 7, 0, ECX, 2 },
	[CPU_FSGSBASE] =	{ "fsgsbase", 7, 0, EBX, 0 },
	[CPU_XSAVE] =		{ "xsave", 1, 0, ECX, 26 },
	[CPU_AVX] =		{ "avx", 1, 0, ECX, 28 },
	[CPU_RDRAND] =		{ "rdrand", 1, 0, ECX, 30 },
	[CPU_RDSEED] =		{ "rdseed", 7, 0, EBX, 18 },
	[CPU_X2APIC] =		{ "x2apic", 1, 0, ECX, 21 },
	[CPU_TSC_DEADLINE] =	{ "tsc-deadline", 1, 0, ECX, 24 },
	[CPU_INVARIANT_TSC] =	{ "invariant-tsc", 0x80000007, 0, EDX, 8 },
	[CPU_PCID] =		{ "pcid", 1, 0, ECX, 17 },
};

static uint32_t max_basic, max_ext;
static char vendor[13];
static char brand[49];
static uint32_t present;	/* bit f set: feature f */

void cpu_detect(void)
{
	uint32_t r[4];
	int f, i;

	cpuid(0, 0, &max_basic, &r[EBX], &r[ECX], &r[EDX]);
	memcpy(vendor, &r[EBX], 4);
	memcpy(vendor + 4, &r[EDX], 4);
	memcpy(vendor + 8, &r[ECX], 4);
	cpuid(0x80000000, 0, &max_ext, &r[EBX], &r[ECX], &r[EDX]);
	if (max_ext >= 0x80000004)
		for (i = 0; i < 3; i++) {
			cpuid(0x80000002 + i, 0, &r[EAX], &r[EBX], &r[ECX], &r[EDX]);
			memcpy(brand + 16 * i, r, 16);
		}
	for (f = 0; f < CPU_FEATURES; f++) {
		uint32_t leaf = features[f].leaf;

		if (leaf >= 0x80000000 ? leaf > max_ext : leaf > max_basic)
			continue;
		cpuid(leaf, features[f].sub, &r[EAX], &r[EBX], &r[ECX], &r[EDX]);
		if (r[features[f].reg] & (1u << features[f].bit))
			present |= 1u << f;
	}
}

int cpu_has(enum cpu_feature f)
{
	return (present >> f) & 1;
}

void cpu_report(void)
{
	char list[256];
	const char *b = brand;
	size_t len = 0;
	int f;

	while (*b == ' ')
		b++;
	list[0] = 0;
	for (f = 0; f < CPU_FEATURES; f++)
		if (cpu_has(f) && len < sizeof(list))
			len += snprintf(list + len, sizeof(list) - len, " %s",
					features[f].name);
	klog(LOG_INFO, "cpu: %s, %s\n", vendor, *b ? b : "unknown model");
	klog(LOG_INFO, "cpu: features:%s\n", list);
}
