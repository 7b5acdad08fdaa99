/*
 * Host tests of acpi_parse_madt() (kernel/acpi_parse.c): the MADTs QEMU
 * q35 gives with -smp 4 and -smp 1 (captured, decoded by hand below),
 * that table cut at every length, and broken or unusual ones built here:
 * bad entry lengths, entries too short for their type, unknown types,
 * disabled CPUs, x2APIC entries, overrides, and more entries than the
 * parser keeps. Every table is a heap copy of exactly its length.
 */
#include "check.h"

#include <stdint.h>

#include "acpi_parse.h"
#include "acpi_tables.h"
#include "errno.h"

#define MADT_ENTRIES	(HDR + 8)
#define DEFAULT_LAPIC	0xfee00000u

static void madt_begin(struct tb *t, uint32_t lapic, uint32_t flags)
{
	tb_begin(t, "APIC");
	tb_u32(t, lapic);
	tb_u32(t, flags);
}

static void e_lapic(struct tb *t, uint8_t uid, uint8_t id, uint32_t flags)
{
	TB(t, 0, 8, uid, id);
	tb_u32(t, flags);
}

static void e_ioapic(struct tb *t, uint8_t id, uint32_t addr, uint32_t gsi)
{
	TB(t, 1, 12, id, 0);
	tb_u32(t, addr);
	tb_u32(t, gsi);
}

static void e_iso(struct tb *t, uint8_t bus, uint8_t irq, uint32_t gsi,
		  uint16_t flags)
{
	TB(t, 2, 10, bus, irq);
	tb_u32(t, gsi);
	tb_u16(t, flags);
}

static void e_nmi(struct tb *t, uint8_t uid, uint16_t flags, uint8_t lint)
{
	TB(t, 4, 6, uid);
	tb_u16(t, flags);
	TB(t, lint);
}

static void e_lapic_override(struct tb *t, uint64_t addr)
{
	TB(t, 5, 12, 0, 0);
	tb_u64(t, addr);
}

static void e_x2apic(struct tb *t, uint32_t id, uint32_t flags, uint32_t uid)
{
	TB(t, 9, 16, 0, 0);
	tb_u32(t, id);
	tb_u32(t, flags);
	tb_u32(t, uid);
}

static void e_x2nmi(struct tb *t, uint16_t flags, uint32_t uid, uint8_t lint)
{
	TB(t, 10, 12);
	tb_u16(t, flags);
	tb_u32(t, uid);
	TB(t, lint, 0, 0, 0);
}

static int parse_madt(const struct tb *t, struct madt_info *m)
{
	struct acpi_header *h = tb_table(t);
	int r = acpi_parse_madt(h, m);

	free(h);
	return r;
}

/* ISA IRQs map to themselves (but those listed in except). */
static void check_isa_identity(const struct madt_info *m, uint32_t except)
{
	int i;

	for (i = 0; i < ISA_IRQS; i++) {
		if (except & (1u << i))
			continue;
		if (!CHECK_EQ(m->isa[i].gsi, i) || !CHECK_EQ(m->isa[i].flags, 0))
			printf("    ISA IRQ %d\n", i);
	}
}

static void check_madt_defaults(const struct madt_info *m)
{
	CHECK_EQ(m->lapic_addr, DEFAULT_LAPIC);
	CHECK_EQ(m->pcat_compat, 0);
	CHECK_EQ(m->ncpus, 0);
	CHECK_EQ(m->nioapics, 0);
	CHECK_EQ(m->nnmis, 0);
	CHECK_EQ(m->skipped, 0);
	check_isa_identity(m, 0);
}

/*
 * The captured q35 MADT, -smp 4 (144 bytes), decoded by hand:
 *   local APIC 0xfee00000, flags 1 (PCAT_COMPAT)
 *   4 x Processor Local APIC (type 0): uid n, APIC id n, enabled, n = 0-3
 *   I/O APIC (type 1): id 0, 0xfec00000, GSI base 0
 *   Interrupt Source Overrides (type 2), bus 0:
 *     IRQ 0 -> GSI 2, flags 0 (conforming)
 *     IRQ 5, 9, 10, 11 -> the same GSI, flags 0xd (active high, level)
 *   Local APIC NMI (type 4): uid 0xff (all), flags 0, LINT1
 * The -smp 1 one (120 bytes) is the same with the one CPU, uid/id 0.
 */
