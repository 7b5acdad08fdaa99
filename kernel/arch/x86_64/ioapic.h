/* I/O APICs: route global system interrupts (GSIs) to CPU vectors. */
#pragma once

#include <stdint.h>

/* Map every I/O APIC of the MADT and mask all their inputs. */
void ioapic_init(void);

/* Deliver gsi as vector to the CPU with APIC ID dest, and unmask it.
   Returns 0, or -ENODEV when no I/O APIC serves gsi. */
int ioapic_route(uint32_t gsi, int vector, int active_low, int level,
		 uint32_t dest);

/* Mask or unmask gsi. */
void ioapic_mask(uint32_t gsi, int masked);
