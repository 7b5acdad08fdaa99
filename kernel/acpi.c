/*
 * ACPI tables (ACPI 6.5 chapter 5). Words: the RSDP points at the XSDT
 * (64-bit entries, ACPI 2.0+) or the RSDT (32-bit); each entry points at
 * a table that starts with struct acpi_header. Every table is mapped
 * before it is read and its checksum verified; sizes are bounded, since
 * firmware tables are not always right.
 */
#include "acpi.h"

#include "arch/x86_64/cpu.h"
#include "errno.h"
#include "log.h"
#include "string.h"
#include "vm.h"

#define MAX_TABLES	64
#define MAX_TABLE_LEN	(16u << 20)
#define GAS_MEMORY	0
#define GAS_IO		1
#define SLP_EN		(1u << 13)
#define SCI_EN		1u
#define SLP_TYP_SHIFT	10
#define AML_NAME_OP	0x08
#define AML_PACKAGE_OP	0x12
#define AML_ZERO_OP	0x00
#define AML_ONE_OP	0x01
#define AML_BYTE_PREFIX	0x0a

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

struct gas {			/* generic address structure */
	uint8_t space;
	uint8_t bit_width;
	uint8_t bit_offset;
	uint8_t access_size;
	uint64_t address;
} __attribute__((packed));

struct fadt {
	struct acpi_header h;
	uint32_t firmware_ctrl;
	uint32_t dsdt;
	uint8_t reserved0;
	uint8_t preferred_pm_profile;
	uint16_t sci_int;
	uint32_t smi_cmd;
	uint8_t acpi_enable;
	uint8_t acpi_disable;
	uint8_t s4bios_req;
	uint8_t pstate_cnt;
	uint32_t pm1a_evt_blk;
	uint32_t pm1b_evt_blk;
	uint32_t pm1a_cnt_blk;
	uint32_t pm1b_cnt_blk;
	uint8_t other[76 - 72];	/* pm2_cnt_blk ... */
	uint8_t rest[116 - 76];	/* up to reset_reg */
	struct gas reset_reg;
	uint8_t reset_value;
	uint8_t reserved1[3];
	uint64_t x_firmware_ctrl;
	uint64_t x_dsdt;
	struct gas x_pm1a_evt_blk;
	struct gas x_pm1b_evt_blk;
	struct gas x_pm1a_cnt_blk;
	struct gas x_pm1b_cnt_blk;
} __attribute__((packed));

_Static_assert(__builtin_offsetof(struct fadt, pm1a_cnt_blk) == 64, "FADT");
_Static_assert(__builtin_offsetof(struct fadt, reset_reg) == 116, "FADT");
_Static_assert(__builtin_offsetof(struct fadt, x_dsdt) == 140, "FADT");
_Static_assert(__builtin_offsetof(struct fadt, x_pm1a_cnt_blk) == 172, "FADT");

static const struct acpi_header *tables[MAX_TABLES];
static int ntables;

/* What poweroff needs, from the FADT and DSDT. */
static struct {
	struct gas pm1a, pm1b;	/* control blocks; address 0: absent */
	uint32_t smi_cmd;
	uint8_t acpi_enable;
	int have_s5;
	uint8_t slp_typa, slp_typb;
} pm;

static int checksum_ok(const void *p, uint32_t len)
{
	const uint8_t *b = p;
	uint8_t sum = 0;

	while (len--)
		sum += *b++;
	return sum == 0;
}

