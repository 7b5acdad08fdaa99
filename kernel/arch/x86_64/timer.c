/*
 * Calibration. The TSC frequency comes from CPUID leaf 0x15 when the CPU
 * states it; otherwise it is measured over CALIBRATE_MS against the HPET
 * or, without one, the PIT's channel 2 (gated through port 0x61, polled,
 * no interrupt needed). The APIC timer is then measured against the TSC.
 */
#include "timer.h"
#include "trap.h"

#include "cpu.h"
#include "hpet.h"
#include "irq.h"
#include "lapic.h"
#include "../../clock.h"
#include "../../log.h"
#include "../../panic.h"
#include "../../time.h"

#define CALIBRATE_MS	50
#define PIT_HZ		1193182
#define PIT_CH2		0x42
#define PIT_CMD		0x43
#define PIT_CH2_ONESHOT	0xb0	/* channel 2, lo/hi byte, mode 0 */
#define PORT_B		0x61
#define PORTB_GATE2	0x01
#define PORTB_SPEAKER	0x02
#define PORTB_OUT2	0x20
#define SPIN_LIMIT	100000000

static uint64_t tsc_freq;
static uint64_t apic_ticks_per_sec;

uint64_t tsc_hz(void)
{
	return tsc_freq;
}

static uint64_t tsc_from_cpuid(void)
{
	uint32_t max, den, num, crystal, d;

	cpuid(0, 0, &max, &d, &d, &d);
	if (max < 0x15)
		return 0;
	cpuid(0x15, 0, &den, &num, &crystal, &d);
	if (!den || !num || !crystal)
		return 0;
	return (uint64_t)crystal * num / den;
}

static uint64_t tsc_against_hpet(void)
{
	uint64_t h0, h1, t0, t1, want = hpet_hz() * CALIBRATE_MS / 1000;
	long spins = 0;

	h0 = hpet_read();
	t0 = rdtsc();
	do {
		h1 = hpet_read();
	} while (h1 - h0 < want && ++spins < SPIN_LIMIT);
	t1 = rdtsc();
	if (spins >= SPIN_LIMIT)
		return 0;
	return mul_div_u64(t1 - t0, hpet_hz(), h1 - h0);
}

static uint64_t tsc_against_pit(void)
{
	uint32_t count = PIT_HZ * CALIBRATE_MS / 1000;
	uint64_t t0, t1;
	long spins = 0;

	outb(PORT_B, (inb(PORT_B) & ~PORTB_SPEAKER) & ~PORTB_GATE2);
	outb(PIT_CMD, PIT_CH2_ONESHOT);
	outb(PIT_CH2, count & 0xff);
	outb(PIT_CH2, count >> 8);
	outb(PORT_B, inb(PORT_B) | PORTB_GATE2);	/* start counting */
	t0 = rdtsc();
	while (!(inb(PORT_B) & PORTB_OUT2) && ++spins < SPIN_LIMIT)
		;
	t1 = rdtsc();
	if (spins >= SPIN_LIMIT)
		return 0;
	return mul_div_u64(t1 - t0, PIT_HZ, count);
}

static void calibrate_apic(void)
{
	uint64_t t0, want = tsc_freq / 100;	/* 10 ms */
	uint32_t left;

	lapic_timer_oneshot(0xffffffff);
	t0 = rdtsc();
	while (rdtsc() - t0 < want)
		cpu_relax();
	left = lapic_timer_current();
	lapic_timer_stop();
	apic_ticks_per_sec = (uint64_t)(0xffffffff - left) * 100;
}

void timer_init(void)
{
	const char *source = "CPUID";

	tsc_freq = tsc_from_cpuid();
	if (!tsc_freq && hpet_init() == 0) {
		source = "HPET";
		tsc_freq = tsc_against_hpet();
	}
	if (!tsc_freq) {
		source = "PIT";
		tsc_freq = tsc_against_pit();
	}
	if (!tsc_freq)
		panic("timer_init: cannot measure the TSC frequency");
	time_init_clock(tsc_freq);
	calibrate_apic();
	if (apic_ticks_per_sec == 0)
		panic("timer_init: the local APIC timer does not count");
	klog(LOG_INFO, "time: TSC %lu.%03lu MHz (from the %s), APIC timer "
	     "%lu.%03lu MHz\n", tsc_freq / 1000000, tsc_freq / 1000 % 1000,
	     source, apic_ticks_per_sec / 1000000,
	     apic_ticks_per_sec / 1000 % 1000);
}

static void tick(struct trapframe *tf, void *arg)
{
	time_tick((tf->cs & 3) == 3);
}

void timer_start_tick(unsigned hz)
{
	irq_set_handler(IRQ_VECTOR_TIMER, tick, 0);
	lapic_timer_periodic(apic_ticks_per_sec / hz);
}
