/*
 * ACPI table discovery and power control (ACPI 6.5 chapter 5). Every
 * table is mapped before it is read and its checksum verified; the
 * decoding itself is in acpi_parse.c.
 */
#include "acpi.h"

#include "acpi_parse.h"
#include "arch/x86_64/cpu.h"
#include "errno.h"
#include "log.h"
#include "printf.h"
#include "string.h"
#include "vm.h"

#define MAX_TABLES	64
#define MAX_TABLE_LEN	(16u << 20)
#define SLP_EN		(1u << 13)
#define SCI_EN		1u
#define SLP_TYP_SHIFT	10
#define SLP_TYP_MASK	(7u << SLP_TYP_SHIFT)

struct rsdp {
	char signature[8];
	uint8_t checksum;
	char oem_id[6];
	uint8_t revision;
	uint32_t rsdt;
	/* ACPI 2.0+: */
	uint32_t length;
	uint64_t xsdt;
	uint8_t ext_checksum;
	uint8_t reserved[3];
} __attribute__((packed));

/* Written once by acpi_init, read-only afterwards: */
static const struct acpi_header *tables[MAX_TABLES];
static int ntables;
static struct madt_info madt;
static struct hpet_info hpet;
static struct fadt_info fadt;
static struct mcfg_info mcfg;
static int have_madt, have_hpet, have_fadt, have_s5, have_mcfg;
static uint8_t slp_typa, slp_typb;

/* Map and check the table at pa; NULL (and a log line) if it is bad. */
static const struct acpi_header *map_table(uint64_t pa)
{
	const struct acpi_header *h = vm_map_phys(pa, sizeof(*h), PTE_CACHE_WB);

	if (!h)
		return NULL;
	if (h->length < sizeof(*h) || h->length > MAX_TABLE_LEN) {
		klog(LOG_WARN, "acpi: table at %lx has bad length %u; ignored\n",
		     pa, h->length);
		return NULL;
	}
	if (!vm_map_phys(pa, h->length, PTE_CACHE_WB))
		return NULL;
	if (!acpi_checksum_ok(h, h->length)) {
		klog(LOG_WARN, "acpi: %.4s at %lx: bad checksum; ignored\n",
		     h->signature, pa);
		return NULL;
	}
	return h;
}

const struct acpi_header *acpi_find(const char sig[4], int index)
{
	int i;

	for (i = 0; i < ntables; i++)
		if (memcmp(tables[i]->signature, sig, 4) == 0 && index-- == 0)
			return tables[i];
	return NULL;
}

const struct madt_info *acpi_madt(void)
{
	return have_madt ? &madt : NULL;
}

const struct hpet_info *acpi_hpet(void)
{
	return have_hpet ? &hpet : NULL;
}

const struct fadt_info *acpi_fadt(void)
{
	return have_fadt ? &fadt : NULL;
}

const struct mcfg_info *acpi_mcfg(void)
{
	return have_mcfg ? &mcfg : NULL;
}

/* The root table (XSDT preferred) from the RSDP, or NULL. */
static const struct acpi_header *find_root(uint64_t rsdp_pa, uint32_t revision,
					   uint32_t *entry_size)
{
	const struct rsdp *r = vm_map_phys(rsdp_pa, sizeof(*r), PTE_CACHE_WB);

	if (!r || memcmp(r->signature, "RSD PTR ", 8) ||
	    !acpi_checksum_ok(r, 20)) {
		klog(LOG_WARN, "acpi: bad RSDP at %lx; no ACPI\n", rsdp_pa);
		return NULL;
	}
	if (revision >= 2 && r->revision >= 2 && r->xsdt &&
	    acpi_checksum_ok(r, sizeof(*r))) {
		*entry_size = 8;
		return map_table(r->xsdt);
	}
	*entry_size = 4;
	return map_table(r->rsdt);
}

static void load_tables(const struct acpi_header *root, uint32_t entry)
{
	uint32_t i, n = (root->length - sizeof(*root)) / entry;
	char names[MAX_TABLES * 5 + 1] = "";

	for (i = 0; i < n && ntables < MAX_TABLES; i++) {
		const uint8_t *e = (const uint8_t *)(root + 1) + i * entry;
		const struct acpi_header *h;
		uint64_t pa = 0;

		memcpy(&pa, e, entry);
		if (pa && (h = map_table(pa))) {
			memcpy(names + 5 * ntables, " ", 1);
			memcpy(names + 5 * ntables + 1, h->signature, 4);
			names[5 * ntables + 5] = 0;
			tables[ntables++] = h;
		}
	}
	if (i < n)
		klog(LOG_WARN, "acpi: more than %d tables; the rest ignored\n",
		     MAX_TABLES);
	klog(LOG_INFO, "acpi: %.4s, tables:%s\n", root->signature, names);
}

static void decode_fadt(void)
{
	const struct acpi_header *h = acpi_find("FACP", 0), *dsdt;

	if (!h || acpi_parse_fadt(h, &fadt)) {
		klog(LOG_WARN, "acpi: no usable FADT: no ACPI poweroff or reset\n");
		return;
	}
	have_fadt = 1;
	dsdt = fadt.dsdt ? map_table(fadt.dsdt) : NULL;
	if (dsdt && memcmp(dsdt->signature, "DSDT", 4) == 0 &&
	    acpi_find_s5(dsdt, &slp_typa, &slp_typb) == 0)
		have_s5 = 1;
	else
		klog(LOG_WARN, "acpi: no \\_S5 object in the DSDT: no poweroff\n");
}

