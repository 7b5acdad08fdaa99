/*
 * The stack protector (-fstack-protector-strong): a function with a local
 * array or an address-taken local puts __stack_chk_guard below its
 * return address and checks it before returning; an overwritten copy
 * means a buffer ran over the frame, and the kernel panics before the
 * return address is used. The guard is random, chosen once early in
 * kmain: a protected function that returned before then checked the old
 * guard both ways, and kmain itself, live across the change, is not
 * protected.
 */
#include "stackprot.h"

#include "ksym.h"
#include "panic.h"
#include "random.h"

uint64_t __stack_chk_guard;

/* Not protected either: v's address is taken, and the guard changes
   while this frame is live. */
__attribute__((no_stack_protector)) void stack_guard_init(void)
{
	uint64_t v;

	random_bytes(&v, sizeof(v));
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
