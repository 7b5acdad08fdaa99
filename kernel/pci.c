/*
 * PCI configuration access, enumeration and MSI (see pci.h). Words: an
 * "ECAM window" is the memory-mapped config space of a range of buses
 * (4 KiB per function); "port I/O" is configuration mechanism #1 through
 * ports 0xcf8 (address) and 0xcfc (data), which reaches only the first
 * 256 bytes of each function and needs a lock for its two steps.
 */
#include "pci.h"

#include "acpi.h"
#include "acpi_parse.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/lapic.h"
#include "arch/x86_64/mmu.h"
#include "errno.h"
#include "log.h"
#include "spinlock.h"
#include "string.h"
#include "vm.h"

#define CFG_ADDR	0xcf8
#define CFG_DATA	0xcfc
#define MSI_ADDR_BASE	0xfee00000u	/* the local APICs' message window */

static struct spinlock port_lock = SPINLOCK_INIT("pci config");

/* Written once by pci_init, read-only afterwards: */
static const struct mcfg_entry *ecam;	/* segment 0's window, or NULL */
static volatile uint8_t *ecam_base;
static int have_ports;
static struct pci_dev devs[PCI_MAX_DEVS];
static int ndevs;

/* The function's config space in the ECAM window, or NULL (not in it). */
static volatile uint8_t *ecam_cfg(uint16_t seg, uint8_t bus, uint8_t dev,
				  uint8_t fn)
{
	if (!ecam_base || seg != ecam->segment || bus < ecam->bus_start ||
	    bus > ecam->bus_end)
		return NULL;
	return ecam_base + ((uint64_t)(bus - ecam->bus_start) << 20 |
			    (uint64_t)dev << 15 | (uint64_t)fn << 12);
}

static uint32_t port_addr(uint8_t bus, uint8_t dev, uint8_t fn, uint16_t off)
{
	return 0x80000000u | (uint32_t)bus << 16 | (uint32_t)dev << 11 |
	       (uint32_t)fn << 8 | (off & 0xfc);
}

static uint32_t cfg_read(uint16_t seg, uint8_t bus, uint8_t dev, uint8_t fn,
			 uint16_t off)
{
	volatile uint8_t *c = ecam_cfg(seg, bus, dev, fn);
	uint32_t v;

	if (c)
		return *(volatile uint32_t *)(c + (off & 0xffc));
	if (!have_ports || seg || off >= 256)
		return 0xffffffff;
	spin_lock(&port_lock);
	outl(CFG_ADDR, port_addr(bus, dev, fn, off));
	v = inl(CFG_DATA);
	spin_unlock(&port_lock);
	return v;
}

/* Write the size bytes (4 or 2) of v at off (aligned to size). */
static void cfg_write(const struct pci_dev *d, uint16_t off, uint32_t v,
		      int size)
{
	volatile uint8_t *c = ecam_cfg(d->seg, d->bus, d->dev, d->fn);

	if (c) {
		if (size == 4)
			*(volatile uint32_t *)(c + off) = v;
		else
			*(volatile uint16_t *)(c + off) = (uint16_t)v;
		return;
	}
	if (!have_ports || d->seg || off >= 256)
		return;
	spin_lock(&port_lock);
	outl(CFG_ADDR, port_addr(d->bus, d->dev, d->fn, off));
	if (size == 4)
		outl(CFG_DATA, v);
	else
		outw(CFG_DATA + (off & 2), (uint16_t)v);
	spin_unlock(&port_lock);
}

uint32_t pci_read32(const struct pci_dev *d, uint16_t off)
{
	return cfg_read(d->seg, d->bus, d->dev, d->fn, off);
}

uint16_t pci_read16(const struct pci_dev *d, uint16_t off)
{
	return (uint16_t)(pci_read32(d, off) >> ((off & 2) * 8));
}

uint8_t pci_read8(const struct pci_dev *d, uint16_t off)
{
	return (uint8_t)(pci_read32(d, off) >> ((off & 3) * 8));
}

void pci_write32(const struct pci_dev *d, uint16_t off, uint32_t v)
{
	cfg_write(d, off & ~3, v, 4);
}

void pci_write16(const struct pci_dev *d, uint16_t off, uint16_t v)
{
	cfg_write(d, off & ~1, v, 2);
}

/* Size BAR i of d (decoding off meanwhile, as the write of all ones
   moves it); returns how many BAR slots it took (2 for 64-bit). */
