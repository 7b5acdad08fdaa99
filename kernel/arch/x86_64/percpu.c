/* The per-CPU areas and the GS base that points at them. */
#include "percpu.h"

#include "cpu.h"

struct cpu boot_cpu;
struct cpu *cpus[MAX_CPUS] = { &boot_cpu };
int ncpus = 1;

void percpu_init_boot(void)
{
	boot_cpu.self = &boot_cpu;
	boot_cpu.id = 0;
	boot_cpu.online = 1;
	wrmsr(MSR_GS_BASE, (uint64_t)&boot_cpu);
	wrmsr(MSR_KERNEL_GS_BASE, 0);
}

void percpu_init_ap(struct cpu *c)
{
	c->self = c;
	wrmsr(MSR_GS_BASE, (uint64_t)c);
	wrmsr(MSR_KERNEL_GS_BASE, 0);
}
