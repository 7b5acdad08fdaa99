/*
 * Kernel panics. The first CPU to panic owns the report; a panic inside a
 * panic (say, a fault while printing) stops at once instead of recursing.
 */
#include "panic.h"

#include <stdarg.h>

#include "arch/x86_64/backtrace.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/percpu.h"
#include "arch/x86_64/smp.h"
#include "log.h"
#include "printf.h"

static volatile int panic_count;

int panic_in_progress(void)
{
	return __atomic_load_n(&panic_count, __ATOMIC_ACQUIRE) > 0;
}

void panic_begin(void)
{
	cli();
	if (__atomic_fetch_add(&panic_count, 1, __ATOMIC_SEQ_CST) > 0)
		cpu_halt_forever();	/* nested or concurrent panic */
	this_cpu()->panicking = 1;
	smp_stop_others();	/* so the report is not interleaved */
	log_panic_mode();
}

void panic_end(void)
{
	klog(LOG_EMERG, "kernel: system halted\n");
	cpu_halt_forever();
}

void panic(const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	panic_begin();
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	klog(LOG_EMERG, "panic: %s\n", msg);
	backtrace_here();
	panic_end();
}
