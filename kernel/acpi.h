/*
 * ACPI: finding and checking the firmware's tables (RSDP, XSDT or RSDT,
 * and the tables they list), and powering off through the FADT's PM1
 * control registers with the S5 sleep type from the DSDT.
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

/* Parse the tables from the RSDP at physical rsdp (0: none). Logs what it
   finds; a missing or malformed table is logged and left out. */
void acpi_init(uint64_t rsdp, uint32_t revision);

/* The index-th table with this signature, checksum verified, or NULL. */
const struct acpi_header *acpi_find(const char sig[4], int index);

/* Enter S5 (soft off). Returns only on failure: -ENODEV without the
   needed tables, -EIO if the machine is still running. */
int acpi_poweroff(void);
