/* CPU identification and the features the kernel cares about (CPUID). */
#pragma once

enum cpu_feature {
	CPU_NX,		/* no-execute pages */
	CPU_PAGE1G,	/* 1 GiB pages */
	CPU_PGE,	/* global pages */
	CPU_PAT,
	CPU_SMEP,
	CPU_SMAP,
	CPU_UMIP,
	CPU_FSGSBASE,
	CPU_XSAVE,
	CPU_AVX,
	CPU_RDRAND,
	CPU_RDSEED,
	CPU_X2APIC,
	CPU_TSC_DEADLINE,
	CPU_INVARIANT_TSC,
	CPU_PCID,
	CPU_FEATURES
};

/* Read CPUID once (boot CPU). */
void cpu_detect(void);
int cpu_has(enum cpu_feature f);
/* Log vendor, model name and feature list. */
void cpu_report(void);
