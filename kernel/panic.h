/*
 * panic: the end for a broken kernel invariant. Prints the message and a
 * backtrace on every console, then stops the machine (never reboots).
 * Messages start with the name of the function that found the problem.
 */
#pragma once

__attribute__((noreturn, format(printf, 1, 2)))
void panic(const char *fmt, ...);

/* Has any CPU panicked? (Other CPUs are then stopped by an NMI.) */
int panic_in_progress(void);

/* For reports built in several calls (trap.c): begin, print, end. */
void panic_begin(void);
__attribute__((noreturn)) void panic_end(void);

#define KASSERT(cond)							\
	do {								\
		if (!(cond))						\
			panic("%s: assertion failed: %s (%s:%d)",	\
			      __func__, #cond, __FILE__, __LINE__);	\
	} while (0)

/* Invariants checked on hot paths by debugging kernels (DEBUG=1) only;
   elsewhere the condition is compiled but never run. */
#ifdef KERNEL_DEBUG
#define DEBUG_KASSERT(cond)	KASSERT(cond)
#else
#define DEBUG_KASSERT(cond)	do { if (0 && (cond)) {} } while (0)
#endif
