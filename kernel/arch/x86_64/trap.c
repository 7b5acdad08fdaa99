/*
 * The IDT and the C side of every trap. CPU exceptions in kernel mode are
 * kernel bugs: they print a full report (vector, error code, fault
 * address, registers, symbolized backtrace) and stop the machine.
 * Hardware interrupts are dispatched once interrupt controllers exist.
 */
#include "trap.h"

#include "vmlayout.h"

#include "backtrace.h"
#include "percpu.h"
#include "cpu.h"
#include "gdt.h"
#include "irq.h"
#include "../../sched.h"
#include "../../thread.h"
#include "../../proc.h"
#include "../../signal.h"
#include "../../syscall.h"
#include "../../uaccess.h"
#include "../../vmspace.h"
#include "../../log.h"
#include "../../panic.h"

#define IDT_INTERRUPT_GATE	0xe	/* clears IF on entry */
#define IDT_PRESENT		0x80
#define IDT_DPL3		0x60	/* may be raised from ring 3 */

struct __attribute__((packed)) idt_gate {
	uint16_t offset_lo;
	uint16_t selector;
	uint8_t ist;
	uint8_t type_attr;
	uint16_t offset_mid;
	uint32_t offset_hi;
	uint32_t reserved;
};

_Static_assert(sizeof(struct idt_gate) == 16, "IDT gate");

extern const uint64_t trap_vectors[T_VECTORS];	/* vectors.S */

static struct idt_gate idt[T_VECTORS];

static const char *const exception_names[T_EXCEPTIONS] = {
	[T_DIVIDE] = "divide error",
	[T_DEBUG] = "debug",
	[T_NMI] = "non-maskable interrupt",
	[T_BREAKPOINT] = "breakpoint",
	[T_OVERFLOW] = "overflow",
	[T_BOUND] = "bound range exceeded",
	[T_INVALID_OP] = "invalid opcode",
	[T_NO_DEVICE] = "device not available",
	[T_DOUBLE_FAULT] = "double fault",
	[T_INVALID_TSS] = "invalid TSS",
	[T_NO_SEGMENT] = "segment not present",
	[T_STACK] = "stack-segment fault",
	[T_GENERAL_PROT] = "general protection fault",
	[T_PAGE_FAULT] = "page fault",
	[T_X87] = "x87 floating-point error",
	[T_ALIGNMENT] = "alignment check",
	[T_MACHINE_CHECK] = "machine check",
	[T_SIMD] = "SIMD floating-point error",
	[T_VIRT] = "virtualization exception",
	[T_CONTROL_PROT] = "control protection",
};

static void set_gate(int vec, uint64_t handler, int ist)
{
	struct idt_gate *g = &idt[vec];

	g->offset_lo = handler & 0xffff;
	g->selector = GDT_KERNEL_CS;
	g->ist = ist;
	g->type_attr = IDT_PRESENT | IDT_INTERRUPT_GATE;
	g->offset_mid = (handler >> 16) & 0xffff;
	g->offset_hi = handler >> 32;
	g->reserved = 0;
}

void trap_init(void)
{
	int i;

	for (i = 0; i < T_VECTORS; i++)
		set_gate(i, trap_vectors[i], 0);
	/* Faults that may come with a broken stack get stacks of their own. */
	idt[T_DOUBLE_FAULT].ist = IST_DOUBLE_FAULT;
	idt[T_NMI].ist = IST_NMI;
	idt[T_MACHINE_CHECK].ist = IST_MACHINE_CHECK;
	idt[T_SYSCALL].type_attr |= IDT_DPL3;
	trap_load();
}

void trap_load(void)
{
	struct desc_ptr p;

	p.limit = sizeof(idt) - 1;
	p.base = (uint64_t)idt;
	lidt(&p);
}

static const char *vector_name(uint64_t v)
{
	if (v < T_EXCEPTIONS && exception_names[v])
		return exception_names[v];
	return v < T_EXCEPTIONS ? "reserved exception" : "interrupt";
}

static void describe_page_fault(const struct trapframe *tf)
{
	uint64_t e = tf->error;

	klog(LOG_EMERG, "page fault at address %016lx: %s %s, %s page%s\n",
	     read_cr2(), e & PF_USER ? "user" : "kernel",
	     e & PF_FETCH ? "instruction fetch" : e & PF_WRITE ? "write" : "read",
	     e & PF_PRESENT ? "protection violation on a present" : "not-present",
	     e & PF_RSVD ? " (reserved bit set)" : "");
}