/* Map and check the table at pa; NULL (and a log line) if it is bad. */
static const struct acpi_header *map_table(uint64_t pa)
{
	const struct acpi_header *h = vm_map_phys(pa, sizeof(*h), PTE_CACHE_WB);

	if (!h)
		return NULL;
	if (h->length < sizeof(*h) || h->length > MAX_TABLE_LEN) {
		klog(LOG_WARN, "acpi: table at %lx has bad length %u\n", pa,
		     h->length);
		return NULL;
	}
	if (!vm_map_phys(pa, h->length, PTE_CACHE_WB))
		return NULL;
	if (!checksum_ok(h, h->length)) {
		klog(LOG_WARN, "acpi: %.4s at %lx: bad checksum, ignored\n",
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

/* Decode an AML PkgLength at p; returns its byte count. */
static int pkg_length_size(const uint8_t *p)
{
	return 1 + (p[0] >> 6);
}

/* One small AML integer (ZeroOp, OneOp, BytePrefix n); -1 otherwise. */
static int aml_small_int(const uint8_t *p, const uint8_t *end, int *used)
{
	if (p >= end)
		return -1;
	*used = 1;
	if (*p == AML_ZERO_OP)
		return 0;
	if (*p == AML_ONE_OP)
		return 1;
	if (*p == AML_BYTE_PREFIX && p + 1 < end) {
		*used = 2;
		return p[1];
	}
	return -1;
}

/*
 * Find "Name(_S5_, Package() { SLP_TYPa, SLP_TYPb, ... })" in the DSDT by
 * a bounded byte scan (a full AML interpreter is not needed for this).
 */
static void find_s5(const struct acpi_header *dsdt)
{
	const uint8_t *p = (const uint8_t *)dsdt + sizeof(*dsdt);
	const uint8_t *end = (const uint8_t *)dsdt + dsdt->length;

	for (; p + 8 < end; p++) {
		int a, b, used;
		const uint8_t *q;

		if (memcmp(p, "_S5_", 4) != 0)
			continue;
		if (!(p[-1] == AML_NAME_OP ||
		      (p[-1] == '\\' && p[-2] == AML_NAME_OP)))
			continue;
		if (p[4] != AML_PACKAGE_OP)
			continue;
		q = p + 5 + pkg_length_size(p + 5) + 1;	/* skip NumElements */
		a = aml_small_int(q, end, &used);
		if (a < 0)
			continue;
		b = aml_small_int(q + used, end, &used);
		pm.slp_typa = a;
		pm.slp_typb = b < 0 ? 0 : b;
		pm.have_s5 = 1;
		return;
	}
}

static void parse_fadt(const struct fadt *f)
{
	uint64_t dsdt_pa = 0;
	const struct acpi_header *dsdt;

	pm.smi_cmd = f->smi_cmd;
	pm.acpi_enable = f->acpi_enable;
	pm.pm1a.space = pm.pm1b.space = GAS_IO;
	pm.pm1a.address = f->pm1a_cnt_blk;
	pm.pm1b.address = f->pm1b_cnt_blk;
	if (f->h.length >= __builtin_offsetof(struct fadt, x_pm1b_cnt_blk) +
			   sizeof(struct gas)) {
		if (f->x_pm1a_cnt_blk.address)
			pm.pm1a = f->x_pm1a_cnt_blk;
		if (f->x_pm1b_cnt_blk.address)
			pm.pm1b = f->x_pm1b_cnt_blk;
	}
	if (f->h.length >= __builtin_offsetof(struct fadt, x_dsdt) + 8)
		dsdt_pa = f->x_dsdt;
	if (!dsdt_pa)
		dsdt_pa = f->dsdt;
	dsdt = dsdt_pa ? map_table(dsdt_pa) : NULL;
	if (dsdt && memcmp(dsdt->signature, "DSDT", 4) == 0)
		find_s5(dsdt);
	if (!pm.have_s5)
		klog(LOG_WARN, "acpi: no \\_S5 object in the DSDT: no poweroff\n");
}

static void add_table(uint64_t pa)
{
	const struct acpi_header *h = map_table(pa);

	if (!h)
		return;
	if (ntables == MAX_TABLES) {
		klog(LOG_WARN, "acpi: more than %d tables; %.4s ignored\n",
		     MAX_TABLES, h->signature);
		return;
	}
	tables[ntables++] = h;
}

void acpi_init(uint64_t rsdp_pa, uint32_t revision)
{
	const struct rsdp *r;
	const struct acpi_header *root;
	const struct fadt *f;
	uint32_t i, n, entry;
	char names[MAX_TABLES * 5 + 1];

	if (!rsdp_pa) {
		klog(LOG_WARN, "acpi: no RSDP; no ACPI\n");
		return;
	}
	r = vm_map_phys(rsdp_pa, sizeof(*r), PTE_CACHE_WB);
	if (!r || memcmp(r->signature, "RSD PTR ", 8) || !checksum_ok(r, 20)) {
		klog(LOG_WARN, "acpi: bad RSDP at %lx; no ACPI\n", rsdp_pa);
		return;
	}
	if (revision >= 2 && r->revision >= 2 && r->xsdt &&
	    checksum_ok(r, sizeof(*r))) {
		root = map_table(r->xsdt);
		entry = 8;
	} else {
		root = map_table(r->rsdt);
		entry = 4;
	}
	if (!root) {
		klog(LOG_WARN, "acpi: no valid XSDT or RSDT; no ACPI\n");
		return;
	}
	n = (root->length - sizeof(*root)) / entry;
	for (i = 0; i < n; i++) {
		const uint8_t *e = (const uint8_t *)(root + 1) + i * entry;
		uint64_t pa = 0;

		memcpy(&pa, e, entry);
		if (pa)
			add_table(pa);
	}
	names[0] = 0;
	for (i = 0; i < (uint32_t)ntables; i++) {
		memcpy(names + 5 * i, " ", 1);
		memcpy(names + 5 * i + 1, tables[i]->signature, 4);
		names[5 * i + 5] = 0;
	}
	klog(LOG_INFO, "acpi: %.4s, tables:%s\n", root->signature, names);

	f = (const struct fadt *)acpi_find("FACP", 0);
	if (f && f->h.length >= __builtin_offsetof(struct fadt, reset_reg))
		parse_fadt(f);
	else
		klog(LOG_WARN, "acpi: no usable FADT: no poweroff\n");
}

static uint16_t pm1_read(const struct gas *g)
{
	if (g->space == GAS_IO)
		return inw(g->address);
	return *(volatile uint16_t *)vm_map_phys(g->address, 2, PTE_CACHE_UC);
}

static void pm1_write(const struct gas *g, uint16_t v)
{
	if (g->space == GAS_IO)
		outw(g->address, v);
	else
		*(volatile uint16_t *)vm_map_phys(g->address, 2, PTE_CACHE_UC) = v;
}

int acpi_poweroff(void)
{
	int i;

	if (!pm.have_s5 || !pm.pm1a.address ||
	    (pm.pm1a.space != GAS_IO && pm.pm1a.space != GAS_MEMORY))
		return -ENODEV;
	/* Firmware in legacy mode: ask it for ACPI mode first. */
	if (!(pm1_read(&pm.pm1a) & SCI_EN) && pm.smi_cmd && pm.acpi_enable) {
		outb(pm.smi_cmd, pm.acpi_enable);
		for (i = 0; i < 1000000 && !(pm1_read(&pm.pm1a) & SCI_EN); i++)
			cpu_relax();
	}
	pm1_write(&pm.pm1a, (pm1_read(&pm.pm1a) & ~(7u << SLP_TYP_SHIFT)) |
			    pm.slp_typa << SLP_TYP_SHIFT | SLP_EN);
	if (pm.pm1b.address)
		pm1_write(&pm.pm1b, (pm1_read(&pm.pm1b) & ~(7u << SLP_TYP_SHIFT)) |
				    pm.slp_typb << SLP_TYP_SHIFT | SLP_EN);
	for (i = 0; i < 10000000; i++)	/* the power goes, or it does not */
		cpu_relax();
	return -EIO;
}
