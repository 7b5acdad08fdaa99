/* The boot CPU's per-CPU area and its GS base. */
#include "percpu.h"

#include "cpu.h"

struct cpu boot_cpu;

void percpu_init_boot(void)
{
	boot_cpu.self = &boot_cpu;
	boot_cpu.id = 0;
	wrmsr(MSR_GS_BASE, (uint64_t)&boot_cpu);
	wrmsr(MSR_KERNEL_GS_BASE, 0);
}
