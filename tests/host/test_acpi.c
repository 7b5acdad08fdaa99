/*
 * Host tests of the rest of kernel/acpi_parse.c: the HPET and FADT
 * tables and the DSDT's \_S5 object, decoded from the tables captured
 * from QEMU q35 (data/, decoded by hand in the comments below) and from
 * broken or older ones built here, and acpi_checksum_ok(). Every table is
 * a heap copy of exactly its length, so ASan reports a read past its end.
 */
#include "check.h"

#include <stdint.h>

#include "acpi_parse.h"
#include "acpi_tables.h"
#include "errno.h"

/* FADT offsets (ACPI 6.5 table 5.9), written out again here. */
#define FADT_DSDT	40
#define FADT_PM1A_CNT	64
#define FADT_PM1B_CNT	68
#define FADT_CENTURY	108
#define FADT_FLAGS	112
#define FADT_RESET_REG	116
#define FADT_RESET_VAL	128
#define FADT_X_DSDT	140
#define FADT_X_PM1A_CNT	172
#define FADT_X_PM1B_CNT	184
#define FADT_RESET_SUP	(1u << 10)

/* Where the captured q35 DSDT names \_S5 ("_S5_" at this offset). */
#define Q35_DSDT_S5	0x1f54

/* ------------------------------------------------------------------ HPET */

/*
 * The captured q35 HPET (56 bytes): event timer block id 0x8086a201
 * (vendor 8086, 3 comparators: bits 8-12 = 2), base address a memory
 * GAS at 0xfed00000, HPET number 0, minimum tick 0.
 */
static void q35_hpet(void)
{
	struct acpi_header *h = load("q35-smp4-HPET.bin", NULL);
	struct hpet_info hp;

	CHECK_EQ(h->length, 56);
	CHECK_EQ(acpi_parse_hpet(h, &hp), 0);
	CHECK_EQ(hp.addr, 0xfed00000);
	CHECK_EQ(hp.comparators, 3);
	CHECK_EQ(hp.min_tick, 0);
	free(h);
}

static void check_hpet_zero(const struct hpet_info *hp)
{
	CHECK_EQ(hp->addr, 0);
	CHECK_EQ(hp->comparators, 0);
	CHECK_EQ(hp->min_tick, 0);
}

static void hpet_fields_and_errors(void)
{
	uint32_t len;
	struct acpi_header *src = load("q35-smp4-HPET.bin", &len), *h;
	uint8_t b[56];
	struct hpet_info hp;

	memcpy(b, src, sizeof(b));
	b[37] = 0x1f;				/* 32 comparators */
	b[53] = 0x34;				/* min tick 0x1234 */
	b[54] = 0x12;
	b[48] = 0x01;				/* 0x1fed00000 */
	h = table_copy(b, 56);
	CHECK_EQ(acpi_parse_hpet(h, &hp), 0);
	CHECK_EQ(hp.comparators, 32);
	CHECK_EQ(hp.min_tick, 0x1234);
	CHECK_EQ(hp.addr, 0x1fed00000ULL);
	free(h);

	memcpy(b, src, sizeof(b));
	b[40] = 1;				/* I/O space */
	h = table_copy(b, 56);
	memset(&hp, 0x5a, sizeof(hp));
	CHECK_EQ(acpi_parse_hpet(h, &hp), -EINVAL);
	check_hpet_zero(&hp);
	free(h);

	memcpy(b, src, sizeof(b));
	memset(b + 44, 0, 8);			/* address 0 */
	h = table_copy(b, 56);
	CHECK_EQ(acpi_parse_hpet(h, &hp), -EINVAL);
	free(h);

	memcpy(b, src, sizeof(b));
	h = table_copy(b, 55);			/* one byte short */
	memset(&hp, 0x5a, sizeof(hp));
	CHECK_EQ(acpi_parse_hpet(h, &hp), -EINVAL);
	check_hpet_zero(&hp);
	free(h);

	memcpy(b, "HPEU", 4);
	h = table_copy(b, 56);
	CHECK_EQ(acpi_parse_hpet(h, &hp), -EINVAL);
	free(h);
	free(src);
}

/* ------------------------------------------------------------------ FADT */

static void put32(uint8_t *b, int off, uint32_t v) { memcpy(b + off, &v, 4); }
static void put64(uint8_t *b, int off, uint64_t v) { memcpy(b + off, &v, 8); }

