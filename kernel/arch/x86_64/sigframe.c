/* Linux-compatible signal frames (see sigframe.h). */
#include "sigframe.h"

#include <stddef.h>

#include "fpu.h"
#include "cpu.h"
#include "gdt.h"
#include "trap.h"
#include "vmlayout.h"
#include "../../errno.h"
#include "../../kmalloc.h"
#include "../../signal.h"
#include "../../string.h"
#include "../../thread.h"
#include "../../uaccess.h"

#define UC_FP_XSTATE		0x1
#define UC_SIGCONTEXT_SS	0x2
#define UC_STRICT_RESTORE_SS	0x4
#define FP_XSTATE_MAGIC1	0x46505853u
#define FP_XSTATE_MAGIC2	0x46505845u
#define FX_SW_BYTES		464	/* software-reserved part of FXSAVE */
#define REDZONE			128	/* below rsp, the ABI's to keep */

/* RFLAGS bits a handler's return may change (Linux's FIX_EFLAGS). */
#define RF_CF	(1UL << 0)
#define RF_PF	(1UL << 2)
#define RF_AF	(1UL << 4)
#define RF_ZF	(1UL << 6)
#define RF_SF	(1UL << 7)
#define RF_TF	(1UL << 8)
#define RF_DF	(1UL << 10)
#define RF_OF	(1UL << 11)
#define RF_RF	(1UL << 16)
#define RF_AC	(1UL << 18)
#define FIX_EFLAGS	(RF_AC | RF_OF | RF_DF | RF_TF | RF_SF | RF_ZF | RF_AF | \
			 RF_PF | RF_CF | RF_RF)

struct sigcontext_user {
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, eflags;
	uint16_t cs, gs, fs, ss;
	uint64_t err, trapno, oldmask, cr2;
	uint64_t fpstate;		/* user address of the FPU state, or 0 */
	uint64_t reserved1[8];
};

struct ucontext_user {
	uint64_t flags;
	uint64_t link;
	struct stack_user stack;
	struct sigcontext_user mcontext;
	uint64_t sigmask;
};

struct rt_sigframe {
	uint64_t pretcode;
	struct ucontext_user uc;
	struct ksiginfo info;
};

struct fpx_sw_bytes {
	uint32_t magic1;
	uint32_t extended_size;		/* state + MAGIC2 */
	uint64_t xfeatures;
	uint32_t xstate_size;
	uint32_t padding[7];
};

_Static_assert(sizeof(struct sigcontext_user) == 256, "sigcontext");
_Static_assert(sizeof(struct ucontext_user) == 304, "ucontext");
_Static_assert(sizeof(struct rt_sigframe) == 440, "rt_sigframe");
_Static_assert(sizeof(struct fpx_sw_bytes) == 48, "_fpx_sw_bytes");

static int canonical(uint64_t a)
{
	return a < USER_TOP || a >= 0xffff800000000000UL;
}

/* Write the thread's FPU state at fp in the sigframe format. */
static int save_fpu(struct thread *t, uint64_t fp)
{
	uint32_t size = fpu_size(), magic2 = FP_XSTATE_MAGIC2;
	struct fpx_sw_bytes sw;

	fpu_save(t->fpu);		/* the live registers are the user's */
	if (copy_to_user(fp, t->fpu, size))
		return -EFAULT;
	memset(&sw, 0, sizeof(sw));
	if (fpu_features()) {
		sw.magic1 = FP_XSTATE_MAGIC1;
		sw.extended_size = size + sizeof(magic2);
		sw.xfeatures = fpu_features();
		sw.xstate_size = size;
		if (copy_to_user(fp + size, &magic2, sizeof(magic2)))
			return -EFAULT;
	}
	return copy_to_user(fp + FX_SW_BYTES, &sw, sizeof(sw)) ? -EFAULT : 0;
}

