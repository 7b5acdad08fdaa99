/*
 * Decoding of individual ACPI tables into plain structs: the MADT
 * (processors, I/O APICs, interrupt overrides, NMIs), the HPET table, the
 * FADT fields the kernel uses, and the \_S5 sleep type in the DSDT. Pure
 * code over a table already in memory, also built into the host tests.
 */
#pragma once

#include <stdint.h>

#include "acpi.h"

#define MADT_MAX_CPUS		256
#define MADT_MAX_IOAPICS	16
#define MADT_MAX_NMIS		16
#define ISA_IRQS		16

/* MPS INTI flags (polarity bits 0-1, trigger mode bits 2-3). */
#define MPS_POLARITY_MASK	0x3
#define MPS_POLARITY_LOW	0x3
#define MPS_TRIGGER_MASK	0xc
#define MPS_TRIGGER_LEVEL	0xc

#define GAS_SPACE_MEMORY	0
#define GAS_SPACE_IO		1

struct acpi_gas {		/* generic address structure */
	uint8_t space;
	uint8_t bit_width;
	uint8_t bit_offset;
	uint8_t access_size;
	uint64_t address;
} __attribute__((packed));

struct madt_info {
	uint64_t lapic_addr;
	int pcat_compat;		/* legacy 8259s present */
	int ncpus;
	struct {
		uint32_t apic_id;
		uint32_t acpi_uid;
	} cpu[MADT_MAX_CPUS];
	int nioapics;
	struct {
		uint32_t id, addr, gsi_base;
	} ioapic[MADT_MAX_IOAPICS];
	struct {			/* ISA IRQ n arrives at gsi, flags */
		uint32_t gsi;
		uint16_t flags;
	} isa[ISA_IRQS];
	int nnmis;
	struct {
		uint32_t acpi_uid;	/* 0xffffffff / 0xff: all CPUs */
		uint8_t lint;		/* 0 or 1 */
		uint16_t flags;
	} nmi[MADT_MAX_NMIS];
	int skipped;			/* malformed entries left out */
};

struct hpet_info {
	uint64_t addr;			/* MMIO base */
	uint8_t comparators;
	uint16_t min_tick;
};

struct fadt_info {
	struct acpi_gas pm1a_cnt, pm1b_cnt;	/* address 0: absent */
	uint32_t smi_cmd;
	uint8_t acpi_enable;
	uint64_t dsdt;
	uint8_t century;		/* CMOS index; 0: none */
	int have_reset;
	struct acpi_gas reset_reg;
	uint8_t reset_value;
};

#define MCFG_MAX	8

/* One PCI segment's ECAM window (MCFG): config space of bus b, device d,
   function f at base + ((b - bus_start) << 20 | d << 15 | f << 12). */
struct mcfg_entry {
	uint64_t base;
	uint16_t segment;
	uint8_t bus_start, bus_end;
};

struct mcfg_info {
	int count;
	struct mcfg_entry e[MCFG_MAX];
	int skipped;			/* malformed entries left out */
};

/* Each returns 0, or -EINVAL when the table is too short or has the wrong
   signature (out is then zeroed or holds the safe defaults). */
int acpi_parse_madt(const struct acpi_header *h, struct madt_info *out);
int acpi_parse_hpet(const struct acpi_header *h, struct hpet_info *out);
int acpi_parse_fadt(const struct acpi_header *h, struct fadt_info *out);
int acpi_parse_mcfg(const struct acpi_header *h, struct mcfg_info *out);

/* Find Name(_S5_, Package(){a, b, ...}) in a DSDT or SSDT. Returns 0 and
   the two sleep types, or -ENOENT. */
int acpi_find_s5(const struct acpi_header *h, uint8_t *slp_typa,
		 uint8_t *slp_typb);

/* Sum of the bytes is zero? */
int acpi_checksum_ok(const void *p, uint32_t len);