static void check_q35_madt(const char *file, int ncpus)
{
	struct acpi_header *h = load(file, NULL);
	struct madt_info m;
	static const int level_irqs[] = { 5, 9, 10, 11 };
	size_t i;
	int c;

	memset(&m, 0x5a, sizeof(m));
	CHECK_EQ(acpi_parse_madt(h, &m), 0);
	CHECK_EQ(m.lapic_addr, 0xfee00000);
	CHECK_EQ(m.pcat_compat, 1);
	CHECK_EQ(m.ncpus, ncpus);
	for (c = 0; c < ncpus && c < MADT_MAX_CPUS; c++) {
		CHECK_EQ(m.cpu[c].apic_id, c);
		CHECK_EQ(m.cpu[c].acpi_uid, c);
	}
	CHECK_EQ(m.nioapics, 1);
	CHECK_EQ(m.ioapic[0].id, 0);
	CHECK_EQ(m.ioapic[0].addr, 0xfec00000);
	CHECK_EQ(m.ioapic[0].gsi_base, 0);
	CHECK_EQ(m.isa[0].gsi, 2);
	CHECK_EQ(m.isa[0].flags, 0);
	for (i = 0; i < ARRAY_LEN(level_irqs); i++) {
		CHECK_EQ(m.isa[level_irqs[i]].gsi, level_irqs[i]);
		CHECK_EQ(m.isa[level_irqs[i]].flags,
			 MPS_TRIGGER_LEVEL | 0x1);	/* active high */
	}
	check_isa_identity(&m, 1u << 0 | 1u << 5 | 1u << 9 | 1u << 10 |
			   1u << 11);
	CHECK_EQ(m.nnmis, 1);
	CHECK_EQ(m.nmi[0].acpi_uid, 0xffffffff);
	CHECK_EQ(m.nmi[0].lint, 1);
	CHECK_EQ(m.nmi[0].flags, 0);
	CHECK_EQ(m.skipped, 0);
	free(h);
}

static void q35_madt_smp4(void)
{
	check_q35_madt("q35-smp4-APIC.bin", 4);
}

static void q35_madt_smp1(void)
{
	check_q35_madt("q35-smp1-APIC.bin", 1);
}

/* Entry boundaries in the smp4 MADT: 4 CPUs, I/O APIC, 5 ISOs, NMI. */
static const uint32_t q35_bounds[] = {
	0x2c, 0x34, 0x3c, 0x44, 0x4c, 0x58, 0x62, 0x6c, 0x76, 0x80, 0x8a, 0x90,
};

/*
 * The smp4 MADT cut at every length from 44 bytes on: the entries wholly
 * inside are decoded, the one cut (if any) is not; no read past the end.
 */
static void madt_cut_at_every_length(void)
{
	uint32_t full, len;
	struct acpi_header *src = load("q35-smp4-APIC.bin", &full);

	CHECK_EQ(full, 0x90);
	for (len = MADT_ENTRIES; len <= full; len++) {
		struct acpi_header *h = table_copy(src, len);
		struct madt_info m;
		int whole = 0, cut;

		while (whole + 1 < (int)ARRAY_LEN(q35_bounds) &&
		       q35_bounds[whole + 1] <= len)
			whole++;		/* entries wholly inside */
		cut = len > q35_bounds[whole];	/* any fragment */
		CHECK_EQ(acpi_parse_madt(h, &m), 0);
		if (!CHECK_EQ(m.ncpus, whole < 4 ? whole : 4) ||
		    !CHECK_EQ(m.nioapics, whole >= 5) ||
		    !CHECK_EQ(m.isa[0].gsi, whole >= 6 ? 2 : 0) ||
		    !CHECK_EQ(m.isa[11].flags, whole >= 10 ? 0xd : 0) ||
		    !CHECK_EQ(m.nnmis, whole >= 11) ||
		    !CHECK_EQ(m.skipped, cut))
			printf("    cut at %u bytes\n", len);
		free(h);
	}
	free(src);
}

/* A single byte of an entry left at the end is a malformed entry too. */
static void madt_cut_leaving_one_byte_is_skipped(void)
{
	struct acpi_header *src = load("q35-smp4-APIC.bin", NULL);
	struct acpi_header *h = table_copy(src, 0x4c + 1);	/* I/O APIC */
	struct madt_info m;

	CHECK_EQ(acpi_parse_madt(h, &m), 0);
	CHECK_EQ(m.ncpus, 4);
	CHECK_EQ(m.nioapics, 0);
	CHECK_EQ(m.skipped, 1);
	free(h);
	free(src);
}

static void madt_wrong_signature_gives_defaults(void)
{
	struct acpi_header *h = load("q35-smp4-APIC.bin", NULL);
	struct madt_info m;

	memcpy(h->signature, "APIX", 4);
	memset(&m, 0x5a, sizeof(m));
	CHECK_EQ(acpi_parse_madt(h, &m), -EINVAL);
	check_madt_defaults(&m);
	free(h);
}

