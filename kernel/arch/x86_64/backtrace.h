/* Frame-pointer backtraces with symbol names, for panic reports. */
#pragma once

#include <stdint.h>

/* Print the frame at rip, then walk the RBP chain from rbp. */
void backtrace_print(uint64_t rip, uint64_t rbp);

/* Print the caller's backtrace. */
void backtrace_here(void);
