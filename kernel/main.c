/*
 * kmain: the kernel's bring-up, in order. The loader's page tables and the
 * boot-info struct are used only until the kernel has copied what it
 * needs and switched to its own tables; their memory is then reclaimed.
 */
#include <stdint.h>

#include "../shared/bootinfo.h"
#include "acpi.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/cpufeat.h"
#include "arch/x86_64/fpu.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/irq.h"
#include "arch/x86_64/percpu.h"
#include "arch/x86_64/smp.h"
#include "arch/x86_64/timer.h"
#include "arch/x86_64/tlb.h"
#include "arch/x86_64/trap.h"
#include "clock.h"
#include "cmdline.h"
#include "fbcon.h"
#include "futex.h"
#include "fs/vfs.h"
#include "failinject.h"
#include "itimer.h"
#include "kbd.h"
#include "ksym.h"
#include "log.h"
#include "panic.h"
#include "pci.h"
#include "power.h"
#include "pmm.h"
#include "proc.h"
#include "sched.h"
#include "selftest.h"
#include "stackprot.h"
#include "string.h"
#include "syscall.h"
#include "thread.h"
#include "time.h"
#include "uart.h"
#include "vm.h"
#include "xhci.h"

#define MEMMAP_MAX	512

/* Copies of what the loader handed over (its memory is reclaimed). */
static struct bootinfo bi;
static struct bootinfo_mem_range memmap[MEMMAP_MAX];
static int memmap_count;
static struct cmdline cmdline;

void kmain(uint64_t bootinfo_pa);

/* Check the boot-info header and copy it and the memory map. */
static void accept_bootinfo(uint64_t pa)
{
	const struct bootinfo *in = P2V(pa);

	if (in->magic != BOOTINFO_MAGIC || in->version != BOOTINFO_VERSION ||
	    in->size != sizeof(struct bootinfo)) {
		/* Nothing in it can be trusted, not even the framebuffer. */
		klog(LOG_EMERG, "kernel: bad boot information (magic %lx version %u "
		     "size %u); this loader does not match this kernel\n",
		     in->magic, in->version, in->size);
		cpu_halt_forever();
	}
	memcpy(&bi, in, sizeof(bi));
	bi.cmdline[BOOTINFO_CMDLINE_MAX - 1] = 0;
	memmap_count = bi.memmap_count < MEMMAP_MAX ? bi.memmap_count : MEMMAP_MAX;
	memcpy(memmap, P2V(bi.memmap), memmap_count * sizeof(memmap[0]));
}

static void parse_cmdline(void)
{
	int err = cmdline_parse(&cmdline, bi.cmdline);
	int i;

	klog(LOG_INFO, "cmdline: %s\n", bi.cmdline[0] ? bi.cmdline : "(empty)");
	if (err)
		klog(LOG_WARN, "cmdline: cannot parse (error %d); using defaults\n",
		     err);
	for (i = 0; i < cmdline.nflags; i++)
		kdebug("cmdline: flag %s = \"%s\"\n", cmdline.key[i],
		       cmdline.value[i]);
}

static void setup_memory(void)
{
	uint64_t reclaim = 0;
	int i;

	if (memmap_count == 0)
		panic("kmain: the loader passed no memory map");
	if (pmm_init(memmap, memmap_count))
		panic("kmain: no room for the page array");
	if (vm_init(&bi, memmap, memmap_count))
		panic("kmain: out of memory building the kernel page tables");
	/* Committed to our own page tables: the loader's memory is free. */
	for (i = 0; i < memmap_count; i++)
		if (memmap[i].type == BOOT_MEM_LOADER_RECLAIMABLE) {
			pmm_free_range(memmap[i].base, memmap[i].length);
			reclaim += memmap[i].length;
		}
	klog(LOG_INFO, "memory: %lu MiB usable, %lu MiB free "
	     "(%lu KiB reclaimed from the loader and firmware)\n",
	     pmm_total_pages() * PAGE_SIZE >> 20,
	     pmm_free_pages_count() * PAGE_SIZE >> 20, reclaim >> 10);
}