static void madt_too_short_gives_defaults(void)
{
	struct tb t;
	struct madt_info m;
	uint32_t len;

	madt_begin(&t, 0xfee00000, 1);
	for (len = HDR; len < MADT_ENTRIES; len++) {
		struct acpi_header *h = table_copy(t.b, len);

		memset(&m, 0x5a, sizeof(m));
		CHECK_EQ(acpi_parse_madt(h, &m), -EINVAL);
		check_madt_defaults(&m);
		free(h);
	}
	/* The kernel's own "no MADT" call: a zeroed header. */
	memset(&m, 0x5a, sizeof(m));
	CHECK_EQ(acpi_parse_madt(&(struct acpi_header){ .length = 0 }, &m),
		 -EINVAL);
	check_madt_defaults(&m);
	/* No entries at all is fine. */
	CHECK_EQ(parse_madt(&t, &m), 0);
	CHECK_EQ(m.ncpus, 0);
	CHECK_EQ(m.pcat_compat, 1);
	CHECK_EQ(m.skipped, 0);
}

static void madt_entry_length_0_or_1_stops(void)
{
	int bad;

	for (bad = 0; bad < 2; bad++) {
		struct tb t;
		struct madt_info m;

		madt_begin(&t, DEFAULT_LAPIC, 0);
		e_lapic(&t, 0, 0, 1);
		TB(&t, 0, bad, 0, 0, 1, 0, 0, 0);	/* a LAPIC, bad length */
		e_lapic(&t, 2, 2, 1);
		CHECK_EQ(parse_madt(&t, &m), 0);
		CHECK_EQ(m.ncpus, 1);		/* the rest unreadable */
		CHECK_EQ(m.skipped, 1);
	}
}

static void madt_entry_past_the_end_is_skipped(void)
{
	struct tb t;
	struct madt_info m;

	madt_begin(&t, DEFAULT_LAPIC, 0);
	e_lapic(&t, 0, 0, 1);
	e_ioapic(&t, 1, 0xfec00000, 0);
	t.b[t.n - 11] = 13;		/* its length: one byte too many */
	CHECK_EQ(parse_madt(&t, &m), 0);
	CHECK_EQ(m.ncpus, 1);
	CHECK_EQ(m.nioapics, 0);
	CHECK_EQ(m.skipped, 1);
	t.b[t.n - 11] = 255;
	CHECK_EQ(parse_madt(&t, &m), 0);
	CHECK_EQ(m.nioapics, 0);
	CHECK_EQ(m.skipped, 1);
}

/* Each type the parser reads, one byte short: as the last entry (a read
   of the missing bytes would be past the end), and before a good one. */
static void madt_short_entries_are_skipped(void)
{
	static const struct {
		uint8_t type, min;
	} types[] = {
		{ 0, 8 }, { 1, 12 }, { 2, 10 }, { 4, 6 }, { 5, 12 }, { 9, 16 },
		{ 10, 12 },
	};
	size_t i;

	for (i = 0; i < ARRAY_LEN(types); i++) {
		uint8_t len;

		for (len = 2; len < types[i].min; len++) {
			struct tb t;
			struct madt_info m;
			uint8_t body[16];

			memset(body, 0x01, sizeof(body)); /* enabled ... */
			body[0] = types[i].type;
			body[1] = len;
			madt_begin(&t, DEFAULT_LAPIC, 0);
			tb_bytes(&t, body, len);
			CHECK_EQ(parse_madt(&t, &m), 0);
			if (!CHECK_EQ(m.skipped, 1))
				printf("    type %u length %u\n", types[i].type,
				       len);
			CHECK_EQ(m.ncpus + m.nioapics + m.nnmis, 0);
			CHECK_EQ(m.lapic_addr, DEFAULT_LAPIC);
			check_isa_identity(&m, 0);
			e_lapic(&t, 0, 7, 1);	/* the next is read */
			CHECK_EQ(parse_madt(&t, &m), 0);
			CHECK_EQ(m.skipped, 1);
			CHECK_EQ(m.ncpus, 1);
			CHECK_EQ(m.cpu[0].apic_id, 7);
		}
	}
}

