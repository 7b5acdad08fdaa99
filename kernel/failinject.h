/*
 * Fault injection for debugging kernels (DEBUG=1): allocations of frames
 * (pmm) and heap objects (kmalloc) fail at a chosen rate, so that the
 * error paths behind them run. Only the processes that asked for it see
 * failures, as in Linux: those with /proc/PID/make-it-fail set, which
 * fork passes on and exec keeps. The rate comes from the command line,
 * fail_alloc=N: one allocation in N fails (0, the default: none).
 * /proc/kstat counts the failures made (injected_failures).
 */
#pragma once

#include <stdint.h>

#ifdef KERNEL_DEBUG
/* Take the rate from the command line's fail_alloc value (NULL: off). */
void failinject_init(const char *arg);
/* Should the allocation being made now fail? */
int failinject_alloc(void);
uint64_t failinject_count(void);
#else
static inline int failinject_alloc(void) { return 0; }
#endif
