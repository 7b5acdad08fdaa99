/*
 * Signal frames on the user stack, laid out as Linux's x86_64
 * rt_sigframe (arch/x86/include/asm/sigframe.h) so that C libraries'
 * handlers and restorers work unchanged:
 *
 *   higher addresses   FPU/SSE/AVX state (XSAVE layout, 64-byte aligned,
 *                      with the FP_XSTATE magic words)
 *                      struct ksiginfo
 *                      struct ucontext (flags, link, stack_t, sigcontext,
 *                      the mask to restore)
 *   rsp at entry  ->   return address: the restorer (SA_RESTORER)
 *
 * The handler runs with rdi = signal, rsi = &siginfo, rdx = &ucontext,
 * (rsp + 8) 16-byte aligned, and a clean FPU state.
 */
#pragma once

#include <stdint.h>

struct trapframe;
struct ksiginfo;
struct k_sigaction;

/* Push a frame for sig on the stack the action asks for and point tf at
   the handler. oldmask is what rt_sigreturn will restore. Returns 0, or
   -EFAULT when the frame cannot be written (the caller kills). */
int sigframe_setup(struct trapframe *tf, int sig, const struct ksiginfo *info,
		   const struct k_sigaction *act, uint64_t oldmask);

/* rt_sigreturn: reload tf, the signal mask, the FPU state and the
   alternate stack from the frame below tf->rsp. 0, or -EFAULT for a
   frame that cannot be read or restored (the caller kills). */
int sigframe_restore(struct trapframe *tf);
