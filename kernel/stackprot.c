/*
 * The stack protector (-fstack-protector-strong): a function with a local
 * array or an address-taken local puts __stack_chk_guard below its
 * return address and checks it before returning; an overwritten copy
 * means a buffer ran over the frame, and the kernel panics before the
 * return address is used. The guard is random, chosen once at the very
 * start of kmain, before any protected function has run.
 */
#include "stackprot.h"

#include "arch/x86_64/cpu.h"
#include "ksym.h"
#include "panic.h"

#define CPUID1_ECX_RDRAND	(1u << 30)

uint64_t __stack_chk_guard;

static int rdrand(uint64_t *v)
{
	int i;
	uint8_t ok;

	for (i = 0; i < 10; i++) {
		__asm__ volatile("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok));
		if (ok)
			return 1;
	}
	return 0;
}

__attribute__((no_stack_protector)) void stack_guard_init(void)
{
	uint32_t a, b, c, d;
	uint64_t v = 0;

	__asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d)
			 : "a"(1), "c"(0));
	if (!(c & CPUID1_ECX_RDRAND) || !rdrand(&v))
		v = rdtsc() * 0x9e3779b97f4a7c15ULL;	/* weak, but varies */
	/* A zero low byte, as glibc's: a string copy running over the
	   frame stops at it and cannot write the guard back. */
	__stack_chk_guard = v & ~0xffULL;
}

__attribute__((noreturn)) void __stack_chk_fail(void)
{
	/* The call's own address (as backtraces show it): the return
	   address may already be past the function's end. */
	uint64_t at = (uint64_t)__builtin_return_address(0) - 1, off = 0;
	const char *fn = ksym_lookup(at, &off);

	panic("stack protector: the stack frame of %s+%#lx was overwritten "
	      "(a buffer overflow)", fn ? fn : "?", fn ? off : at);
}
