/*
 * AP startup (Intel SDM vol. 3, 9.4 and the MP "universal start-up
 * algorithm"): INIT, 10 ms, STARTUP, 200 us, STARTUP. The real-mode
 * trampoline (trampoline.S) and a small page table go into four pages
 * below 1 MiB that the memory map says are free (pmm never hands those
 * out). APs are started one at a time: the trampoline and the ap_boot_*
 * hand-over variables are shared.
 */
#include "smp.h"

#include "cpu.h"
#include "cpufeat.h"
#include "fpu.h"
#include "gdt.h"
#include "irq.h"
#include "lapic.h"
#include "mmu.h"
#include "percpu.h"
#include "timer.h"
#include "trap.h"
#include "../../acpi.h"
#include "../../acpi_parse.h"
#include "../../clock.h"
#include "../../kmalloc.h"
#include "../../log.h"
#include "../../printf.h"
#include "../../panic.h"
#include "../../sched.h"
#include "../../string.h"
#include "../../syscall.h"
#include "../../thread.h"
#include "../../time.h"
#include "../../vm.h"

#define LOW_LIMIT	0x100000UL
#define TRAMP_PAGES	4		/* code, PML4, PDPT, PD */
#define START_TIMEOUT	(1000 * 1000000UL)	/* ns */
#define EFER_LME	(1u << 8)

extern const uint8_t trampoline_start[], trampoline_end[];
extern uint32_t tramp_gdt_base[], tramp_pm_target[], tramp_lm_target[];
extern uint32_t tramp_cr3[], tramp_efer[];
extern const uint32_t tramp_off_gdt[], tramp_off_pm[], tramp_off_lm[];

/* Read by ap_entry64 (trampoline.S) for the AP being started. */
uint64_t ap_boot_cr3, ap_boot_stack, ap_boot_cpu;

void ap_main(struct cpu *c);

static int online = 1;

int smp_online(void)
{
	return __atomic_load_n(&online, __ATOMIC_ACQUIRE);
}

/* TRAMP_PAGES free pages below 1 MiB (not page 0), or 0. */
static paddr_t find_low_pages(const struct bootinfo_mem_range *map, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		uint64_t base = map[i].base < PAGE_SIZE ? PAGE_SIZE : map[i].base;
		uint64_t end = map[i].base + map[i].length;

		if (end > LOW_LIMIT)
			end = LOW_LIMIT;
		if (map[i].type == BOOT_MEM_USABLE && end > base &&
		    end - base >= TRAMP_PAGES * PAGE_SIZE)
			return base;
	}
	return 0;
}

/* Set the 32-bit field at sym in the copy of the trampoline at code.
   Fields sit where the instructions put them, not always 4-aligned (the
   GDT pointer's base is at +2): a byte copy, not a uint32_t store. */
static void put_field(uint8_t *code, const void *sym, uint32_t value)
{
	memcpy(code + ((const uint8_t *)sym - trampoline_start), &value,
	       sizeof(value));
}

/* Copy the trampoline to low memory and fill in its addresses and page
   table. Returns the real-mode entry page. */
static paddr_t install_trampoline(paddr_t low)
{
	uint8_t *code = P2V(low);
	pte_t *pml4 = P2V(low + PAGE_SIZE), *pdpt = P2V(low + 2 * PAGE_SIZE);
	pte_t *pd = P2V(low + 3 * PAGE_SIZE), *kernel = P2V(vm_kernel_pml4());
	size_t size = trampoline_end - trampoline_start;
	int i;

	KASSERT(size <= PAGE_SIZE);
	memcpy(code, trampoline_start, size);
	put_field(code, tramp_gdt_base, low + *tramp_off_gdt);
	put_field(code, tramp_pm_target, low + *tramp_off_pm);
	put_field(code, tramp_lm_target, low + *tramp_off_lm);
	put_field(code, tramp_cr3, low + PAGE_SIZE);
	put_field(code, tramp_efer, EFER_LME | (cpu_has(CPU_NX) ? EFER_NXE : 0));
	/* Low 2 MiB identity-mapped (the trampoline runs there), and the
	   kernel's half shared with the kernel's own table. */
	memset(pml4, 0, 3 * PAGE_SIZE);
	pml4[0] = (low + 2 * PAGE_SIZE) | PTE_P | PTE_W;
	pdpt[0] = (low + 3 * PAGE_SIZE) | PTE_P | PTE_W;
	pd[0] = 0 | PTE_P | PTE_W | PTE_PS;
	for (i = 256; i < PTES_PER_TABLE; i++)
		pml4[i] = kernel[i];
	return low;
}

