/*
 * I/O APIC (82093AA datasheet): an index register (IOREGSEL) and a data
 * window (IOWIN); redirection entry n is the 64-bit register pair at
 * 0x10 + 2n. Each I/O APIC serves GSIs gsi_base .. gsi_base + entries - 1.
 */
#include "ioapic.h"

#include "../../acpi.h"
#include "../../acpi_parse.h"
#include "../../errno.h"
#include "../../log.h"
#include "../../spinlock.h"
#include "../../vm.h"

#define IOREGSEL	0x00
#define IOWIN		0x10
#define IOAPIC_VER	0x01
#define IOAPIC_REDTBL	0x10

#define RTE_ACTIVE_LOW	(1u << 13)
#define RTE_LEVEL	(1u << 15)
#define RTE_MASKED	(1u << 16)

static struct spinlock ioapic_lock = SPINLOCK_INIT("ioapic");

/* Protected by ioapic_lock (the index/data pair is not atomic): */
static struct ioapic {
	volatile uint32_t *regs;
	uint32_t gsi_base, entries;
} ioapics[MADT_MAX_IOAPICS];
static int nioapics;

static uint32_t rd(struct ioapic *io, uint32_t reg)
{
	io->regs[IOREGSEL / 4] = reg;
	return io->regs[IOWIN / 4];
}

static void wr(struct ioapic *io, uint32_t reg, uint32_t v)
{
	io->regs[IOREGSEL / 4] = reg;
	io->regs[IOWIN / 4] = v;
}

void ioapic_init(void)
{
	const struct madt_info *m = acpi_madt();
	int i;
	uint32_t n;

	for (i = 0; m && i < m->nioapics; i++) {
		struct ioapic *io = &ioapics[nioapics];

		io->regs = vm_map_phys(m->ioapic[i].addr, PAGE_SIZE, PTE_CACHE_UC);
		if (!io->regs)
			continue;
		io->gsi_base = m->ioapic[i].gsi_base;
		io->entries = ((rd(io, IOAPIC_VER) >> 16) & 0xff) + 1;
		for (n = 0; n < io->entries; n++) {
			wr(io, IOAPIC_REDTBL + 2 * n, RTE_MASKED);
			wr(io, IOAPIC_REDTBL + 2 * n + 1, 0);
		}
		klog(LOG_INFO, "ioapic: id %u at %x, GSIs %u-%u\n", m->ioapic[i].id,
		     m->ioapic[i].addr, io->gsi_base, io->gsi_base + io->entries - 1);
		nioapics++;
	}
	if (nioapics == 0)
		klog(LOG_WARN, "ioapic: none found: no device interrupts\n");
}

static struct ioapic *find(uint32_t gsi)
{
	int i;

	for (i = 0; i < nioapics; i++)
		if (gsi >= ioapics[i].gsi_base &&
		    gsi < ioapics[i].gsi_base + ioapics[i].entries)
			return &ioapics[i];
	return NULL;
}

int ioapic_route(uint32_t gsi, int vector, int active_low, int level,
		 uint32_t dest)
{
	struct ioapic *io = find(gsi);
	uint32_t n, lo = vector;

	if (!io)
		return -ENODEV;
	n = gsi - io->gsi_base;
	if (active_low)
		lo |= RTE_ACTIVE_LOW;
	if (level)
		lo |= RTE_LEVEL;
	spin_lock(&ioapic_lock);
	wr(io, IOAPIC_REDTBL + 2 * n + 1, dest << 24);
	wr(io, IOAPIC_REDTBL + 2 * n, lo);	/* unmasked last */
	spin_unlock(&ioapic_lock);
	return 0;
}

void ioapic_mask(uint32_t gsi, int masked)
{
	struct ioapic *io = find(gsi);
	uint32_t n, lo;

	if (!io)
		return;
	n = gsi - io->gsi_base;
	spin_lock(&ioapic_lock);
	lo = rd(io, IOAPIC_REDTBL + 2 * n);
	wr(io, IOAPIC_REDTBL + 2 * n, masked ? lo | RTE_MASKED : lo & ~RTE_MASKED);
	spin_unlock(&ioapic_lock);
}
