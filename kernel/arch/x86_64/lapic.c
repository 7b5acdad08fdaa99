/*
 * Local APIC (Intel SDM vol. 3, chapter 11). In xAPIC mode registers are
 * 32-bit MMIO at the MADT's address, 16 bytes apart; in x2APIC mode the
 * same register r is MSR 0x800 + r/16. Local interrupts (LINT0/1) are
 * masked except where the MADT says an NMI arrives.
 */
#include "lapic.h"

#include "cpu.h"
#include "cpufeat.h"
#include "irq.h"
#include "percpu.h"
#include "../../acpi.h"
#include "../../acpi_parse.h"
#include "../../log.h"
#include "../../panic.h"
#include "../../spinlock.h"
#include "../../vm.h"

#define MSR_APIC_BASE		0x1b
#define APIC_BASE_ENABLE	(1UL << 11)
#define APIC_BASE_X2APIC	(1UL << 10)
#define X2APIC_MSR_BASE		0x800

#define LAPIC_ID		0x020
#define LAPIC_VERSION		0x030
#define LAPIC_TPR		0x080
#define LAPIC_EOI		0x0b0
#define LAPIC_SVR		0x0f0
#define LAPIC_ESR		0x280
#define LAPIC_ICR_LO		0x300
#define LAPIC_ICR_HI		0x310
#define LAPIC_LVT_TIMER		0x320
#define LAPIC_LVT_LINT0		0x350
#define LAPIC_LVT_LINT1		0x360
#define LAPIC_LVT_ERROR		0x370
#define LAPIC_TIMER_INIT	0x380
#define LAPIC_TIMER_CUR		0x390
#define LAPIC_TIMER_DIV		0x3e0

#define SVR_ENABLE		(1u << 8)
#define LVT_MASKED		(1u << 16)
#define LVT_LEVEL		(1u << 15)
#define LVT_ACTIVE_LOW		(1u << 13)
#define LVT_NMI			(4u << 8)
#define LVT_TIMER_PERIODIC	(1u << 17)
#define TIMER_DIV_16		0x3
#define ICR_PENDING		(1u << 12)
#define ICR_ASSERT		(1u << 14)
#define ICR_LEVEL		(1u << 15)
#define ICR_NMI			(4u << 8)
#define ICR_INIT		(5u << 8)
#define ICR_STARTUP		(6u << 8)

static volatile uint32_t *mmio;	/* xAPIC registers; NULL in x2APIC mode */
static int x2apic;

static uint32_t rd(uint32_t reg)
{
	if (x2apic)
		return rdmsr(X2APIC_MSR_BASE + (reg >> 4));
	return mmio[reg / 4];
}

static void wr(uint32_t reg, uint32_t v)
{
	if (x2apic)
		wrmsr(X2APIC_MSR_BASE + (reg >> 4), v);
	else
		mmio[reg / 4] = v;
}

uint32_t lapic_id(void)
{
	return x2apic ? rd(LAPIC_ID) : rd(LAPIC_ID) >> 24;
}

void lapic_eoi(void)
{
	wr(LAPIC_EOI, 0);
}

/* The LVT value for LINTn: NMI if the MADT routes one there, else masked. */
static uint32_t lint_config(int lint, uint32_t my_uid)
{
	const struct madt_info *m = acpi_madt();
	int i;

	for (i = 0; m && i < m->nnmis; i++) {
		uint32_t uid = m->nmi[i].acpi_uid;
		uint32_t v = LVT_NMI;

		if (m->nmi[i].lint != lint ||
		    (uid != 0xffffffff && uid != my_uid))
			continue;
		if ((m->nmi[i].flags & MPS_POLARITY_MASK) == MPS_POLARITY_LOW)
			v |= LVT_ACTIVE_LOW;
		return v;	/* NMIs are edge-triggered */
	}
	return LVT_MASKED;
}

static uint32_t my_acpi_uid(uint32_t apic_id)
{
	const struct madt_info *m = acpi_madt();
	int i;

	for (i = 0; m && i < m->ncpus; i++)
		if (m->cpu[i].apic_id == apic_id)
			return m->cpu[i].acpi_uid;
	return 0xfffffffe;	/* matches only "all CPUs" entries */
}

