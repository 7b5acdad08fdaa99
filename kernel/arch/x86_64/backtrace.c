/*
 * Stack walking by frame pointers (the kernel is built with
 * -fno-omit-frame-pointer): each frame holds the caller's RBP at [rbp]
 * and the return address at [rbp + 8]. Every frame pointer is checked to
 * be mapped before it is read, so a corrupt stack ends the walk instead
 * of faulting inside the panic report.
 */
#include "backtrace.h"

#include "cpu.h"
#include "../../ksym.h"
#include "../../log.h"
#include "../../vm.h"

#define MAX_FRAMES	32

static void print_frame(int n, uint64_t addr)
{
	uint64_t off;
	const char *name = ksym_lookup(addr, &off);

	if (name)
		klog(LOG_EMERG, "  #%-2d %016lx %s+0x%lx\n", n, addr, name, off);
	else
		klog(LOG_EMERG, "  #%-2d %016lx ?\n", n, addr);
}

void backtrace_print(uint64_t rip, uint64_t rbp, uint64_t rsp)
{
	uint64_t off;
	int n = 0;

	klog(LOG_EMERG, "backtrace:\n");
	print_frame(n++, rip);
	/* A call through a bad pointer lands in no function and before any
	   frame was built: the caller's return address is at [rsp]. */
	if (rsp && !ksym_lookup(rip, &off) && vm_kernel_readable(rsp, 8) &&
	    ksym_lookup(*(uint64_t *)rsp, &off))
		print_frame(n++, *(uint64_t *)rsp - 1);
	while (n < MAX_FRAMES && rbp && (rbp & 7) == 0 &&
	       vm_kernel_readable(rbp, 16)) {
		uint64_t ret = ((uint64_t *)rbp)[1];
		uint64_t next = ((uint64_t *)rbp)[0];

		if (ret == 0)
			break;
		/* A call site is one byte or more before the return address. */
		print_frame(n++, ret - 1);
		if (next <= rbp)	/* stacks grow down: callers are above */
			break;
		rbp = next;
	}
	klog(LOG_EMERG, "backtrace end\n");
}

void backtrace_here(void)
{
	/* Start at our caller: its return address and its saved frame. */
	backtrace_print((uint64_t)__builtin_return_address(0),
			*(uint64_t *)read_rbp(), 0);
}