static void madt_unknown_types_ignored(void)
{
	static const uint8_t unknown[] = { 3, 6, 7, 8, 11, 12, 0x7f, 0x80,
					   0xff };
	struct tb t;
	struct madt_info m;
	size_t i;

	madt_begin(&t, DEFAULT_LAPIC, 0);
	for (i = 0; i < ARRAY_LEN(unknown); i++) {
		TB(&t, unknown[i], 2);
		TB(&t, unknown[i], 5, 0xff, 0xff, 0xff);
	}
	e_lapic(&t, 0, 0, 1);
	CHECK_EQ(parse_madt(&t, &m), 0);
	CHECK_EQ(m.skipped, 0);
	CHECK_EQ(m.ncpus, 1);
	CHECK_EQ(m.nioapics, 0);
	CHECK_EQ(m.nnmis, 0);
}

static void madt_disabled_cpus_left_out(void)
{
	struct tb t;
	struct madt_info m;

	madt_begin(&t, DEFAULT_LAPIC, 0);
	e_lapic(&t, 0, 0, 1);			/* enabled */
	e_lapic(&t, 1, 1, 0);			/* disabled */
	e_lapic(&t, 2, 2, 2);			/* online capable */
	e_lapic(&t, 3, 3, 0xfffffffc);		/* neither bit */
	e_x2apic(&t, 0x1000, 0, 4);		/* disabled */
	e_x2apic(&t, 0x1001, 1, 5);
	CHECK_EQ(parse_madt(&t, &m), 0);
	CHECK_EQ(m.pcat_compat, 0);
	CHECK_EQ(m.ncpus, 3);
	CHECK_EQ(m.cpu[0].apic_id, 0);
	CHECK_EQ(m.cpu[1].apic_id, 2);
	CHECK_EQ(m.cpu[1].acpi_uid, 2);
	CHECK_EQ(m.cpu[2].apic_id, 0x1001);
	CHECK_EQ(m.cpu[2].acpi_uid, 5);
	CHECK_EQ(m.skipped, 0);
}

static void madt_x2apic_entries(void)
{
	struct tb t;
	struct madt_info m;

	madt_begin(&t, DEFAULT_LAPIC, 0);
	e_lapic(&t, 0, 0, 1);
	e_x2apic(&t, 0x12345678, 1, 0x9abcdef0);
	e_x2nmi(&t, 0x000f, 0xffffffff, 1);
	e_x2nmi(&t, 0x0005, 0x9abcdef0, 0);
	e_x2nmi(&t, 0, 3, 2);			/* no LINT2 */
	CHECK_EQ(parse_madt(&t, &m), 0);
	CHECK_EQ(m.ncpus, 2);
	CHECK_EQ(m.cpu[1].apic_id, 0x12345678);
	CHECK_EQ(m.cpu[1].acpi_uid, 0x9abcdef0);
	CHECK_EQ(m.nnmis, 2);
	CHECK_EQ(m.nmi[0].acpi_uid, 0xffffffff);
	CHECK_EQ(m.nmi[0].flags, 0x000f);
	CHECK_EQ(m.nmi[0].lint, 1);
	CHECK_EQ(m.nmi[1].acpi_uid, 0x9abcdef0);
	CHECK_EQ(m.nmi[1].flags, 0x0005);
	CHECK_EQ(m.nmi[1].lint, 0);
	CHECK_EQ(m.skipped, 1);
}

static void madt_lapic_nmis(void)
{
	struct tb t;
	struct madt_info m;

	madt_begin(&t, DEFAULT_LAPIC, 0);
	e_nmi(&t, 0xff, 0x0005, 1);		/* all CPUs */
	e_nmi(&t, 3, 0x000d, 0);
	e_nmi(&t, 4, 0, 2);			/* no LINT2 */
	CHECK_EQ(parse_madt(&t, &m), 0);
	CHECK_EQ(m.nnmis, 2);
	CHECK_EQ(m.nmi[0].acpi_uid, 0xffffffff);
	CHECK_EQ(m.nmi[0].flags, 0x0005);
	CHECK_EQ(m.nmi[0].lint, 1);
	CHECK_EQ(m.nmi[1].acpi_uid, 3);
	CHECK_EQ(m.nmi[1].flags, 0x000d);
	CHECK_EQ(m.nmi[1].lint, 0);
	CHECK_EQ(m.skipped, 1);
}

