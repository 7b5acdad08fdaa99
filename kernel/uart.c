/*
 * COM1 output. The port is probed through its scratch register, since
 * many PCs have none; writes wait a bounded time for the transmitter so a
 * dead port cannot hang the kernel.
 */
#include "uart.h"

#include <stdint.h>

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/irq.h"
#include "console.h"
#include "log.h"

#define COM1		0x3f8
#define UART_DATA	0	/* DLAB=0 */
#define UART_IER	1	/* DLAB=0 */
#define UART_DLL	0	/* DLAB=1 */
#define UART_DLM	1	/* DLAB=1 */
#define UART_FCR	2
#define UART_LCR	3
#define UART_MCR	4
#define UART_LSR	5
#define UART_SCR	7

#define LCR_8N1		0x03
#define LCR_DLAB	0x80
#define FCR_ENABLE	0x07	/* enable and clear both FIFOs */
#define MCR_DTR_RTS_OUT2 0x0b
#define LSR_DATA_READY	0x01
#define LSR_THRE	0x20	/* transmit holding register empty */
#define IER_RX		0x01	/* interrupt when data arrives */
#define COM1_ISA_IRQ	4
#define RX_BATCH	64
#define BAUD_BASE	115200
#define BAUD		115200
#define TX_SPIN		100000

static int present;

void uart_init(void)
{
	outb(COM1 + UART_SCR, 0x5a);
	if (inb(COM1 + UART_SCR) != 0x5a)
		return;
	outb(COM1 + UART_SCR, 0xa5);
	if (inb(COM1 + UART_SCR) != 0xa5)
		return;
	outb(COM1 + UART_IER, 0);
	outb(COM1 + UART_LCR, LCR_DLAB);
	outb(COM1 + UART_DLL, (BAUD_BASE / BAUD) & 0xff);
	outb(COM1 + UART_DLM, (BAUD_BASE / BAUD) >> 8);
	outb(COM1 + UART_LCR, LCR_8N1);
	outb(COM1 + UART_FCR, FCR_ENABLE);
	outb(COM1 + UART_MCR, MCR_DTR_RTS_OUT2);
	present = 1;
}

static void put(char c)
{
	int i;

	for (i = 0; i < TX_SPIN && !(inb(COM1 + UART_LSR) & LSR_THRE); i++)
		cpu_relax();
	outb(COM1 + UART_DATA, (uint8_t)c);
}

void uart_write(const char *s, size_t n)
{
	if (!present)
		return;
	while (n--) {
		if (*s == '\n')
			put('\r');
		put(*s++);
	}
}

static void uart_interrupt(struct trapframe *tf, void *arg)
{
	char buf[RX_BATCH];
	int n;

	/* Drain it all: an edge-triggered line will not fire again for
	   bytes left behind. */
	do {
		n = 0;
		while (n < RX_BATCH && (inb(COM1 + UART_LSR) & LSR_DATA_READY))
			buf[n++] = inb(COM1 + UART_DATA);
		if (n)
			console_input(buf, n);
	} while (n == RX_BATCH);
}

void uart_enable_input(void)
{
	if (!present)
		return;
	if (irq_route_isa(COM1_ISA_IRQ, uart_interrupt, 0) < 0) {
		klog(LOG_WARN, "uart: cannot route IRQ %d: no serial input\n",
		     COM1_ISA_IRQ);
		return;
	}
	while (inb(COM1 + UART_LSR) & LSR_DATA_READY)	/* stale input */
		inb(COM1 + UART_DATA);
	outb(COM1 + UART_IER, IER_RX);
}