static void delay_ns(uint64_t ns)
{
	uint64_t end = time_ns() + ns;

	while (time_ns() < end)
		cpu_relax();
}

/* Start the AP with this APIC ID as CPU id. Returns 0 or -1. */
static int start_ap(uint32_t apic_id, int id, paddr_t tramp)
{
	struct cpu *c = kzalloc(sizeof(*c));
	struct thread *idle;
	uint64_t deadline;
	int sipi;

	if (!c)
		return -1;
	idle = thread_alloc("idle", (void (*)(void *))sched_idle, 0);
	if (!idle) {
		kfree(c);
		return -1;
	}
	c->id = id;
	c->apic_id = apic_id;
	c->idle = idle;
	idle->pinned = id;
	cpus[id] = c;
	ap_boot_cr3 = vm_kernel_pml4();
	ap_boot_stack = idle->kstack_top;
	ap_boot_cpu = (uint64_t)c;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);

	lapic_send_init(apic_id);
	delay_ns(10 * 1000000UL);
	for (sipi = 0; sipi < 2 && !c->online; sipi++) {
		lapic_send_startup(apic_id, tramp >> PAGE_SHIFT);
		deadline = time_ns() + (sipi ? START_TIMEOUT : 200000UL);
		while (!__atomic_load_n(&c->online, __ATOMIC_ACQUIRE) &&
		       time_ns() < deadline)
			cpu_relax();
	}
	if (c->online)
		return 0;
	/* Park it again, so it cannot wake up later on shared state. */
	lapic_send_init(apic_id);
	cpus[id] = NULL;
	klog(LOG_WARN, "smp: CPU with APIC id %u did not start; left out\n",
	     apic_id);
	return -1;	/* c and idle stay allocated: the CPU may hold them */
}

void smp_init(const struct bootinfo_mem_range *map, int n)
{
	const struct madt_info *m = acpi_madt();
	uint32_t me = lapic_id();
	char list[256];
	size_t len;
	paddr_t low;
	int i;

	len = snprintf(list, sizeof(list), "%u", me);
	if (!m || m->ncpus <= 1) {
		klog(LOG_INFO, "smp: 1 CPU (APIC id %s)\n", list);
		return;
	}
	low = find_low_pages(map, n);
	if (!low) {
		klog(LOG_WARN, "smp: no free memory below 1 MiB; 1 CPU only\n");
		return;
	}
	install_trampoline(low);
	for (i = 0; i < m->ncpus && ncpus < MAX_CPUS; i++) {
		if (m->cpu[i].apic_id == me)
			continue;
		if (start_ap(m->cpu[i].apic_id, ncpus, low) == 0) {
			ncpus++;
			if (len < sizeof(list))
				len += snprintf(list + len, sizeof(list) - len,
						" %u", m->cpu[i].apic_id);
		}
	}
	klog(LOG_INFO, "smp: %d CPUs started (APIC ids %s)\n", smp_online(),
	     list);
}

/* An AP's first C code, on its idle thread's stack. */
void ap_main(struct cpu *c)
{
	percpu_init_ap(c);
	gdt_init(c);
	trap_load();
	vm_init_cpu();
	fpu_init();
	syscall_init();
	lapic_init();
	sched_init_ap();
	timer_start_tick(HZ);
	__atomic_fetch_add(&online, 1, __ATOMIC_ACQ_REL);
	__atomic_store_n(&c->online, 1, __ATOMIC_RELEASE);
	sti();
	sched_idle();
}

void smp_stop_others(void)
{
	int i;

	for (i = 0; i < ncpus; i++)
		if (cpus[i] && cpus[i] != this_cpu() && cpus[i]->online)
			lapic_send_nmi(cpus[i]->apic_id);
}
