/* The HPET main counter, as a calibration reference. */
#pragma once

#include <stdint.h>

/* Map and start the HPET the ACPI table names. Returns 0 or -ENODEV. */
int hpet_init(void);
/* Counter frequency in Hz (0 without an HPET). */
uint64_t hpet_hz(void);
/* Ticks elapsed since hpet_init, extended to 64 bits by the caller's
   frequent reads (a 32-bit counter wraps every few minutes). */
uint64_t hpet_read(void);
