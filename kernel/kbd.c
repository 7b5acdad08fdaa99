/*
 * i8042 PS/2 controller, keyboard port only. Data on port 0x60, status
 * and commands on 0x64. Set up with interrupts for port 1 and scancode
 * translation to set 1 on; each interrupt reads one byte, which keymap.c
 * turns into characters for the console. Every wait on the controller is
 * bounded: a missing or wedged controller is reported, not waited for.
 */
#include "kbd.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/irq.h"
#include "console.h"
#include "keymap.h"
#include "log.h"
#include "power.h"

#define I8042_DATA	0x60
#define I8042_STATUS	0x64
#define I8042_CMD	0x64
#define STATUS_OUT_FULL	0x01
#define STATUS_IN_FULL	0x02
#define CMD_READ_CFG	0x20
#define CMD_WRITE_CFG	0x60
#define CMD_DISABLE_P2	0xa7
#define CMD_ENABLE_P1	0xae
#define CMD_DISABLE_P1	0xad
#define CMD_SELF_TEST	0xaa
#define CMD_PULSE_RESET	0xfe
#define SELF_TEST_OK	0x55
#define CFG_IRQ1	0x01
#define CFG_IRQ12	0x02
#define CFG_P1_CLOCK_OFF 0x10
#define CFG_TRANSLATE	0x40
#define KBD_ISA_IRQ	1
#define SPIN		1000000
#define FLUSH_MAX	64

static struct kbd_state state;	/* only the interrupt handler touches it */

static int wait_write(void)
{
	int i;

	for (i = 0; i < SPIN; i++)
		if (!(inb(I8042_STATUS) & STATUS_IN_FULL))
			return 0;
	return -1;
}

static int wait_read(void)
{
	int i;

	for (i = 0; i < SPIN; i++)
		if (inb(I8042_STATUS) & STATUS_OUT_FULL)
			return 0;
	return -1;
}

static int command(uint8_t cmd)
{
	if (wait_write())
		return -1;
	outb(I8042_CMD, cmd);
	return 0;
}

static int read_data(void)
{
	return wait_read() ? -1 : inb(I8042_DATA);
}

static void kbd_interrupt(struct trapframe *tf, void *arg)
{
	char out[KBD_MAX_OUT];
	int n;

	while (inb(I8042_STATUS) & STATUS_OUT_FULL) {
		n = kbd_translate(&state, inb(I8042_DATA), out);
		if (n)
			console_input(out, n);
		if (state.ctrl_alt_del) {
			state.ctrl_alt_del = 0;
			power_ctrl_alt_del();
		}
	}
}

void kbd_init(void)
{
	int cfg, i, v;

	if (inb(I8042_STATUS) == 0xff) {
		klog(LOG_INFO, "kbd: no i8042 controller\n");
		return;
	}
	if (command(CMD_DISABLE_P1) || command(CMD_DISABLE_P2))
		goto dead;
	for (i = 0; i < FLUSH_MAX && (inb(I8042_STATUS) & STATUS_OUT_FULL); i++)
		inb(I8042_DATA);
	if (command(CMD_READ_CFG) || (cfg = read_data()) < 0)
		goto dead;
	if (command(CMD_SELF_TEST) || (v = read_data()) != SELF_TEST_OK) {
		klog(LOG_WARN, "kbd: i8042 self-test failed; no PS/2 keyboard\n");
		return;
	}
	cfg = (cfg | CFG_IRQ1 | CFG_TRANSLATE) & ~(CFG_IRQ12 | CFG_P1_CLOCK_OFF);
	if (command(CMD_WRITE_CFG) || wait_write())
		goto dead;
	outb(I8042_DATA, cfg);
	if (irq_route_isa(KBD_ISA_IRQ, kbd_interrupt, 0) < 0) {
		klog(LOG_WARN, "kbd: cannot route IRQ %d\n", KBD_ISA_IRQ);
		return;
	}
	if (command(CMD_ENABLE_P1))
		goto dead;
	klog(LOG_INFO, "kbd: PS/2 keyboard on IRQ %d\n", KBD_ISA_IRQ);
	return;
dead:
	klog(LOG_WARN, "kbd: i8042 controller does not respond\n");
}

void kbd_reset_cpu(void)
{
	int i;

	if (command(CMD_PULSE_RESET))
		return;
	for (i = 0; i < SPIN; i++)	/* the reset takes a moment */
		cpu_relax();
}
