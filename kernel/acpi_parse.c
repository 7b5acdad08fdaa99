/*
 * ACPI table decoding (ACPI 6.5 chapter 5). Every read is bounded by the
 * table's length; entries that are too short are counted as skipped and
 * left out rather than trusted, since firmware tables are not always
 * right.
 */
#include "acpi_parse.h"

#include "errno.h"
#include "string.h"

#define MADT_LAPIC		0
#define MADT_IOAPIC		1
#define MADT_ISO		2
#define MADT_LAPIC_NMI		4
#define MADT_LAPIC_OVERRIDE	5
#define MADT_X2APIC		9
#define MADT_X2APIC_NMI		10
#define MADT_PCAT_COMPAT	1
#define LAPIC_ENABLED		1
#define LAPIC_ONLINE_CAPABLE	2
#define DEFAULT_LAPIC		0xfee00000

#define AML_NAME_OP	0x08
#define AML_PACKAGE_OP	0x12
#define AML_ZERO_OP	0x00
#define AML_ONE_OP	0x01
#define AML_BYTE_PREFIX	0x0a

/* FADT field offsets (ACPI 6.5 table 5.9). */
#define FADT_DSDT		40
#define FADT_SMI_CMD		48
#define FADT_ACPI_ENABLE	52
#define FADT_PM1A_CNT		64
#define FADT_PM1B_CNT		68
#define FADT_CENTURY		108
#define FADT_FLAGS		112
#define FADT_RESET_REG		116
#define FADT_RESET_VALUE	128
#define FADT_X_DSDT		140
#define FADT_X_PM1A_CNT		172
#define FADT_X_PM1B_CNT		184
#define FADT_RESET_REG_SUP	(1u << 10)

int acpi_checksum_ok(const void *p, uint32_t len)
{
	const uint8_t *b = p;
	uint8_t sum = 0;

	while (len--)
		sum += *b++;
	return sum == 0;
}

static uint32_t rd32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static uint64_t rd64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

static void madt_cpu(struct madt_info *m, uint32_t apic_id, uint32_t uid,
		     uint32_t flags)
{
	if (!(flags & (LAPIC_ENABLED | LAPIC_ONLINE_CAPABLE)))
		return;
	if (m->ncpus == MADT_MAX_CPUS) {
		m->skipped++;
		return;
	}
	m->cpu[m->ncpus].apic_id = apic_id;
	m->cpu[m->ncpus].acpi_uid = uid;
	m->ncpus++;
}

static void madt_nmi(struct madt_info *m, uint32_t uid, uint16_t flags,
		     uint8_t lint)
{
	if (m->nnmis == MADT_MAX_NMIS || lint > 1) {
		m->skipped++;
		return;
	}
	m->nmi[m->nnmis].acpi_uid = uid;
	m->nmi[m->nnmis].flags = flags;
	m->nmi[m->nnmis].lint = lint;
	m->nnmis++;
}

/* One MADT entry of type t and length len at e. */
static void madt_entry(struct madt_info *m, const uint8_t *e, uint8_t t,
		       uint8_t len)
{
	static const uint8_t min_len[] = {
		[MADT_LAPIC] = 8, [MADT_IOAPIC] = 12, [MADT_ISO] = 10,
		[MADT_LAPIC_NMI] = 6, [MADT_LAPIC_OVERRIDE] = 12,
		[MADT_X2APIC] = 16, [MADT_X2APIC_NMI] = 12,
	};

	if (t < sizeof(min_len) && len < min_len[t]) {
		m->skipped++;
		return;
	}
	switch (t) {
	case MADT_LAPIC:
		madt_cpu(m, e[3], e[2], rd32(e + 4));
		break;
	case MADT_X2APIC:
		madt_cpu(m, rd32(e + 4), rd32(e + 12), rd32(e + 8));
		break;
	case MADT_IOAPIC:
		if (m->nioapics == MADT_MAX_IOAPICS) {
			m->skipped++;
			break;
		}
		m->ioapic[m->nioapics].id = e[2];
		m->ioapic[m->nioapics].addr = rd32(e + 4);
		m->ioapic[m->nioapics].gsi_base = rd32(e + 8);
		m->nioapics++;
		break;
	case MADT_ISO:
		if (e[2] != 0 || e[3] >= ISA_IRQS) {	/* bus 0 is ISA */
			m->skipped++;
			break;
		}
		m->isa[e[3]].gsi = rd32(e + 4);
		m->isa[e[3]].flags = e[8] | e[9] << 8;
		break;
	case MADT_LAPIC_NMI:
		madt_nmi(m, e[2] == 0xff ? 0xffffffff : e[2], e[3] | e[4] << 8,
			 e[5]);
		break;
	case MADT_X2APIC_NMI:
		madt_nmi(m, rd32(e + 4), e[2] | e[3] << 8, e[8]);
		break;
	case MADT_LAPIC_OVERRIDE:
		m->lapic_addr = rd64(e + 4);
		break;
	default:	/* types the kernel does not use */
		break;
	}
}