void lapic_init(void)
{
	const struct madt_info *m = acpi_madt();
	uint64_t base = rdmsr(MSR_APIC_BASE);
	uint32_t uid;

	if (!mmio && !x2apic) {		/* the boot CPU decides the mode */
		x2apic = cpu_has(CPU_X2APIC);
		if (!x2apic) {
			mmio = vm_map_phys(m ? m->lapic_addr : base & PTE_ADDR,
					   PAGE_SIZE, PTE_CACHE_UC);
			if (!mmio)
				panic("lapic_init: cannot map the local APIC");
		}
	}
	base |= APIC_BASE_ENABLE;
	if (x2apic)
		base |= APIC_BASE_X2APIC;
	wrmsr(MSR_APIC_BASE, base);

	this_cpu()->apic_id = lapic_id();
	uid = my_acpi_uid(lapic_id());
	wr(LAPIC_TPR, 0);				/* accept everything */
	wr(LAPIC_LVT_TIMER, LVT_MASKED);
	wr(LAPIC_LVT_LINT0, lint_config(0, uid));
	wr(LAPIC_LVT_LINT1, lint_config(1, uid));
	wr(LAPIC_LVT_ERROR, LVT_MASKED);
	wr(LAPIC_ESR, 0);				/* clear errors ... */
	wr(LAPIC_ESR, 0);				/* ... (write twice) */
	wr(LAPIC_SVR, SVR_ENABLE | IRQ_VECTOR_SPURIOUS);
	lapic_eoi();					/* nothing stale in service */
	if (this_cpu()->id == 0)
		klog(LOG_INFO, "lapic: %s, id %u, version %x\n",
		     x2apic ? "x2APIC" : "xAPIC", lapic_id(),
		     rd(LAPIC_VERSION) & 0xff);
}

void lapic_timer_periodic(uint32_t count)
{
	wr(LAPIC_TIMER_DIV, TIMER_DIV_16);
	wr(LAPIC_LVT_TIMER, IRQ_VECTOR_TIMER | LVT_TIMER_PERIODIC);
	wr(LAPIC_TIMER_INIT, count);
}

void lapic_timer_oneshot(uint32_t count)
{
	wr(LAPIC_TIMER_DIV, TIMER_DIV_16);
	wr(LAPIC_LVT_TIMER, IRQ_VECTOR_TIMER);
	wr(LAPIC_TIMER_INIT, count);
}

void lapic_timer_stop(void)
{
	wr(LAPIC_LVT_TIMER, LVT_MASKED);
	wr(LAPIC_TIMER_INIT, 0);
}

uint32_t lapic_timer_current(void)
{
	return rd(LAPIC_TIMER_CUR);
}

/* Write the interrupt command register and wait until it is sent. */
static void send(uint32_t apic_id, uint32_t icr)
{
	if (x2apic) {
		wrmsr(X2APIC_MSR_BASE + (LAPIC_ICR_LO >> 4),
		      (uint64_t)apic_id << 32 | icr);
		return;
	}
	irq_save();	/* the ICR is two registers: not interleaved */
	wr(LAPIC_ICR_HI, apic_id << 24);
	wr(LAPIC_ICR_LO, icr);
	while (rd(LAPIC_ICR_LO) & ICR_PENDING)
		cpu_relax();
	irq_restore();
}

void lapic_send_ipi(uint32_t apic_id, int vector)
{
	send(apic_id, ICR_ASSERT | vector);
}

void lapic_send_nmi(uint32_t apic_id)
{
	send(apic_id, ICR_ASSERT | ICR_NMI);
}

void lapic_send_init(uint32_t apic_id)
{
	send(apic_id, ICR_ASSERT | ICR_LEVEL | ICR_INIT);
}

void lapic_send_startup(uint32_t apic_id, uint32_t page)
{
	send(apic_id, ICR_ASSERT | ICR_STARTUP | (page & 0xff));
}
