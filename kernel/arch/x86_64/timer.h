/*
 * The x86 time sources: the TSC (the kernel's clock), calibrated from
 * CPUID or against the HPET or the PIT, and the local APIC timer (the
 * scheduler tick), calibrated against the TSC.
 */
#pragma once

#include <stdint.h>

/* Calibrate the TSC and the APIC timer (boot CPU). */
void timer_init(void);
/* Start this CPU's periodic tick at hz interrupts a second. */
void timer_start_tick(unsigned hz);

uint64_t tsc_hz(void);