static void check_gas(const struct acpi_gas *g, uint8_t space, uint8_t width,
		      uint8_t access, uint64_t addr, int line)
{
	if (g->space != space || g->bit_width != width ||
	    g->bit_offset != 0 || g->access_size != access || g->address != addr)
		check_fail(__FILE__, line, "GAS {%u, %u, %u, %u, %#llx}, want "
			   "{%u, %u, 0, %u, %#llx}", g->space, g->bit_width,
			   g->bit_offset, g->access_size,
			   (unsigned long long)g->address, space, width, access,
			   (unsigned long long)addr);
}

/*
 * The captured q35 FADT (revision 3, 244 bytes), decoded by hand:
 *   DSDT 0x1f779000 (X_DSDT the same), SMI_CMD 0xb2, ACPI_ENABLE 2,
 *   PM1a_CNT_BLK 0x604, PM1b_CNT_BLK 0, century 0x32,
 *   flags 0x84a5 (RESET_REG_SUP set),
 *   RESET_REG {I/O, 8 bits, 0, 0, 0xcf9}, RESET_VALUE 0x0f,
 *   X_PM1a_CNT_BLK {I/O, 16 bits, 0, 0, 0x604}, X_PM1b_CNT_BLK zero.
 */
static void q35_fadt(void)
{
	struct acpi_header *h = load("q35-smp4-FACP.bin", NULL);
	struct fadt_info f;

	CHECK_EQ(h->length, 244);
	CHECK_EQ(acpi_parse_fadt(h, &f), 0);
	CHECK_EQ(f.dsdt, 0x1f779000);
	CHECK_EQ(f.smi_cmd, 0xb2);
	CHECK_EQ(f.acpi_enable, 2);
	check_gas(&f.pm1a_cnt, GAS_SPACE_IO, 16, 0, 0x604, __LINE__);
	CHECK_EQ(f.pm1b_cnt.address, 0);
	CHECK_EQ(f.century, 0x32);
	CHECK_EQ(f.have_reset, 1);
	check_gas(&f.reset_reg, GAS_SPACE_IO, 8, 0, 0xcf9, __LINE__);
	CHECK_EQ(f.reset_value, 0x0f);
	free(h);
}

static void fadt_wrong_signature_or_too_short(void)
{
	uint32_t len;
	struct acpi_header *src = load("q35-smp4-FACP.bin", &len), *h;
	struct fadt_info f, zero;

	memset(&zero, 0, sizeof(zero));
	h = table_copy(src, FADT_PM1B_CNT + 3);	/* no PM1b_CNT_BLK */
	memset(&f, 0x5a, sizeof(f));
	CHECK_EQ(acpi_parse_fadt(h, &f), -EINVAL);
	CHECK(memcmp(&f, &zero, sizeof(f)) == 0);
	free(h);
	h = table_copy(src, HDR);
	CHECK_EQ(acpi_parse_fadt(h, &f), -EINVAL);
	free(h);
	memcpy(src->signature, "FADT", 4);
	h = table_copy(src, len);
	memset(&f, 0x5a, sizeof(f));
	CHECK_EQ(acpi_parse_fadt(h, &f), -EINVAL);
	CHECK(memcmp(&f, &zero, sizeof(f)) == 0);
	free(h);
	free(src);
}

/* Every length from the shortest accepted to the full table: only the
   fields wholly inside are used (and nothing past the end is read). */
static void fadt_every_length(void)
{
	uint32_t full, len;
	struct acpi_header *src = load("q35-smp4-FACP.bin", &full);

	for (len = FADT_PM1B_CNT + 4; len <= full; len++) {
		struct acpi_header *h = table_copy(src, len);
		struct fadt_info f;
		int xpm = len >= FADT_X_PM1B_CNT + 12;

		CHECK_EQ(acpi_parse_fadt(h, &f), 0);
		if (!CHECK_EQ(f.dsdt, 0x1f779000) ||
		    !CHECK_EQ(f.pm1a_cnt.bit_width, xpm ? 16 : 0) ||
		    !CHECK_EQ(f.pm1a_cnt.address, 0x604) ||
		    !CHECK_EQ(f.pm1a_cnt.space, GAS_SPACE_IO) ||
		    !CHECK_EQ(f.century, len > FADT_CENTURY ? 0x32 : 0) ||
		    !CHECK_EQ(f.have_reset, len > FADT_RESET_VAL) ||
		    !CHECK_EQ(f.reset_value, len > FADT_RESET_VAL ? 0xf : 0))
			printf("    length %u\n", len);
		free(h);
	}
	free(src);
}

