/*
 * System-call dispatch. The table is generated from shared/syscalls.def:
 * each entry is a small wrapper that passes the argument registers (RDI,
 * RSI, RDX, R10, R8, R9), converted to the declared types, to sys_NAME.
 * An unknown number returns -ENOSYS and is logged once (numbers past
 * the table once in all).
 */
#include "syscall.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/percpu.h"
#include "arch/x86_64/trap.h"
#include "arch/x86_64/vmlayout.h"
#include "errno.h"
#include "log.h"
#include "proc.h"
#include "thread.h"

#define MSR_STAR	0xc0000081
#define MSR_LSTAR	0xc0000082
#define MSR_FMASK	0xc0000084
#define EFER_SCE	(1UL << 0)
#define FMASK_BITS	(RFLAGS_IF | RFLAGS_AC | (1UL << 10) | (1UL << 8))
					/* IF, AC, DF, TF cleared on entry */

void syscall_entry(void);		/* syscall.S */

typedef long (*syscall_fn)(const struct trapframe *tf);

#define A1 tf->rdi
#define A2 tf->rsi
#define A3 tf->rdx
#define A4 tf->r10
#define A5 tf->r8
#define A6 tf->r9

#define SYSCALL0(nr, name) \
	static long call_##name(const struct trapframe *tf) \
	{ (void)tf; return sys_##name(); }
#define SYSCALL1(nr, name, t1, a1) \
	static long call_##name(const struct trapframe *tf) \
	{ return sys_##name((t1)A1); }
#define SYSCALL2(nr, name, t1, a1, t2, a2) \
	static long call_##name(const struct trapframe *tf) \
	{ return sys_##name((t1)A1, (t2)A2); }
#define SYSCALL3(nr, name, t1, a1, t2, a2, t3, a3) \
	static long call_##name(const struct trapframe *tf) \
	{ return sys_##name((t1)A1, (t2)A2, (t3)A3); }
#define SYSCALL4(nr, name, t1, a1, t2, a2, t3, a3, t4, a4) \
	static long call_##name(const struct trapframe *tf) \
	{ return sys_##name((t1)A1, (t2)A2, (t3)A3, (t4)A4); }
#define SYSCALL5(nr, name, t1, a1, t2, a2, t3, a3, t4, a4, t5, a5) \
	static long call_##name(const struct trapframe *tf) \
	{ return sys_##name((t1)A1, (t2)A2, (t3)A3, (t4)A4, (t5)A5); }
#define SYSCALL6(nr, name, t1, a1, t2, a2, t3, a3, t4, a4, t5, a5, t6, a6) \
	static long call_##name(const struct trapframe *tf) \
	{ return sys_##name((t1)A1, (t2)A2, (t3)A3, (t4)A4, (t5)A5, (t6)A6); }
#include "../shared/syscalls.def"
#undef SYSCALL0
#undef SYSCALL1
#undef SYSCALL2
#undef SYSCALL3
#undef SYSCALL4
#undef SYSCALL5
#undef SYSCALL6

#define ENTRY(nr, name) [nr] = { #name, call_##name },
#define SYSCALL0(nr, name) ENTRY(nr, name)
#define SYSCALL1(nr, name, ...) ENTRY(nr, name)
#define SYSCALL2(nr, name, ...) ENTRY(nr, name)
#define SYSCALL3(nr, name, ...) ENTRY(nr, name)
#define SYSCALL4(nr, name, ...) ENTRY(nr, name)
#define SYSCALL5(nr, name, ...) ENTRY(nr, name)
#define SYSCALL6(nr, name, ...) ENTRY(nr, name)
static const struct {
	const char *name;
	syscall_fn fn;
} table[SYSCALL_MAX] = {
#include "../shared/syscalls.def"
};

static uint8_t reported[SYSCALL_MAX / 8 + 1];	/* unknown numbers logged */
static uint8_t reported_beyond;		/* a number >= SYSCALL_MAX logged */

void syscall_init(void)
{
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
	/* SYSCALL loads CS = STAR[47:32], SS = +8; SYSRET loads CS =
	   STAR[63:48] + 16 and SS = STAR[63:48] + 8, with RPL 3. */
	wrmsr(MSR_STAR, ((uint64_t)(GDT_USER_CS32 | 3) << 48) |
			((uint64_t)GDT_KERNEL_CS << 32));
	wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
	wrmsr(MSR_FMASK, FMASK_BITS);
}

struct trapframe *syscall_frame(void)
{
	return (struct trapframe *)(thread_current()->kstack_top -
				    sizeof(struct trapframe));
}

static void unknown(uint64_t nr)
{
	if (nr < SYSCALL_MAX) {
		if (__atomic_fetch_or(&reported[nr / 8], 1 << nr % 8,
				      __ATOMIC_RELAXED) & (1 << nr % 8))
			return;
	} else if (__atomic_exchange_n(&reported_beyond, 1, __ATOMIC_RELAXED)) {
		return;
	}
	klog(LOG_WARN, "syscall: %s (pid %d) called unknown system call %lu\n",
	     proc_current()->name, proc_current()->pid, nr);
}

int syscall_handler(struct trapframe *tf)
{
	struct thread *t = thread_current();
	uint64_t nr = tf->rax;

	sti();		/* system calls run with interrupts on */
	t->frame_replaced = 0;
	t->syscall_nr = nr;		/* for restarts (signal.c) */
	if (nr < SYSCALL_MAX && table[nr].fn) {
		tf->rax = table[nr].fn(tf);
	} else {
		unknown(nr);
		tf->rax = -ENOSYS;
	}
	proc_user_return();
	/* SYSRET needs a canonical RIP; an exec'd frame goes by iretq. */
	return !t->frame_replaced && tf->rip < USER_TOP &&
	       tf->cs == (GDT_USER_CS | 3);
}
