/*
 * Power off through ACPI S5; restart through the FADT's reset register,
 * then the keyboard controller's reset line, then a triple fault (an
 * empty IDT and an interrupt), which resets every PC.
 */
#include "power.h"

#include "acpi.h"
#include "arch/x86_64/cpu.h"
#include "kbd.h"
#include "log.h"

void power_off(void)
{
	klog(LOG_INFO, "kernel: power off\n");
	acpi_poweroff();
	klog(LOG_ERR, "kernel: ACPI poweroff failed\n");
	power_halt();
}

void power_restart(void)
{
	static const struct desc_ptr none = { 0, 0 };

	klog(LOG_INFO, "kernel: restarting\n");
	acpi_reset();
	kbd_reset_cpu();
	klog(LOG_WARN, "kernel: no reset through ACPI or the keyboard "
		       "controller; triple-faulting\n");
	cli();
	lidt(&none);
	__asm__ volatile("int3");
	cpu_halt_forever();
}

void power_halt(void)
{
	klog(LOG_INFO, "kernel: system halted\n");
	cpu_halt_forever();
}