/* An ACPI 1.0 FADT: 116 bytes, no reset register, no X_ fields. */
static void fadt_acpi_1_0(void)
{
	struct acpi_header *src = load("q35-smp4-FACP.bin", NULL), *h;
	struct fadt_info f;

	src->revision = 1;
	put64((uint8_t *)src, FADT_X_DSDT, 0x7777000);	/* cut off below */
	h = table_copy(src, 116);
	CHECK_EQ(acpi_parse_fadt(h, &f), 0);
	CHECK_EQ(f.dsdt, 0x1f779000);
	check_gas(&f.pm1a_cnt, GAS_SPACE_IO, 0, 0, 0x604, __LINE__);
	CHECK_EQ(f.pm1b_cnt.space, GAS_SPACE_IO);
	CHECK_EQ(f.pm1b_cnt.address, 0);
	CHECK_EQ(f.century, 0x32);
	CHECK_EQ(f.have_reset, 0);
	CHECK_EQ(f.smi_cmd, 0xb2);
	free(h);
	free(src);
}

/* ACPI 2.0+ fields: the X_ ones win where they are set. */
static void fadt_x_fields_override(void)
{
	uint32_t len;
	struct acpi_header *src = load("q35-smp4-FACP.bin", &len), *h;
	uint8_t *b = (uint8_t *)src;
	struct fadt_info f;

	put32(b, FADT_PM1A_CNT, 0x1004);
	put32(b, FADT_PM1B_CNT, 0x1008);
	/* X_PM1a: memory, 16 bits, word access; X_PM1b zero: 32-bit kept. */
	memcpy(b + FADT_X_PM1A_CNT, (const uint8_t[]){ 0, 16, 0, 2 }, 4);
	put64(b, FADT_X_PM1A_CNT + 4, 0xfed80604ULL);
	put64(b, FADT_X_DSDT, 0x123456789000ULL);
	h = table_copy(b, len);
	CHECK_EQ(acpi_parse_fadt(h, &f), 0);
	check_gas(&f.pm1a_cnt, GAS_SPACE_MEMORY, 16, 2, 0xfed80604ULL,
		  __LINE__);
	check_gas(&f.pm1b_cnt, GAS_SPACE_IO, 0, 0, 0x1008, __LINE__);
	CHECK_EQ(f.dsdt, 0x123456789000ULL);
	free(h);

	/* X_ fields zero: the 32-bit ones stay. */
	memset(b + FADT_X_PM1A_CNT, 0, 12);
	put64(b, FADT_X_DSDT, 0);
	h = table_copy(b, len);
	CHECK_EQ(acpi_parse_fadt(h, &f), 0);
	check_gas(&f.pm1a_cnt, GAS_SPACE_IO, 0, 0, 0x1004, __LINE__);
	CHECK_EQ(f.dsdt, 0x1f779000);
	free(h);
	free(src);
}

static void fadt_reset_flag_clear(void)
{
	uint32_t len, flags;
	struct acpi_header *src = load("q35-smp4-FACP.bin", &len), *h;
	uint8_t *b = (uint8_t *)src;
	struct fadt_info f;

	memcpy(&flags, b + FADT_FLAGS, 4);
	put32(b, FADT_FLAGS, flags & ~FADT_RESET_SUP);
	h = table_copy(b, len);
	CHECK_EQ(acpi_parse_fadt(h, &f), 0);
	CHECK_EQ(f.have_reset, 0);
	CHECK_EQ(f.reset_value, 0);
	CHECK_EQ(f.reset_reg.address, 0);
	free(h);

	/* Flag set, address 0: no reset either. */
	put32(b, FADT_FLAGS, flags);
	put64(b, FADT_RESET_REG + 4, 0);
	h = table_copy(b, len);
	CHECK_EQ(acpi_parse_fadt(h, &f), 0);
	CHECK_EQ(f.have_reset, 0);
	free(h);
	free(src);
}

/* ------------------------------------------------------------------ DSDT */