static int probe_bar(struct pci_dev *d, int i)
{
	uint16_t off = PCI_BAR0 + 4 * i;
	uint32_t lo = pci_read32(d, off), hi = 0, mlo, mhi = 0xffffffff;
	struct pci_bar *b = &d->bar[i];
	uint64_t mask;

	b->io = lo & 1;
	b->is64 = !b->io && ((lo >> 1) & 3) == 2;
	b->prefetch = !b->io && (lo & 8);
	if (b->is64 && i == 5) {
		b->is64 = 0;		/* malformed: no upper half */
		return 1;
	}
	pci_write32(d, off, 0xffffffff);
	mlo = pci_read32(d, off);
	pci_write32(d, off, lo);
	if (b->is64) {
		hi = pci_read32(d, off + 4);
		pci_write32(d, off + 4, 0xffffffff);
		mhi = pci_read32(d, off + 4);
		pci_write32(d, off + 4, hi);
	}
	if (b->io) {
		mask = (uint64_t)(mlo & ~3u) | 0xffffffff00000000ULL;
		b->addr = lo & ~3u;
	} else {
		mask = (uint64_t)(mlo & ~0xfu) | (uint64_t)mhi << 32;
		b->addr = (lo & ~0xfu) | (uint64_t)hi << 32;
	}
	if (b->io)
		mask |= 0xffff0000;	/* I/O BARs may decode 16 bits only */
	b->size = mlo ? ~mask + 1 : 0;
	if (!b->size)
		b->addr = 0;
	return b->is64 ? 2 : 1;
}

static void find_caps(struct pci_dev *d)
{
	uint8_t pos;
	int n = 0;

	if (!(pci_read16(d, PCI_STATUS) & PCI_STATUS_CAPS))
		return;
	pos = pci_read8(d, PCI_CAP_PTR) & ~3;
	while (pos >= 0x40 && n++ < 48) {	/* a loop would never end */
		uint8_t id = pci_read8(d, pos);

		if (id == PCI_CAP_MSI && !d->msi_cap)
			d->msi_cap = pos;
		else if (id == PCI_CAP_MSIX && !d->msix_cap)
			d->msix_cap = pos;
		pos = pci_read8(d, pos + 1) & ~3;
	}
}

static void add_dev(uint16_t seg, uint8_t bus, uint8_t dev, uint8_t fn)
{
	struct pci_dev *d;
	uint32_t id = cfg_read(seg, bus, dev, fn, PCI_VENDOR), cr;
	uint16_t cmd;
	int i;

	if (ndevs == PCI_MAX_DEVS) {
		klog(LOG_WARN, "pci: more than %d functions; %02x:%02x.%x "
		     "and later left out\n", PCI_MAX_DEVS, bus, dev, fn);
		return;
	}
	d = &devs[ndevs++];
	memset(d, 0, sizeof(*d));
	d->seg = seg;
	d->bus = bus;
	d->dev = dev;
	d->fn = fn;
	d->vendor = id & 0xffff;
	d->device = id >> 16;
	cr = pci_read32(d, PCI_CLASS_REV);
	d->revision = cr & 0xff;
	d->progif = cr >> 8;
	d->subclass = cr >> 16;
	d->class = cr >> 24;
	d->header = pci_read8(d, PCI_HEADER) & 0x7f;
	d->irq_line = pci_read8(d, PCI_IRQ_LINE);
	d->irq_pin = pci_read8(d, PCI_IRQ_LINE + 1);
	if (d->header == 0) {
		cmd = pci_read16(d, PCI_COMMAND);
		pci_write16(d, PCI_COMMAND,
			    cmd & ~(PCI_CMD_IO | PCI_CMD_MEM));
		for (i = 0; i < 6; )
			i += probe_bar(d, i);
		pci_write16(d, PCI_COMMAND, cmd);
	}
	find_caps(d);
}

static void scan_bus(uint16_t seg, uint8_t bus)
{
	uint8_t dev, fn, nfn;

	for (dev = 0; dev < 32; dev++) {
		if ((cfg_read(seg, bus, dev, 0, PCI_VENDOR) & 0xffff) == 0xffff)
			continue;
		nfn = cfg_read(seg, bus, dev, 0, PCI_HEADER & ~3) >> 16 & 0x80 ?
		      8 : 1;
		for (fn = 0; fn < nfn; fn++)
			if ((cfg_read(seg, bus, dev, fn, PCI_VENDOR) &
			     0xffff) != 0xffff)
				add_dev(seg, bus, dev, fn);
	}
}

