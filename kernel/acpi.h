/*
 * ACPI: finding and checking the firmware's tables (RSDP, then XSDT or
 * RSDT, then the tables they list), decoding those the kernel uses (MADT,
 * HPET, FADT; see acpi_parse.h), and power-off and reset through the
 * FADT.
 */
#pragma once

#include <stdint.h>

struct acpi_header {
	char signature[4];
	uint32_t length;
	uint8_t revision;
	uint8_t checksum;
	char oem_id[6];
	char oem_table_id[8];
	uint32_t oem_revision;
	uint32_t creator_id;
	uint32_t creator_revision;
} __attribute__((packed));

struct madt_info;
struct hpet_info;
struct fadt_info;
struct mcfg_info;

/* Read the tables from the RSDP at physical rsdp (0: none). A missing or
   malformed table is logged and left out; callers use the fallbacks. */
void acpi_init(uint64_t rsdp, uint32_t revision);

/* The index-th table with this signature, checksum verified, or NULL. */
const struct acpi_header *acpi_find(const char sig[4], int index);

/* Decoded tables, or NULL when the machine has none (or a broken one). */
const struct madt_info *acpi_madt(void);
const struct hpet_info *acpi_hpet(void);
const struct fadt_info *acpi_fadt(void);
const struct mcfg_info *acpi_mcfg(void);

/* Print every table (and the DSDT) in hex on the console, for capturing
   a machine's tables ("acpidump" on the command line). */
void acpi_dump(void);

/* Enter S5 (soft off). Returns only on failure: -ENODEV without the
   needed tables, -EIO if the machine is still running. */
int acpi_poweroff(void);

/* Reset through the FADT reset register. Returns only on failure. */
int acpi_reset(void);