/*
 * The captured q35 DSDT (8583 bytes) has, at 0x1f3a-0x1f60:
 *   Name (_S3_, Package (4) { One, One, Zero, Zero })
 *   Name (_S4_, Package (4) { 2, 2, Zero, Zero })	(BytePrefix 2)
 *   Name (_S5_, Package (4) { Zero, Zero, Zero, Zero })
 * so S5's sleep types are 0 and 0.
 */
static void q35_dsdt_s5(void)
{
	uint32_t len;
	struct acpi_header *h = load("q35-smp4-DSDT.bin", &len);
	uint8_t a = 0xaa, b = 0xbb;

	CHECK_EQ(len, 8583);
	CHECK(memcmp((uint8_t *)h + Q35_DSDT_S5 - 1,
		     "\x08_S5_\x12\x06\x04\x00\x00\x00\x00", 11) == 0);
	CHECK_EQ(acpi_find_s5(h, &a, &b), 0);
	CHECK_EQ(a, 0);
	CHECK_EQ(b, 0);
	free(h);
}

static void dsdt_without_s5(void)
{
	uint32_t len;
	struct acpi_header *src = load("q35-smp4-DSDT.bin", &len), *h;
	uint8_t a = 0xaa, b = 0xbb;

	memcpy((uint8_t *)src + Q35_DSDT_S5, "_S6_", 4);
	h = table_copy(src, len);
	CHECK_EQ(acpi_find_s5(h, &a, &b), -ENOENT);
	CHECK_EQ(a, 0xaa);
	CHECK_EQ(b, 0xbb);
	free(h);
	free(src);
}

/* A DSDT holding the AML bytes given. */
static struct acpi_header *dsdt_of(const void *aml, uint32_t n)
{
	struct tb t;

	tb_begin(&t, "DSDT");
	tb_bytes(&t, aml, n);
	return tb_table(&t);
}

#define DSDT_OF(s)	dsdt_of((s), sizeof(s) - 1)

static int s5_of(struct acpi_header *h, int *a, int *b)
{
	uint8_t ta = 0xaa, tb = 0xbb;
	int r = acpi_find_s5(h, &ta, &tb);

	*a = ta;
	*b = tb;
	free(h);
	return r;
}

/*
 * The AML below starts with a NoopOp (0xa3), so that Name (_S5_ ...) is
 * not the first object in the table; that case has a test of its own.
 */
static void dsdt_s5_forms(void)
{
	int a, b;

	/* BytePrefix values. */
	CHECK_EQ(s5_of(DSDT_OF("\xa3\x08_S5_\x12\x08\x04\x0a\x05\x0a\x07"
			       "\x00\x00"), &a, &b), 0);
	CHECK_EQ(a, 5);
	CHECK_EQ(b, 7);
	/* \_S5_, One and BytePrefix. */
	CHECK_EQ(s5_of(DSDT_OF("\xa3\x08\\_S5_\x12\x07\x04\x01\x0a\x03"
			       "\x00\x00"), &a, &b), 0);
	CHECK_EQ(a, 1);
	CHECK_EQ(b, 3);
	/* A two-byte PkgLength (0x4b 0x00: 11 bytes). */
	CHECK_EQ(s5_of(DSDT_OF("\xa3\x08_S5_\x12\x4b\x00\x04\x0a\x06\x01"
			       "\x00\x00"), &a, &b), 0);
	CHECK_EQ(a, 6);
	CHECK_EQ(b, 1);
	/* _S5_ not after NameOp (here a Return) is a reference: skipped. */
	CHECK_EQ(s5_of(DSDT_OF("\xa3\xa4_S5_\x12\x06\x04\x01\x01\x00\x00"
			       "\x08_S5_\x12\x06\x04\x0a\x09\x00\x00\x00"),
		       &a, &b), 0);
	CHECK_EQ(a, 9);
	CHECK_EQ(b, 0);
	/* A first element that is no small integer (WordPrefix): none. */
	CHECK_EQ(s5_of(DSDT_OF("\xa3\x08_S5_\x12\x08\x04\x0b\x05\x00\x00"
			       "\x00\x00"), &a, &b), -ENOENT);
	/* Name (_S5A, Package ...): another name. */
	CHECK_EQ(s5_of(DSDT_OF("\xa3\x08_S5A\x12\x06\x04\x01\x01\x00\x00"),
		       &a, &b), -ENOENT);
	/* Name (_S5_, 5): not a package. */
	CHECK_EQ(s5_of(DSDT_OF("\xa3\x08_S5_\x0a\x05\x00\x00\x00\x00\x00"),
		       &a, &b), -ENOENT);
	/* Nothing but the header, and a length below the header's. */
	CHECK_EQ(s5_of(DSDT_OF(""), &a, &b), -ENOENT);
	{
		struct acpi_header *h = DSDT_OF("\xa3\x08_S5_\x12\x06\x04"
						"\x01\x01");

		h->length = 20;
		CHECK_EQ(s5_of(h, &a, &b), -ENOENT);
	}
}

