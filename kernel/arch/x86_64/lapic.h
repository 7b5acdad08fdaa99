/*
 * The local APIC of each CPU: xAPIC through MMIO, or x2APIC through MSRs
 * when the CPU has it. End-of-interrupt, the per-CPU timer, IPIs.
 */
#pragma once

#include <stdint.h>

/* Enable this CPU's local APIC (the boot CPU also picks the mode and
   maps the registers). */
void lapic_init(void);
uint32_t lapic_id(void);
void lapic_eoi(void);

#define LAPIC_TIMER_DIVIDER	16

/* Timer: count in APIC timer ticks (bus clock / LAPIC_TIMER_DIVIDER). */
void lapic_timer_periodic(uint32_t count);
void lapic_timer_oneshot(uint32_t count);
void lapic_timer_stop(void);
uint32_t lapic_timer_current(void);

/* Send vector to the CPU with this APIC ID. */
void lapic_send_ipi(uint32_t apic_id, int vector);
/* Send an NMI, an INIT, or a startup IPI (real-mode entry at page). */
void lapic_send_nmi(uint32_t apic_id);
void lapic_send_init(uint32_t apic_id);
void lapic_send_startup(uint32_t apic_id, uint32_t page);