static void madt_overrides_and_lapic_address(void)
{
	struct tb t;
	struct madt_info m;

	madt_begin(&t, 0xfee00000, 0xfffffffe);	/* not PCAT_COMPAT */
	e_iso(&t, 0, 0, 2, 0);
	e_iso(&t, 0, 9, 20, 0x000f);		/* active low, level */
	e_iso(&t, 0, 15, 15, 0xa50d);		/* reserved bits kept */
	e_iso(&t, 1, 4, 30, 0);			/* not ISA: skipped */
	e_iso(&t, 0, 16, 40, 0);		/* no ISA IRQ 16: skipped */
	e_lapic_override(&t, 0x123456789000ULL);
	CHECK_EQ(parse_madt(&t, &m), 0);
	CHECK_EQ(m.isa[0].gsi, 2);
	CHECK_EQ(m.isa[9].gsi, 20);
	CHECK_EQ(m.isa[9].flags & MPS_POLARITY_MASK, MPS_POLARITY_LOW);
	CHECK_EQ(m.isa[9].flags & MPS_TRIGGER_MASK, MPS_TRIGGER_LEVEL);
	CHECK_EQ(m.isa[15].gsi, 15);
	CHECK_EQ(m.isa[15].flags, 0xa50d);
	check_isa_identity(&m, 1u << 0 | 1u << 9 | 1u << 15);
	CHECK_EQ(m.pcat_compat, 0);
	CHECK_EQ(m.lapic_addr, 0x123456789000ULL);
	CHECK_EQ(m.skipped, 2);
}

static void madt_too_many_cpus(void)
{
	struct tb t;
	struct madt_info m;
	int i;

	madt_begin(&t, DEFAULT_LAPIC, 0);
	for (i = 0; i < 200; i++)
		e_lapic(&t, i, i, 1);
	for (i = 200; i < MADT_MAX_CPUS + 50; i++)
		e_x2apic(&t, i, 1, i);
	CHECK_EQ(parse_madt(&t, &m), 0);
	CHECK_EQ(m.ncpus, MADT_MAX_CPUS);
	CHECK_EQ(m.skipped, 50);
	for (i = 0; i < MADT_MAX_CPUS; i++)
		if (!CHECK_EQ(m.cpu[i].apic_id, i) ||
		    !CHECK_EQ(m.cpu[i].acpi_uid, i))
			break;
}

static void madt_too_many_ioapics_and_nmis(void)
{
	struct tb t;
	struct madt_info m;
	int i;

	madt_begin(&t, DEFAULT_LAPIC, 0);
	for (i = 0; i < MADT_MAX_IOAPICS + 3; i++)
		e_ioapic(&t, i, 0xfec00000 + i * 0x1000, i * 24);
	for (i = 0; i < MADT_MAX_NMIS + 2; i++)
		e_nmi(&t, i, 0, 1);
	CHECK_EQ(parse_madt(&t, &m), 0);
	CHECK_EQ(m.nioapics, MADT_MAX_IOAPICS);
	CHECK_EQ(m.nnmis, MADT_MAX_NMIS);
	CHECK_EQ(m.skipped, 5);
	for (i = 0; i < MADT_MAX_IOAPICS; i++) {
		CHECK_EQ(m.ioapic[i].id, i);
		CHECK_EQ(m.ioapic[i].addr, 0xfec00000 + i * 0x1000);
		CHECK_EQ(m.ioapic[i].gsi_base, i * 24);
	}
	CHECK_EQ(m.nmi[MADT_MAX_NMIS - 1].acpi_uid, MADT_MAX_NMIS - 1);
}

static const struct check_case cases[] = {
	{ "q35_madt_smp4", q35_madt_smp4 },
	{ "q35_madt_smp1", q35_madt_smp1 },
	{ "madt_cut_at_every_length", madt_cut_at_every_length },
	{ "madt_cut_leaving_one_byte_is_skipped",
	  madt_cut_leaving_one_byte_is_skipped },
	{ "madt_wrong_signature_gives_defaults",
	  madt_wrong_signature_gives_defaults },
	{ "madt_too_short_gives_defaults", madt_too_short_gives_defaults },
	{ "madt_entry_length_0_or_1_stops", madt_entry_length_0_or_1_stops },
	{ "madt_entry_past_the_end_is_skipped",
	  madt_entry_past_the_end_is_skipped },
	{ "madt_short_entries_are_skipped", madt_short_entries_are_skipped },
	{ "madt_unknown_types_ignored", madt_unknown_types_ignored },
	{ "madt_disabled_cpus_left_out", madt_disabled_cpus_left_out },
	{ "madt_x2apic_entries", madt_x2apic_entries },
	{ "madt_lapic_nmis", madt_lapic_nmis },
	{ "madt_overrides_and_lapic_address",
	  madt_overrides_and_lapic_address },
	{ "madt_too_many_cpus", madt_too_many_cpus },
	{ "madt_too_many_ioapics_and_nmis", madt_too_many_ioapics_and_nmis },
};

int main(int argc, char **argv)
{
	return check_run(cases, ARRAY_LEN(cases), argc, argv);
}