int acpi_parse_madt(const struct acpi_header *h, struct madt_info *m)
{
	const uint8_t *p = (const uint8_t *)h, *e, *end;
	int i;

	memset(m, 0, sizeof(*m));
	m->lapic_addr = DEFAULT_LAPIC;
	for (i = 0; i < ISA_IRQS; i++)
		m->isa[i].gsi = i;	/* identity unless overridden */
	if (memcmp(h->signature, "APIC", 4) || h->length < sizeof(*h) + 8)
		return -EINVAL;
	m->lapic_addr = rd32(p + sizeof(*h));
	m->pcat_compat = rd32(p + sizeof(*h) + 4) & MADT_PCAT_COMPAT;
	end = p + h->length;
	for (e = p + sizeof(*h) + 8; e + 2 <= end; e += e[1]) {
		if (e[1] < 2 || e + e[1] > end) {
			m->skipped++;
			return 0;	/* a bad length: the rest is unreadable */
		}
		madt_entry(m, e, e[0], e[1]);
	}
	if (e < end)
		m->skipped++;	/* a fragment too short for an entry header */
	return 0;
}

int acpi_parse_hpet(const struct acpi_header *h, struct hpet_info *out)
{
	const uint8_t *p = (const uint8_t *)h;
	struct acpi_gas gas;

	memset(out, 0, sizeof(*out));
	if (memcmp(h->signature, "HPET", 4) || h->length < 56)
		return -EINVAL;
	memcpy(&gas, p + 40, sizeof(gas));
	if (gas.space != GAS_SPACE_MEMORY || gas.address == 0)
		return -EINVAL;
	out->addr = gas.address;
	out->comparators = ((rd32(p + 36) >> 8) & 0x1f) + 1;
	out->min_tick = p[53] | p[54] << 8;
	return 0;
}

int acpi_parse_mcfg(const struct acpi_header *h, struct mcfg_info *out)
{
	const uint8_t *p = (const uint8_t *)h, *e;

	memset(out, 0, sizeof(*out));
	if (memcmp(h->signature, "MCFG", 4) || h->length < 44)
		return -EINVAL;
	for (e = p + 44; e + 16 <= p + h->length; e += 16) {
		struct mcfg_entry m;

		memcpy(&m.base, e, 8);
		m.segment = e[8] | e[9] << 8;
		m.bus_start = e[10];
		m.bus_end = e[11];
		/* A window is 1 MiB per bus, 1 MiB aligned at least. */
		if (!m.base || (m.base & 0xfffff) || m.bus_end < m.bus_start ||
		    out->count == MCFG_MAX) {
			out->skipped++;
			continue;
		}
		out->e[out->count++] = m;
	}
	return 0;
}

int acpi_parse_fadt(const struct acpi_header *h, struct fadt_info *f)
{
	const uint8_t *p = (const uint8_t *)h;
	uint32_t len = h->length;

	memset(f, 0, sizeof(*f));
	if (memcmp(h->signature, "FACP", 4) || len < FADT_PM1B_CNT + 4)
		return -EINVAL;
	f->dsdt = rd32(p + FADT_DSDT);
	f->smi_cmd = rd32(p + FADT_SMI_CMD);
	f->acpi_enable = p[FADT_ACPI_ENABLE];
	f->pm1a_cnt.space = f->pm1b_cnt.space = GAS_SPACE_IO;
	f->pm1a_cnt.address = rd32(p + FADT_PM1A_CNT);
	f->pm1b_cnt.address = rd32(p + FADT_PM1B_CNT);
	if (len > FADT_CENTURY)
		f->century = p[FADT_CENTURY];
	if (len >= FADT_RESET_VALUE + 1 &&
	    (rd32(p + FADT_FLAGS) & FADT_RESET_REG_SUP)) {
		memcpy(&f->reset_reg, p + FADT_RESET_REG, sizeof(f->reset_reg));
		f->reset_value = p[FADT_RESET_VALUE];
		f->have_reset = f->reset_reg.address != 0;
	}
	if (len >= FADT_X_DSDT + 8 && rd64(p + FADT_X_DSDT))
		f->dsdt = rd64(p + FADT_X_DSDT);
	if (len >= FADT_X_PM1B_CNT + sizeof(struct acpi_gas)) {
		struct acpi_gas a, b;

		memcpy(&a, p + FADT_X_PM1A_CNT, sizeof(a));
		memcpy(&b, p + FADT_X_PM1B_CNT, sizeof(b));
		if (a.address)
			f->pm1a_cnt = a;
		if (b.address)
			f->pm1b_cnt = b;
	}
	return 0;
}

/* A small AML integer (ZeroOp, OneOp, BytePrefix n) at p: its value and
   length, or -1. */
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

int acpi_find_s5(const struct acpi_header *h, uint8_t *slp_typa,
		 uint8_t *slp_typb)
{
	const uint8_t *start = (const uint8_t *)h + sizeof(*h);
	const uint8_t *end = (const uint8_t *)h + h->length;
	const uint8_t *p;

	if (h->length < sizeof(*h))
		return -ENOENT;
	for (p = start + 1; p + 8 <= end; p++) {
		const uint8_t *q;
		int a, b, used;

		/* NameOp [\] "_S5_" PackageOp PkgLength NumElements ... */
		if (memcmp(p, "_S5_", 4) || p[4] != AML_PACKAGE_OP ||
		    !(p[-1] == AML_NAME_OP ||
		      (p - 2 >= start && p[-1] == '\\' && p[-2] == AML_NAME_OP)))
			continue;
		q = p + 5 + 1 + (p[5] >> 6) + 1;
		a = aml_small_int(q, end, &used);
		if (a < 0)
			continue;
		b = aml_small_int(q + used, end, &used);
		*slp_typa = a;
		*slp_typb = b < 0 ? 0 : b;
		return 0;
	}
	return -ENOENT;
}