int sigframe_setup(struct trapframe *tf, int sig, const struct ksiginfo *info,
		   const struct k_sigaction *act, uint64_t oldmask)
{
	struct thread *t = thread_current();
	uint64_t sp = tf->rsp - REDZONE, fp;
	uint64_t fsize = fpu_size() + (fpu_features() ? 4 : 0);
	int onstack = signal_on_altstack(t, tf->rsp);
	struct rt_sigframe f;
	struct sigcontext_user *mc = &f.uc.mcontext;

	if (!(act->flags & SA_RESTORER))
		return -EFAULT;		/* x86_64 has no default restorer */
	if ((act->flags & SA_ONSTACK) && signal_altstack_flags(t, sp) == 0) {
		sp = t->altstack.sp + t->altstack.size;
		onstack = 1;
	}
	fp = (sp - fsize) & ~63UL;
	sp = ((fp - sizeof(f)) & ~15UL) - 8;
	if (onstack && !signal_on_altstack(t, sp))
		return -EFAULT;		/* it would overflow the alt stack */
	if (save_fpu(t, fp))
		return -EFAULT;

	memset(&f, 0, sizeof(f));
	f.pretcode = act->restorer;
	f.uc.flags = UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS |
		     (fpu_features() ? UC_FP_XSTATE : 0);
	f.uc.stack.sp = t->altstack.sp;
	f.uc.stack.flags = signal_altstack_flags(t, tf->rsp) |
			   (t->altstack.flags & SS_AUTODISARM);
	f.uc.stack.size = t->altstack.size;
	mc->r8 = tf->r8;
	mc->r9 = tf->r9;
	mc->r10 = tf->r10;
	mc->r11 = tf->r11;
	mc->r12 = tf->r12;
	mc->r13 = tf->r13;
	mc->r14 = tf->r14;
	mc->r15 = tf->r15;
	mc->rdi = tf->rdi;
	mc->rsi = tf->rsi;
	mc->rbp = tf->rbp;
	mc->rbx = tf->rbx;
	mc->rdx = tf->rdx;
	mc->rax = tf->rax;
	mc->rcx = tf->rcx;
	mc->rsp = tf->rsp;
	mc->rip = tf->rip;
	mc->eflags = tf->rflags;
	mc->cs = tf->cs;
	mc->ss = tf->ss;
	mc->err = t->fault_error;
	mc->trapno = t->fault_vector;
	mc->oldmask = oldmask;
	mc->cr2 = t->fault_addr;
	mc->fpstate = fp;
	f.uc.sigmask = oldmask;
	f.info = *info;
	if (copy_to_user(sp, &f, sizeof(f)))
		return -EFAULT;

	tf->rdi = sig;
	tf->rsi = sp + offsetof(struct rt_sigframe, info);
	tf->rdx = sp + offsetof(struct rt_sigframe, uc);
	tf->rax = 0;
	tf->rsp = sp;
	tf->rip = act->handler;
	tf->rflags &= ~(RF_DF | RF_RF | RF_TF);
	tf->cs = GDT_USER_CS | 3;
	tf->ss = GDT_USER_DS | 3;
	if (t->altstack.flags & SS_AUTODISARM) {
		t->altstack.sp = 0;
		t->altstack.size = 0;
		t->altstack.flags = SS_DISABLE;
	}
	/* The handler starts with a clean FPU, as on Linux. */
	fpu_reset(t->fpu);
	fpu_restore(t->fpu);
	return 0;
}

/* Load the FPU state saved at fp (0: none, reset it). */
static int restore_fpu(struct thread *t, uint64_t fp)
{
	struct fpx_sw_bytes sw;
	void *area;
	int err = -EFAULT;

	if (!fp) {
		fpu_reset(t->fpu);
		fpu_restore(t->fpu);
		return 0;
	}
	area = fpu_alloc();		/* clean state beyond what is copied */
	if (!area)
		return -EFAULT;
	if (copy_from_user(&sw, fp + FX_SW_BYTES, sizeof(sw)))
		goto out;
	if (fpu_features() && sw.magic1 == FP_XSTATE_MAGIC1 &&
	    sw.xstate_size == fpu_size()) {
		if (copy_from_user(area, fp, fpu_size()))
			goto out;
	} else {
		/* A legacy FXSAVE image: x87 and SSE only. */
		if (copy_from_user(area, fp, 512))
			goto out;
		if (fpu_features())
			memset((char *)area + 512, 0, 64);
		if (fpu_features())
			*(uint64_t *)((char *)area + 512) = 3 & fpu_features();
	}
	if (fpu_sanitize(area))
		goto out;
	fpu_copy(t->fpu, area);
	fpu_restore(t->fpu);
	err = 0;
out:
	fpu_free(area);
	return err;
}

int sigframe_restore(struct trapframe *tf)
{
	struct thread *t = thread_current();
	uint64_t frame = tf->rsp - 8;	/* the handler's ret took pretcode */
	struct ucontext_user uc;
	struct sigcontext_user *mc = &uc.mcontext;

	if (copy_from_user(&uc, frame + offsetof(struct rt_sigframe, uc),
			   sizeof(uc)))
		return -EFAULT;
	if (!canonical(mc->rip) || !canonical(mc->rsp))
		return -EFAULT;
	signal_set_mask(uc.sigmask);
	tf->r8 = mc->r8;
	tf->r9 = mc->r9;
	tf->r10 = mc->r10;
	tf->r11 = mc->r11;
	tf->r12 = mc->r12;
	tf->r13 = mc->r13;
	tf->r14 = mc->r14;
	tf->r15 = mc->r15;
	tf->rdi = mc->rdi;
	tf->rsi = mc->rsi;
	tf->rbp = mc->rbp;
	tf->rbx = mc->rbx;
	tf->rdx = mc->rdx;
	tf->rax = mc->rax;
	tf->rcx = mc->rcx;
	tf->rsp = mc->rsp;
	tf->rip = mc->rip;
	tf->rflags = (tf->rflags & ~FIX_EFLAGS) | (mc->eflags & FIX_EFLAGS) |
		     RFLAGS_IF;
	tf->cs = GDT_USER_CS | 3;
	tf->ss = GDT_USER_DS | 3;
	if (restore_fpu(t, mc->fpstate))
		return -EFAULT;
	signal_altstack(&uc.stack, NULL, tf->rsp);	/* errors ignored */
	return 0;
}