/* Name (_S5_ ...) as the very first object of the AML (legal, and what a
   minimal hand-written DSDT may well do). */
static void dsdt_s5_as_first_object(void)
{
	int a, b;

	CHECK_EQ(s5_of(DSDT_OF("\x08_S5_\x12\x08\x04\x0a\x05\x0a\x07\x00"
			       "\x00"), &a, &b), 0);
	CHECK_EQ(a, 5);
	CHECK_EQ(b, 7);
	/* The \_S5_ form there is found. */
	CHECK_EQ(s5_of(DSDT_OF("\x08\\_S5_\x12\x08\x04\x0a\x05\x0a\x07"
			       "\x00\x00"), &a, &b), 0);
	CHECK_EQ(a, 5);
	CHECK_EQ(b, 7);
}

/* The package cut at every byte at the very end of the table. */
static void dsdt_s5_truncated_at_end(void)
{
	static const uint8_t aml[] = { 0xa3, 0x08, '_', 'S', '5', '_', 0x12,
				       0x08, 0x04, 0x0a, 0x05, 0x0a, 0x07 };
	uint32_t n;

	for (n = 0; n <= sizeof(aml); n++) {
		int a, b, r = s5_of(dsdt_of(aml, n), &a, &b);

		/* a is 0x0a 0x05 at aml[9-10]; b at aml[11-12]. */
		if (n < 11) {
			if (!CHECK_EQ(r, -ENOENT))
				printf("    %u bytes of AML\n", n);
			continue;
		}
		if (!CHECK_EQ(r, 0) || !CHECK_EQ(a, 5) ||
		    !CHECK_EQ(b, n == sizeof(aml) ? 7 : 0))
			printf("    %u bytes of AML\n", n);
	}
}

/* ---------------------------------------------------------------- checksum */

static void checksums(void)
{
	static const char *const files[] = {
		"q35-smp4-APIC.bin", "q35-smp1-APIC.bin", "q35-smp4-FACP.bin",
		"q35-smp4-HPET.bin", "q35-smp4-DSDT.bin",
	};
	size_t i;

	for (i = 0; i < ARRAY_LEN(files); i++) {
		uint32_t len, j;
		struct acpi_header *h = load(files[i], &len);
		uint8_t *b = (uint8_t *)h;

		CHECK_EQ(h->length, len);
		if (!CHECK(acpi_checksum_ok(h, len)))
			printf("    %s\n", files[i]);
		/* Any byte one off breaks it. */
		for (j = 0; j < len; j++) {
			b[j]++;
			if (!CHECK(!acpi_checksum_ok(h, len))) {
				printf("    %s byte %u\n", files[i], j);
				break;
			}
			b[j] -= 2;
			CHECK(!acpi_checksum_ok(h, len));
			b[j]++;
		}
		CHECK(acpi_checksum_ok(h, len));
		free(h);
	}
	CHECK(acpi_checksum_ok("", 0));
	CHECK(acpi_checksum_ok("\x01\x02\x03\xfa", 4));
	CHECK(!acpi_checksum_ok("\x01\x02\x03\xfa", 3));
	CHECK(acpi_checksum_ok("\x80\x80", 2));
}

/* ------------------------------------------------------------------ MCFG */

/* An MCFG entry: base, segment, first and last bus. */
static void mcfg_entry(struct tb *t, uint64_t base, uint16_t seg,
		       uint8_t start, uint8_t end)
{
	tb_u64(t, base);
	tb_u16(t, seg);
	TB(t, start, end, 0, 0, 0, 0);
}

/*
 * The captured q35 MCFG (60 bytes): one window at 0xb0000000 for
 * segment 0, buses 0-255 (OVMF's PcdPciExpressBaseAddress).
 */