void pci_init(void)
{
	const struct mcfg_info *m = acpi_mcfg();
	int i, last_bus = 255;

	for (i = 0; m && i < m->count && !ecam; i++)
		if (m->e[i].segment == 0)
			ecam = &m->e[i];
	if (ecam) {
		uint64_t len = (uint64_t)(ecam->bus_end - ecam->bus_start + 1)
			       << 20;

		ecam_base = vm_map_phys(ecam->base, len, PTE_CACHE_UC);
		if (!ecam_base)
			klog(LOG_WARN, "pci: cannot map the ECAM window\n");
	}
	if (!ecam_base) {
		/* Mechanism #1 answers a read of its address port. */
		outl(CFG_ADDR, 0x80000000u);
		have_ports = inl(CFG_ADDR) == 0x80000000u;
		if (!have_ports) {
			klog(LOG_WARN, "pci: no ECAM and no config ports: "
			     "no PCI\n");
			return;
		}
	} else {
		last_bus = ecam->bus_end;
	}
	for (i = ecam_base ? ecam->bus_start : 0; i <= last_bus; i++)
		scan_bus(0, i);
	klog(LOG_INFO, "pci: %d functions, config space by %s\n", ndevs,
	     pci_access());
}

const char *pci_access(void)
{
	return ecam_base ? "ECAM" : have_ports ? "port I/O" : NULL;
}

const struct pci_dev *pci_dev_at(int i)
{
	return i >= 0 && i < ndevs ? &devs[i] : NULL;
}

const struct pci_dev *pci_find(uint16_t vendor, uint16_t device)
{
	int i;

	for (i = 0; i < ndevs; i++)
		if (devs[i].vendor == vendor && devs[i].device == device)
			return &devs[i];
	return NULL;
}

void pci_enable(const struct pci_dev *d)
{
	uint16_t cmd = pci_read16(d, PCI_COMMAND) | PCI_CMD_MEM | PCI_CMD_MASTER;
	int i;

	for (i = 0; i < 6; i++)
		if (d->bar[i].io && d->bar[i].size)
			cmd |= PCI_CMD_IO;
	pci_write16(d, PCI_COMMAND, cmd);
}

volatile void *pci_map_bar(const struct pci_dev *d, int i)
{
	const struct pci_bar *b = &d->bar[i];

	if (i < 0 || i > 5 || b->io || !b->size)
		return NULL;
	return vm_map_phys(b->addr, b->size, PTE_CACHE_UC);
}

int pci_enable_msi(const struct pci_dev *d, int vector)
{
	uint32_t addr = MSI_ADDR_BASE | lapic_id() << 12;
	uint16_t ctl;

	if (d->msix_cap) {
		uint32_t tbl = pci_read32(d, d->msix_cap + 4);
		int bir = tbl & 7;
		volatile uint32_t *entry;
		volatile uint8_t *bar;

		if (bir > 5 || !(bar = pci_map_bar(d, bir)))
			return -ENOMEM;
		entry = (volatile uint32_t *)(bar + (tbl & ~7u));
		ctl = pci_read16(d, d->msix_cap + 2);
		/* Enabled with every vector masked while entry 0 is set. */
		pci_write16(d, d->msix_cap + 2, ctl | 0xc000);
		entry[0] = addr;
		entry[1] = 0;
		entry[2] = (uint32_t)vector;	/* fixed, edge */
		entry[3] = 0;			/* unmasked */
		pci_write16(d, d->msix_cap + 2, (ctl | 0x8000) & ~0x4000);
	} else if (d->msi_cap) {
		int is64;

		ctl = pci_read16(d, d->msi_cap + 2);
		is64 = ctl & 0x80;
		pci_write32(d, d->msi_cap + 4, addr);
		if (is64)
			pci_write32(d, d->msi_cap + 8, 0);
		pci_write16(d, d->msi_cap + (is64 ? 12 : 8), (uint16_t)vector);
		/* One message (MME 0), enabled. */
		pci_write16(d, d->msi_cap + 2, (ctl & ~0x70) | 1);
	} else {
		return -ENODEV;
	}
	pci_write16(d, PCI_COMMAND,
		    pci_read16(d, PCI_COMMAND) | PCI_CMD_INTX_OFF);
	return 0;
}