static void dump_registers(const struct trapframe *tf)
{
	klog(LOG_EMERG, "RIP %04lx:%016lx RFLAGS %016lx\n", tf->cs, tf->rip,
	     tf->rflags);
	klog(LOG_EMERG, "RSP %04lx:%016lx ERR %016lx\n", tf->ss, tf->rsp,
	     tf->error);
	klog(LOG_EMERG, "RAX %016lx RBX %016lx RCX %016lx\n", tf->rax, tf->rbx,
	     tf->rcx);
	klog(LOG_EMERG, "RDX %016lx RSI %016lx RDI %016lx\n", tf->rdx, tf->rsi,
	     tf->rdi);
	klog(LOG_EMERG, "RBP %016lx R8  %016lx R9  %016lx\n", tf->rbp, tf->r8,
	     tf->r9);
	klog(LOG_EMERG, "R10 %016lx R11 %016lx R12 %016lx\n", tf->r10, tf->r11,
	     tf->r12);
	klog(LOG_EMERG, "R13 %016lx R14 %016lx R15 %016lx\n", tf->r13, tf->r14,
	     tf->r15);
	klog(LOG_EMERG, "CR0 %016lx CR2 %016lx CR3 %016lx CR4 %016lx\n",
	     read_cr0(), read_cr2(), read_cr3(), read_cr4());
}

/* A kernel-mode exception: report everything and stop the machine. */
static __attribute__((noreturn)) void kernel_fault(struct trapframe *tf)
{
	panic_begin();
	klog(LOG_EMERG, "panic: exception %lu (%s) in kernel mode, error code %lx\n",
	     tf->vector, vector_name(tf->vector), tf->error);
	if (tf->vector == T_PAGE_FAULT)
		describe_page_fault(tf);
	if ((tf->vector == T_PAGE_FAULT || tf->vector == T_DOUBLE_FAULT) &&
	    thread_is_guard(read_cr2()))
		klog(LOG_EMERG, "kernel stack overflow: %016lx is in a stack guard\n",
		     read_cr2());
	if (this_cpu()->current)
		klog(LOG_EMERG, "thread %d (%s) on CPU %u\n",
		     this_cpu()->current->id, this_cpu()->current->name,
		     this_cpu()->id);
	dump_registers(tf);
	backtrace_print(tf->rip, tf->rbp, tf->rsp);
	panic_end();
}

static int signal_for(uint64_t vector)
{
	switch (vector) {
	case T_DIVIDE:
	case T_X87:
	case T_SIMD:
		return SIGFPE;
	case T_DEBUG:
	case T_BREAKPOINT:
		return SIGTRAP;
	case T_INVALID_OP:
		return SIGILL;
	case T_ALIGNMENT:
		return SIGBUS;
	default:
		return SIGSEGV;
	}
}

/* An exception in user mode: resolve a page fault, or end the process
   with the matching signal (delivery to handlers comes later). */
static void user_fault(struct trapframe *tf)
{
	struct proc *p = proc_current();
	uint64_t addr = read_cr2();
	int sig;

	if (tf->vector == T_PAGE_FAULT) {
		int err;

		sti();
		err = vm_fault(p->vm, addr, tf->error & PF_WRITE,
			       tf->error & PF_FETCH);
		cli();
		if (err == 0)
			return;
	}
	sig = signal_for(tf->vector);
	klog(LOG_INFO, "proc: %s[%d]: %s at %lx ip %lx sp %lx error %lx\n",
	     p->name, p->pid, vector_name(tf->vector),
	     tf->vector == T_PAGE_FAULT ? addr : 0, tf->rip, tf->rsp, tf->error);
	proc_die(sig);
}

/* A kernel page fault on a user address inside uaccess.S: resolve it
   like the user's own fault, else resume at the fix-up (-EFAULT).
   Returns 0 if it was not such a fault. */
static int uaccess_fault(struct trapframe *tf)
{
	uint64_t addr = read_cr2(), fixup = uaccess_fixup(tf->rip);
	struct proc *p = proc_current();
	int err = 1;

	if (!fixup || addr >= USER_TOP)
		return 0;
	if (p && p->vm) {
		if (tf->rflags & RFLAGS_IF)
			sti();
		err = vm_fault(p->vm, addr, tf->error & PF_WRITE, 0);
		cli();
	}
	if (err)
		tf->rip = fixup;
	return 1;
}

void trap(struct trapframe *tf)
{
	int from_user = (tf->cs & 3) == 3;

	if (tf->vector == T_NMI && panic_in_progress())
		cpu_halt_forever();	/* another CPU panicked: stop here */
	if (tf->vector == T_SYSCALL && from_user) {
		syscall_handler(tf);	/* enables interrupts ... */
		cli();			/* ... which the way out must not see */
		return;
	}
	if (tf->vector < T_EXCEPTIONS) {
		if (from_user)
			user_fault(tf);
		else if (!(tf->vector == T_PAGE_FAULT && uaccess_fault(tf)))
			kernel_fault(tf);
	} else {
		irq_dispatch(tf);
	}
	if (from_user) {
		sti();
		proc_user_return();
		cli();
	} else if (tf->rflags & RFLAGS_IF) {
		/* Preempt only code that ran with interrupts on: it held no
		   spinlock. */
		sched_preempt_check();
	}
}
