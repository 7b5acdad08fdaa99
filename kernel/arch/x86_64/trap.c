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
#include "../../errno.h"
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
	idt[T_BREAKPOINT].type_attr |= IDT_DPL3;	/* int3 in user code */
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

/* The SIGFPE code of a SIMD exception, from MXCSR's unmasked flags. */
static int simd_code(void)
{
	uint32_t mxcsr, flags;

	__asm__ volatile("stmxcsr %0" : "=m"(mxcsr));
	flags = mxcsr & 0x3f & ~(mxcsr >> 7);
	if (flags & 0x01)
		return FPE_FLTINV;
	if (flags & 0x04)
		return FPE_FLTDIV;
	if (flags & 0x08)
		return FPE_FLTOVF;
	if (flags & 0x12)
		return FPE_FLTUND;
	if (flags & 0x20)
		return FPE_FLTRES;
	return SI_KERNEL;
}

/* An exception in user mode: resolve a page fault, or turn it into the
   signal Linux sends for it (with its si_code and si_addr). */
static void user_fault(struct trapframe *tf)
{
	struct thread *t = thread_current();
	struct proc *p = t->proc;
	uint64_t addr = read_cr2(), si_addr = 0;
	int sig = SIGSEGV, code = SI_KERNEL, err;

	if (tf->vector == T_PAGE_FAULT) {
		sti();
		err = vm_fault(p->vm, addr, tf->error & PF_WRITE,
			       tf->error & PF_FETCH);
		if (err == -ENOMEM && proc_oom_kill(p)) {
			sleep_ns(10 * 1000000);	/* memory is being freed */
			err = 0;		/* fault again */
		}
		cli();
		if (err == 0)
			return;
		if (err == -ENOMEM) {
			klog(LOG_WARN, "proc: %s[%d]: out of memory at %lx: "
			     "killed\n", p->name, p->pid, addr);
			proc_die(SIGKILL);
		}
		code = err == -EACCES ? SEGV_ACCERR : SEGV_MAPERR;
		si_addr = addr;
		if (err == -EIO) {	/* past the end of a mapped file */
			sig = SIGBUS;
			code = BUS_ADRERR;
		}
	}
	t->fault_vector = tf->vector;
	t->fault_error = tf->error;
	t->fault_addr = tf->vector == T_PAGE_FAULT ? addr : 0;
	t->fault_ip = tf->rip;
	switch (tf->vector) {
	case T_DIVIDE:
		sig = SIGFPE;
		code = FPE_INTDIV;
		si_addr = tf->rip;
		break;
	case T_X87:
		sig = SIGFPE;
		code = FPE_FLTINV;
		si_addr = tf->rip;
		break;
	case T_SIMD:
		sig = SIGFPE;
		code = simd_code();
		si_addr = tf->rip;
		break;
	case T_DEBUG:
		sig = SIGTRAP;
		code = TRAP_BRKPT;
		break;
	case T_BREAKPOINT:
		sig = SIGTRAP;		/* int3: SI_KERNEL, as Linux */
		break;
	case T_INVALID_OP:
		sig = SIGILL;
		code = ILL_ILLOPN;
		si_addr = tf->rip;
		break;
	case T_ALIGNMENT:
		sig = SIGBUS;
		code = BUS_ADRALN;
		break;
	case T_STACK:
	case T_NO_SEGMENT:
		sig = SIGBUS;
		break;
	default:			/* #GP and the rest: SIGSEGV, SI_KERNEL */
		break;
	}
	signal_force(sig, code, si_addr);
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
	if (p && p->vm && !thread_current()->pagefault_disabled) {
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