static void q35_mcfg(void)
{
	struct acpi_header *h = load("q35-smp4-MCFG.bin", NULL);
	struct mcfg_info m;

	CHECK_EQ(h->length, 60);
	CHECK_EQ(acpi_parse_mcfg(h, &m), 0);
	CHECK_EQ(m.count, 1);
	CHECK_EQ(m.e[0].base, 0xb0000000);
	CHECK_EQ(m.e[0].segment, 0);
	CHECK_EQ(m.e[0].bus_start, 0);
	CHECK_EQ(m.e[0].bus_end, 255);
	CHECK_EQ(m.skipped, 0);
	free(h);
}

/* Entries kept and skipped; a short or misnamed table; a torn entry at
   the end is not read. */
static void mcfg_entries_and_errors(void)
{
	struct acpi_header *h;
	struct mcfg_info m;
	struct tb t;
	int i;

	tb_begin(&t, "MCFG");
	tb_u64(&t, 0);				/* reserved */
	mcfg_entry(&t, 0xe0000000, 0, 0, 63);
	mcfg_entry(&t, 0xe0080000, 1, 0, 7);	/* not 1 MiB aligned */
	mcfg_entry(&t, 0xf0000000, 1, 8, 4);	/* end before start */
	mcfg_entry(&t, 0, 2, 0, 0);		/* no address */
	mcfg_entry(&t, 0x4000000000ULL, 3, 16, 31);
	TB(&t, 1, 2, 3, 4, 5, 6, 7, 8);		/* half an entry */
	h = tb_table(&t);
	CHECK_EQ(acpi_parse_mcfg(h, &m), 0);
	CHECK_EQ(m.count, 2);
	CHECK_EQ(m.e[0].base, 0xe0000000);
	CHECK_EQ(m.e[0].bus_end, 63);
	CHECK_EQ(m.e[1].base, 0x4000000000ULL);
	CHECK_EQ(m.e[1].segment, 3);
	CHECK_EQ(m.e[1].bus_start, 16);
	CHECK_EQ(m.e[1].bus_end, 31);
	CHECK_EQ(m.skipped, 3);
	free(h);

	tb_begin(&t, "MCFG");
	tb_u64(&t, 0);
	for (i = 0; i < MCFG_MAX + 2; i++)
		mcfg_entry(&t, 0x100000000ULL * (i + 1), i, 0, 0);
	h = tb_table(&t);
	CHECK_EQ(acpi_parse_mcfg(h, &m), 0);
	CHECK_EQ(m.count, MCFG_MAX);		/* the rest counted skipped */
	CHECK_EQ(m.skipped, 2);
	free(h);

	tb_begin(&t, "MCFG");
	TB(&t, 0, 0, 0, 0);			/* 40 bytes: too short */
	h = tb_table(&t);
	CHECK_EQ(acpi_parse_mcfg(h, &m), -EINVAL);
	CHECK_EQ(m.count, 0);
	free(h);

	tb_begin(&t, "MCFX");
	tb_u64(&t, 0);
	mcfg_entry(&t, 0xe0000000, 0, 0, 63);
	h = tb_table(&t);
	CHECK_EQ(acpi_parse_mcfg(h, &m), -EINVAL);
	CHECK_EQ(m.count, 0);
	free(h);
}

static const struct check_case cases[] = {
	{ "q35_hpet", q35_hpet },
	{ "hpet_fields_and_errors", hpet_fields_and_errors },
	{ "q35_fadt", q35_fadt },
	{ "fadt_wrong_signature_or_too_short",
	  fadt_wrong_signature_or_too_short },
	{ "fadt_every_length", fadt_every_length },
	{ "fadt_acpi_1_0", fadt_acpi_1_0 },
	{ "fadt_x_fields_override", fadt_x_fields_override },
	{ "fadt_reset_flag_clear", fadt_reset_flag_clear },
	{ "q35_dsdt_s5", q35_dsdt_s5 },
	{ "dsdt_without_s5", dsdt_without_s5 },
	{ "dsdt_s5_forms", dsdt_s5_forms },
	{ "dsdt_s5_as_first_object", dsdt_s5_as_first_object },
	{ "dsdt_s5_truncated_at_end", dsdt_s5_truncated_at_end },
	{ "checksums", checksums },
	{ "q35_mcfg", q35_mcfg },
	{ "mcfg_entries_and_errors", mcfg_entries_and_errors },
};

int main(int argc, char **argv)
{
	return check_run(cases, ARRAY_LEN(cases), argc, argv);
}