static void decode_madt(void)
{
	const struct acpi_header *h = acpi_find("APIC", 0);

	if (!h || acpi_parse_madt(h, &madt)) {
		klog(LOG_WARN, "acpi: no usable MADT: one CPU, legacy defaults\n");
		acpi_parse_madt(&(struct acpi_header){ .length = 0 }, &madt);
		return;
	}
	have_madt = 1;
	if (madt.skipped)
		klog(LOG_WARN, "acpi: MADT: %d malformed entries skipped\n",
		     madt.skipped);
	klog(LOG_INFO, "acpi: MADT: %d CPUs, %d I/O APICs, local APIC at %lx\n",
	     madt.ncpus, madt.nioapics, madt.lapic_addr);
}

void acpi_init(uint64_t rsdp_pa, uint32_t revision)
{
	const struct acpi_header *root, *h;
	uint32_t entry;

	if (!rsdp_pa) {
		klog(LOG_WARN, "acpi: no RSDP; no ACPI\n");
		decode_madt();
		return;
	}
	root = find_root(rsdp_pa, revision, &entry);
	if (root)
		load_tables(root, entry);
	else
		klog(LOG_WARN, "acpi: no valid XSDT or RSDT; no ACPI\n");
	decode_fadt();
	decode_madt();
	h = acpi_find("HPET", 0);
	if (h && acpi_parse_hpet(h, &hpet) == 0)
		have_hpet = 1;
	else if (h)
		klog(LOG_WARN, "acpi: malformed HPET table; ignored\n");
	h = acpi_find("MCFG", 0);
	if (h && acpi_parse_mcfg(h, &mcfg) == 0 && mcfg.count > 0)
		have_mcfg = 1;
	else if (h)
		klog(LOG_WARN, "acpi: MCFG without a usable entry; ignored\n");
	if (have_mcfg && mcfg.skipped)
		klog(LOG_WARN, "acpi: MCFG: %d malformed entries ignored\n",
		     mcfg.skipped);
}

static void dump_table(const struct acpi_header *h)
{
	const uint8_t *p = (const uint8_t *)h;
	char line[3 * 32 + 1];
	uint32_t off, i;

	klog(LOG_INFO, "acpidump: %.4s %u bytes\n", h->signature, h->length);
	for (off = 0; off < h->length; off += 32) {
		for (i = 0; i < 32 && off + i < h->length; i++)
			snprintf(line + 3 * i, 4, " %02x", p[off + i]);
		klog(LOG_INFO, "acpidump: %.4s %04x:%s\n", h->signature, off, line);
	}
}

void acpi_dump(void)
{
	const struct acpi_header *dsdt;
	int i;

	for (i = 0; i < ntables; i++)
		dump_table(tables[i]);
	if (have_fadt && fadt.dsdt && (dsdt = map_table(fadt.dsdt)))
		dump_table(dsdt);
	klog(LOG_INFO, "acpidump: end\n");
}

static uint16_t gas_read16(const struct acpi_gas *g)
{
	if (g->space == GAS_SPACE_IO)
		return inw(g->address);
	return *(volatile uint16_t *)vm_map_phys(g->address, 2, PTE_CACHE_UC);
}

static void gas_write(const struct acpi_gas *g, uint32_t v, int width)
{
	if (g->space == GAS_SPACE_IO) {
		if (width == 8)
			outb(g->address, v);
		else
			outw(g->address, v);
	} else if (width == 8) {
		*(volatile uint8_t *)vm_map_phys(g->address, 1, PTE_CACHE_UC) = v;
	} else {
		*(volatile uint16_t *)vm_map_phys(g->address, 2, PTE_CACHE_UC) = v;
	}
}

static int gas_usable(const struct acpi_gas *g)
{
	return g->address &&
	       (g->space == GAS_SPACE_IO || g->space == GAS_SPACE_MEMORY);
}

int acpi_poweroff(void)
{
	int i;

	if (!have_fadt || !have_s5 || !gas_usable(&fadt.pm1a_cnt))
		return -ENODEV;
	/* Firmware still in legacy mode: ask it for ACPI mode first. */
	if (!(gas_read16(&fadt.pm1a_cnt) & SCI_EN) && fadt.smi_cmd &&
	    fadt.acpi_enable) {
		outb(fadt.smi_cmd, fadt.acpi_enable);
		for (i = 0; i < 1000000 && !(gas_read16(&fadt.pm1a_cnt) & SCI_EN); i++)
			cpu_relax();
	}
	gas_write(&fadt.pm1a_cnt, (gas_read16(&fadt.pm1a_cnt) & ~SLP_TYP_MASK) |
		  slp_typa << SLP_TYP_SHIFT | SLP_EN, 16);
	if (gas_usable(&fadt.pm1b_cnt))
		gas_write(&fadt.pm1b_cnt,
			  (gas_read16(&fadt.pm1b_cnt) & ~SLP_TYP_MASK) |
			  slp_typb << SLP_TYP_SHIFT | SLP_EN, 16);
	for (i = 0; i < 10000000; i++)	/* the power goes, or it does not */
		cpu_relax();
	return -EIO;
}

int acpi_reset(void)
{
	int i;

	if (!have_fadt || !fadt.have_reset || !gas_usable(&fadt.reset_reg))
		return -ENODEV;
	gas_write(&fadt.reset_reg, fadt.reset_value, 8);
	for (i = 0; i < 10000000; i++)
		cpu_relax();
	return -EIO;
}