static void report_boot(void)
{
	if (bi.fb.format != BOOT_FB_NONE)
		klog(LOG_INFO, "fb: %ux%u, pitch %u, %s at %lx\n", bi.fb.width,
		     bi.fb.height, bi.fb.pitch,
		     bi.fb.format == BOOT_FB_RGBX ? "RGB" :
		     bi.fb.format == BOOT_FB_BGRX ? "BGR" : "bitmask", bi.fb.base);
	else
		klog(LOG_INFO, "fb: none\n");
	klog(LOG_INFO, "boot: kernel at %lx (%lu KiB), %u files from the ESP\n",
	     bi.kernel_phys, bi.kernel_size >> 10, bi.file_count);
}

/* Recurse until the stack runs into its guard (test_fault=stack). */
static __attribute__((noinline)) int recurse(volatile int depth)
{
	volatile char frame[512];

	frame[0] = (char)depth;
	if (depth == -1)	/* never: keeps the recursion from being finite */
		return 0;
	return recurse(depth + 1) + frame[0];
}

/* Run 16 bytes past the end of a local array (test_fault=canary): the
   stack protector's guard copy sits within them, below the saved frame
   pointer (clang puts the 16-aligned array at rbp-32, the guard at
   rbp-8), and the check before the return must catch it. */
static __attribute__((noinline, no_sanitize("undefined")))
void smash_frame(volatile int n)
{
	char buf[16];
	int i;

	for (i = 0; i < n; i++)
		((volatile char *)buf)[i] = 'x';
	klog(LOG_INFO, "kernel: wrote %d bytes into a 16-byte array\n", n);
}

static void overflow_thread(void *arg)
{
	klog(LOG_INFO, "kernel: depth %d\n", recurse(0));
}

/*
 * test_fault=KIND: fault on purpose, so the boot tests can check the
 * exception report and the page protections: pf (unmapped page), gp
 * (non-canonical address), ud (invalid opcode), de (divide by zero), wp
 * (write to kernel text), nx (execute kernel data), stack (overflow a
 * thread's stack into its guard), canary (a buffer overflow in a frame),
 * panic. noinline keeps this function in the backtrace; the sanitizer
 * (SANITIZE=1) would report the divide before the CPU faults.
 */
static __attribute__((noinline, no_sanitize("undefined")))
void fault_test(const char *kind)
{
	static uint8_t data_ret[16] = { 0xc3 };		/* ret, in .data */
	volatile uint64_t *bad = (uint64_t *)0xdead000000000000UL;
	volatile int zero = 0, one = 1;	/* volatile: no folding */

	klog(LOG_INFO, "kernel: causing a %s fault as test_fault asks\n", kind);
	if (strcmp(kind, "pf") == 0)
		*(volatile uint64_t *)0x10 = 1;		/* unmapped page */
	else if (strcmp(kind, "gp") == 0)
		*bad = 1;				/* non-canonical */
	else if (strcmp(kind, "ud") == 0)
		__builtin_trap();			/* ud2 */
	else if (strcmp(kind, "de") == 0)
		klog(LOG_INFO, "%d\n", one / zero);
	else if (strcmp(kind, "wp") == 0)
		*(volatile uint8_t *)(uintptr_t)fault_test = 0xcc;	/* text is RX */
	else if (strcmp(kind, "nx") == 0)
		((void (*)(void))(uintptr_t)data_ret)();	/* data is NX */
	else if (strcmp(kind, "panic") == 0)
		panic("fault_test: panic requested on the command line");
	else if (strcmp(kind, "canary") == 0)
		smash_frame(16 + 16);
	else if (strcmp(kind, "stack") == 0 &&
		 thread_create("overflow", overflow_thread, 0))
		sleep_ns(10 * NSEC_PER_SEC);	/* the overflow panics first */
	else
		klog(LOG_WARN, "kernel: test_fault=%s: unknown kind\n", kind);
	klog(LOG_ERR, "kernel: test_fault=%s did not fault\n", kind);
}

/*
 * The first kernel thread after bring-up: runs the self-tests if the
 * command line asks for them, otherwise starts init (pid 1).
 */
static void main_thread(void *arg)
{
	const char *tests = cmdline_get(&cmdline, "selftest");
	int status, err;

	if (tests) {
		status = selftest_run(tests);
	} else {
		err = proc_start_init(cmdline.init_argv[0], cmdline.init_argv);
		if (err == 0)
			return;		/* init's exit powers off (proc.c) */
		klog(LOG_ERR, "kernel: cannot run %s as init (error %d)\n",
		     cmdline.init_argv[0], err);
		status = 127;
	}
	klog(LOG_INFO, "kernel: init exited with status %d\n", status);
	log_flush_screen();
	acpi_poweroff();
	klog(LOG_ERR, "kernel: poweroff failed; halting\n");
	log_flush_screen();
	cpu_halt_forever();
}

/* The flavour's debugging checks (Makefile: DEBUG=1, SANITIZE=1). */
#ifdef KERNEL_DEBUG
#define CHECKS_DEBUG	" debug"
#else
#define CHECKS_DEBUG	""
#endif
#ifdef KERNEL_UBSAN
#define CHECKS_UBSAN	" ubsan"
#else
#define CHECKS_UBSAN	""
#endif
#define BUILD_CHECKS	CHECKS_DEBUG CHECKS_UBSAN

/* Not stack-protected: the guard changes while this frame is live. */
__attribute__((no_stack_protector)) void kmain(uint64_t bootinfo_pa)
{
	const char *fault;

	percpu_init_boot();
	uart_init();
	accept_bootinfo(bootinfo_pa);
	fbcon_init(&bi.fb);
	klog(LOG_INFO, "kernel: starting\n");
	if (BUILD_CHECKS[0])
		klog(LOG_INFO, "kernel: built with checks:%s\n", BUILD_CHECKS);

	gdt_init(&boot_cpu);
	trap_init();
	if (ksym_init(P2V(bi.kernel_file), bi.kernel_file_size))
		klog(LOG_WARN, "kernel: no symbol table; backtraces show addresses\n");
	cpu_detect();
	stack_guard_init();	/* RDRAND is known now */
	cpu_report();
	parse_cmdline();
	report_boot();
	setup_memory();
	acpi_init(bi.rsdp, bi.rsdp_revision);
	if (cmdline_get(&cmdline, "acpidump"))
		acpi_dump();
	irq_init();
	timer_init();
	time_init_realtime();
	fpu_init();
	syscall_init();
	sched_init();
	futex_init();
	vfs_init(P2V(bi.files), bi.file_count);	/* sleeps on mutexes */
	timer_start_tick(HZ);
	sti();
	log_start_flusher();
	tlb_init();
	smp_init(memmap, memmap_count);
	uart_enable_input();
	pci_init();
	xhci_init();		/* before the PS/2 controller is touched */
	kbd_init();
	power_init();
	itimer_init();

#ifdef KERNEL_DEBUG
	failinject_init(cmdline_get(&cmdline, "fail_alloc"));
#else
	if (cmdline_get(&cmdline, "fail_alloc"))
		klog(LOG_WARN, "kernel: fail_alloc needs a DEBUG=1 kernel\n");
#endif
	fault = cmdline_get(&cmdline, "test_fault");
	if (fault)
		fault_test(fault);

	klog(LOG_INFO, "kernel: boot complete\n");
	/* Pinned: the self-tests count this CPU's timer interrupts. */
	if (!thread_create_pinned("main", main_thread, 0, 0))
		panic("kmain: cannot create the main thread");
	thread_exit();		/* the boot stack is not used again */
}
